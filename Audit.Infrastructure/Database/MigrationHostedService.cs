using Microsoft.Extensions.Hosting;

namespace Audit.Infrastructure.Database;

/// <summary>Brings the schema up to date before anything else starts (registered first).</summary>
public sealed class MigrationHostedService(MigrationRunner runner) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => runner.ApplyAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
