using Audit.Api.Queries;
using Audit.Infrastructure.Database;
using Audit.Infrastructure.Parsing;
using Audit.Infrastructure.Partitions;
using Hangfire;

namespace Audit.Api.Hosting;

/// <summary>
/// Runs after the migrations: loads the cursor key, makes today's partitions (the recurring job keeps
/// them ahead) and registers the recurring jobs.
/// </summary>
public sealed class StartupTasks(ServiceSecrets secrets, CursorCodec cursors, IServiceProvider services, IRecurringJobManager recurring) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        cursors.SetKey(await secrets.GetOrCreateAsync("cursor-hmac", 32, cancellationToken));
        using (var scope = services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<PartitionMaintenanceJob>().RunAsync(cancellationToken);
        }

        recurring.AddOrUpdate<PartitionMaintenanceJob>("partition-maintenance", j => j.RunAsync(CancellationToken.None), Cron.Hourly());
        // The sweep catches batches whose signal was lost (a crash between commit and enqueue).
        recurring.AddOrUpdate<ParseJob>("parse-sweep", ParseDispatcher.Queue, j => j.RunAsync(0, CancellationToken.None), Cron.Minutely());
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
