using Audit.Infrastructure.Partitions;
using Audit.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Audit.Tests.Infrastructure.Integrity;

public sealed class LeastPrivilegeTests
{
    [Fact]
    public async Task The_service_login_may_only_append_to_every_staging_and_integrity_table_and_partition()
    {
        await using var trail = await IntegrityTrail.CreateAsync("audit_privs");
        await trail.IngestAsync(); // today's partitions, made on the ingest path by the service itself
        var job = new PartitionMaintenanceJob(NpgsqlDataSource.Create(trail.Db.OwnerConnectionString), new PartitionManager(trail.Service),
            Microsoft.Extensions.Options.Options.Create(new PartitionOptions { DaysAhead = 3 }), TimeProvider.System, NullLogger<PartitionMaintenanceJob>.Instance);
        await job.RunAsync(CancellationToken.None); // future partitions, made by the maintenance job

        var tables = new List<string>();
        await using (var cmd = trail.Db.DataSource.CreateCommand("""
            SELECT c.relname FROM pg_class c
            WHERE c.relname IN ('raw_lines', 'raw_batches', 'integrity_links', 'integrity_checkpoints', 'integrity_runs')
               OR c.oid IN (SELECT inhrelid FROM pg_inherits WHERE inhparent IN ('raw_lines'::regclass, 'raw_batches'::regclass))
            ORDER BY 1
            """))
        await using (var r = await cmd.ExecuteReaderAsync())
        {
            while (await r.ReadAsync()) tables.Add(r.GetString(0));
        }

        Assert.Contains(tables, t => t.StartsWith("raw_lines_p", StringComparison.Ordinal));
        Assert.True(tables.Count(t => t.StartsWith("raw_batches_p", StringComparison.Ordinal)) >= 4, string.Join(", ", tables));
        foreach (var table in tables)
        {
            foreach (var (privilege, allowed) in new[] { ("SELECT", true), ("INSERT", true), ("UPDATE", false), ("DELETE", false), ("TRUNCATE", false) })
            {
                var has = await trail.Db.ScalarAsync<bool>("SELECT has_table_privilege(@login, @table, @privilege)",
                    ("login", trail.Db.ServiceLogin), ("table", table), ("privilege", privilege));
                Assert.True(has == allowed, $"{trail.Db.ServiceLogin} {(has ? "has" : "lacks")} {privilege} on {table}");
            }
        }

        Assert.False(await trail.Db.ScalarAsync<bool>("SELECT rolsuper FROM pg_roles WHERE rolname = @l", ("l", trail.Db.ServiceLogin)));
        Assert.False(await trail.Db.ScalarAsync<bool>("SELECT pg_has_role(@l, 'audit_owner', 'USAGE')", ("l", trail.Db.ServiceLogin)));
    }

    [Theory]
    [InlineData("UPDATE raw_lines SET line = 'rewritten'")]
    [InlineData("DELETE FROM raw_batches")]
    [InlineData("TRUNCATE raw_lines")]
    [InlineData("DELETE FROM integrity_links")]
    [InlineData("UPDATE integrity_runs SET ok = true")]
    [InlineData("DROP TABLE raw_lines_default")]
    public async Task The_service_login_is_refused_when_it_tries_to_rewrite_history(string sql)
    {
        await using var trail = await IntegrityTrail.CreateAsync("audit_refuse");
        await trail.IngestAsync();
        await trail.SealAsync();
        await using var cmd = trail.Service.CreateCommand(sql);
        var e = await Assert.ThrowsAsync<PostgresException>(() => cmd.ExecuteNonQueryAsync());
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, e.SqlState);
    }

    [Fact]
    public async Task Even_the_owner_cannot_rewrite_the_chain_without_bypassing_its_triggers()
    {
        await using var trail = await IntegrityTrail.CreateAsync("audit_owner_chain");
        await trail.IngestAsync();
        await trail.SealAsync();
        await using var owner = NpgsqlDataSource.Create(trail.Db.OwnerConnectionString);
        await using var cmd = owner.CreateCommand("DELETE FROM integrity_links");
        var e = await Assert.ThrowsAsync<PostgresException>(() => cmd.ExecuteNonQueryAsync());
        Assert.Contains("append-only", e.MessageText, StringComparison.Ordinal);
    }
}
