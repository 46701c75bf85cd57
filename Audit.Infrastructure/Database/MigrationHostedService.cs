using Microsoft.Extensions.Hosting;

namespace Audit.Infrastructure.Database;

/// <summary>
/// Brings the schema up to date before anything else starts (registered first) — only with the owner
/// connection; without it the operator runs <c>dotnet Audit.Api.dll migrate</c> and /health says
/// whether the schema is current.
/// </summary>
public sealed class MigrationHostedService(MigrationRunner runner, OwnerDataSource owner) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => owner.DataSource is null ? Task.CompletedTask : runner.ApplyAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
