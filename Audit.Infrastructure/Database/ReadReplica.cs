using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Audit.Infrastructure.Database;

/// <summary>When reads may use the standby of <c>ConnectionStrings:AuditRead</c>.</summary>
public sealed class ReadReplicaOptions
{
    public const string Section = "ReadReplica";

    /// <summary>Reads go to the primary while the standby is further behind than this; 0 keeps them on the standby however far behind it is.</summary>
    [Range(0, 86_400)]
    public double MaxLagSeconds { get; set; } = 30;

    /// <summary>How long the standby may take to say how far behind it is before a read goes to the primary.</summary>
    [Range(100, 60_000)]
    public int ProbeTimeoutMs { get; set; } = 2000;

    /// <summary>After the standby failed to answer, reads go straight to the primary for this long before it is tried again.</summary>
    [Range(0, 3600)]
    public int RetrySeconds { get; set; } = 5;
}

/// <param name="Serving">"replica" when reads are answered by the standby now, "primary" when they fall back.</param>
/// <param name="Reachable">Whether the standby answered the probe.</param>
/// <param name="InRecovery">True for a standby (<c>pg_is_in_recovery()</c>); false when AuditRead names a primary (a promoted standby).</param>
/// <param name="LagSeconds">How far the standby's data is behind the primary: 0 when it has replayed all the WAL it received while streaming, else the age of its last replayed commit (<c>pg_last_xact_replay_timestamp()</c>); null when unknown.</param>
/// <param name="ReplayPaused">Whether replay is paused on the standby (<c>pg_wal_replay_pause()</c>).</param>
/// <param name="Problem">Why reads fall back to the primary, when they do.</param>
public sealed record ReplicaState(string Serving, bool Reachable, bool? InRecovery, double? LagSeconds, bool? ReplayPaused, string? Problem)
{
    public bool ServesReads => Serving == "replica";
}

/// <summary>
/// The hot standby that queries, exports and the console read (<c>ConnectionStrings:AuditRead</c>),
/// with its own data source and pool of read contexts. Absent (<see cref="DataSource"/> null) when
/// the setting is not given: then every read goes to the primary as before. Nothing is ever written
/// through it; the query log, keys, sessions and every other write keep the primary's data source.
/// </summary>
public sealed class ReadReplica : IAsyncDisposable
{
    public const string ConnectionName = "AuditRead";

    // The lag as its readers would see it: a standby that has replayed all it received from a live
    // walreceiver is current; otherwise its data is as old as the last commit it replayed.
    private const string ProbeSql = """
        SELECT pg_is_in_recovery(),
               CASE WHEN pg_is_in_recovery() THEN pg_is_wal_replay_paused() ELSE false END,
               CASE WHEN NOT pg_is_in_recovery() THEN 0::float8
                    WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() AND EXISTS (SELECT 1 FROM pg_stat_wal_receiver) THEN 0::float8
                    ELSE extract(epoch FROM clock_timestamp() - pg_last_xact_replay_timestamp())::float8 END
        """;

    private readonly ReadReplicaOptions _options;
    private readonly TimeProvider _time;
    private long _skipUntilTicks;

    public ReadReplica(NpgsqlDataSource? dataSource, IOptions<ReadReplicaOptions> options, TimeProvider time)
    {
        DataSource = dataSource;
        _options = options.Value;
        _time = time;
        // The same model and behaviour as the primary's pool in AddAuditInfrastructure.
        Contexts = dataSource is null ? null : new PooledDbContextFactory<AuditDbContext>(new DbContextOptionsBuilder<AuditDbContext>()
            .UseNpgsql(dataSource)
            .UseSnakeCaseNamingConvention()
            .UseQueryTrackingBehavior(QueryTrackingBehavior.NoTracking)
            .Options);
    }

    public NpgsqlDataSource? DataSource { get; }

    public IDbContextFactory<AuditDbContext>? Contexts { get; }

    /// <summary>
    /// Where a read should go now, and the standby's state; null when no standby is configured.
    /// A standby that does not answer is left alone for <c>RetrySeconds</c>, so that reads do not each
    /// wait for it.
    /// </summary>
    public async Task<ReplicaState?> ProbeAsync(CancellationToken ct)
    {
        if (DataSource is null) return null;
        if (_time.GetUtcNow().UtcTicks < Interlocked.Read(ref _skipUntilTicks))
        {
            return new ReplicaState("primary", false, null, null, null, "the standby did not answer a moment ago");
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(_options.ProbeTimeoutMs);
        try
        {
            await using var cmd = DataSource.CreateCommand(ProbeSql);
            await using var r = await cmd.ExecuteReaderAsync(timeout.Token);
            await r.ReadAsync(timeout.Token);
            var (inRecovery, paused, lag) = (r.GetBoolean(0), r.GetBoolean(1), r.IsDBNull(2) ? (double?)null : Math.Max(0, r.GetDouble(2)));
            var problem = _options.MaxLagSeconds == 0 ? null
                : lag is null ? "the standby has not replayed a commit yet: its lag is unknown"
                : lag > _options.MaxLagSeconds ? string.Create(CultureInfo.InvariantCulture, $"the standby is {lag:0.###} s behind (ReadReplica:MaxLagSeconds {_options.MaxLagSeconds})")
                : null;
            return new ReplicaState(problem is null ? "replica" : "primary", true, inRecovery, lag, paused, problem);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException || (e is OperationCanceledException && !ct.IsCancellationRequested))
        {
            Interlocked.Exchange(ref _skipUntilTicks, _time.GetUtcNow().AddSeconds(_options.RetrySeconds).UtcTicks);
            return new ReplicaState("primary", false, null, null, null, $"the standby did not answer: {e.Message}");
        }
    }

    public ValueTask DisposeAsync() => DataSource?.DisposeAsync() ?? ValueTask.CompletedTask;
}
