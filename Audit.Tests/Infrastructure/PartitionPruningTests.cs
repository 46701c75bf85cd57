using Audit.Api.Endpoints;
using Audit.Api.Queries;
using Audit.Infrastructure.Database;
using Audit.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Audit.Tests.Infrastructure;

/// <summary>
/// The main queries touch only the day partitions of their window: EXPLAIN of the real SQL the API
/// sends must not list partitions outside it.
/// </summary>
public sealed class PartitionPruningTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 11, 20, 12, 0, 0, TimeSpan.Zero);
    private TestDatabase _db = null!;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync("audit_prune");
        for (var d = -10; d <= 2; d++)
        {
            foreach (var table in EventKind.All.Select(k => k.Table).Concat(["unparsed_lines", "raw_lines"]))
            {
                await _db.ExecAsync("SELECT audit_ensure_partition(@t, @d)", ("t", table), ("d", DateOnly.FromDateTime(Now.UtcDateTime).AddDays(d)));
            }
        }
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task Commands_page_for_a_user_scans_only_the_windows_partitions()
    {
        await using var ctx = Context();
        var q = new CommandQuery(null, "alice", null, null, 100, null, null, null);
        await using var command = CommandEndpoints.Filter(ctx, q, Now.AddHours(-24), Now).OrderByDescending(c => c.OccurredAt).Take(101).CreateDbCommand();
        var plan = await Explain(command.CommandText, command.Parameters.Cast<Npgsql.NpgsqlParameter>().Select(p => p.Clone()).ToList());
        Assert.Contains("commands_p20261120", plan, StringComparison.Ordinal);
        Assert.Contains("commands_p20261119", plan, StringComparison.Ordinal);
        Assert.DoesNotContain("commands_p20261115", plan, StringComparison.Ordinal);
        Assert.DoesNotContain("commands_default", plan, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_over_a_week_touches_seven_or_eight_days_of_each_table()
    {
        var (sql, parameters) = UnionQuery.Build(EventKind.All, new UnionQuery.Filters(Now.AddDays(-7), Now, null, null, "%needle%", null, 101));
        var plan = await Explain(sql, parameters);
        Assert.Contains("commands_p20261113", plan, StringComparison.Ordinal);
        Assert.DoesNotContain("commands_p20261112", plan, StringComparison.Ordinal);
        Assert.DoesNotContain("sudo_events_p20261111", plan, StringComparison.Ordinal);
        Assert.DoesNotContain("app_events_p20261121", plan, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Timeline_for_a_host_prunes_every_branch()
    {
        var (sql, parameters) = UnionQuery.Build(EventKind.All, new UnionQuery.Filters(Now.AddHours(-2), Now, "web-1", null, null, null, 101));
        var plan = await Explain(sql, parameters);
        foreach (var k in EventKind.All)
        {
            Assert.Contains($"{k.Table}_p20261120", plan, StringComparison.Ordinal);
            Assert.DoesNotContain($"{k.Table}_p20261119", plan, StringComparison.Ordinal);
        }
    }

    private AuditDbContext Context()
    {
        var services = new ServiceCollection();
        services.AddDbContext<AuditDbContext>(o => o.UseNpgsql(_db.DataSource).UseSnakeCaseNamingConvention());
        return services.BuildServiceProvider().GetRequiredService<AuditDbContext>();
    }

    /// <summary>EXPLAIN with the parameters bound, as the API sends them (a custom plan prunes at plan time).</summary>
    private async Task<string> Explain(string sql, List<Npgsql.NpgsqlParameter> parameters)
    {
        await using var cmd = _db.DataSource.CreateCommand("EXPLAIN " + sql);
        cmd.Parameters.AddRange(parameters.ToArray());
        await using var r = await cmd.ExecuteReaderAsync();
        var lines = new List<string>();
        while (await r.ReadAsync()) lines.Add(r.GetString(0));
        return string.Join('\n', lines);
    }
}
