using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Audit.Infrastructure.Ingest;

/// <summary>
/// Keeps a fresh reading of the parse backlog and of whether PostgreSQL answers, so that ingest can
/// push back (503 + Retry-After) without a query per request.
/// </summary>
public sealed class BacklogMonitor(NpgsqlDataSource dataSource, IOptions<IngestOptions> options, ILogger<BacklogMonitor> logger) : BackgroundService
{
    private long _backlogLines;
    private volatile bool _databaseUp = true;

    public long BacklogLines => Interlocked.Read(ref _backlogLines);

    public bool DatabaseUp => _databaseUp;

    /// <summary>True when ingest should refuse new work for now.</summary>
    public bool Overloaded => !_databaseUp || BacklogLines > options.Value.MaxBacklogLines;

    /// <summary>Records a failed database call seen elsewhere, so the next requests push back at once.</summary>
    public void ReportDatabaseDown() => _databaseUp = false;

    public async Task RefreshAsync(CancellationToken ct)
    {
        try
        {
            await using var conn = await dataSource.OpenConnectionAsync(ct);
            await using var cmd = new NpgsqlCommand("SELECT coalesce(sum(line_count), 0)::bigint FROM parse_queue WHERE quarantined_at IS NULL", conn);
            var value = (long)(await cmd.ExecuteScalarAsync(ct))!;
            Interlocked.Exchange(ref _backlogLines, value);
            _databaseUp = true;
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or System.Net.Sockets.SocketException)
        {
            if (_databaseUp) logger.LogWarning(e, "PostgreSQL is not answering; ingest pushes back until it does");
            _databaseUp = false;
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(500));
        do
        {
            await RefreshAsync(stoppingToken);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
