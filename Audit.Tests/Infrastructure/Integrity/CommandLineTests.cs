using Audit.Infrastructure.Integrity;
using Audit.Api.Hosting;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace Audit.Tests.Infrastructure.Integrity;

public sealed class CommandLineTests
{
    [Fact]
    public async Task Verify_runs_on_a_copy_of_the_database_with_a_read_only_login_and_fails_once_a_line_is_edited()
    {
        await using var trail = await IntegrityTrail.CreateAsync("audit_cli");
        await trail.IngestAsync();
        var edited = await trail.IngestAsync();
        await trail.SealAsync();
        await trail.CheckpointAsync();
        NpgsqlConnection.ClearAllPools();
        await trail.Service.DisposeAsync();

        var copy = trail.Db.Name + "_copy";
        var reader = trail.Db.Name + "_ro";
        await using (var admin = new NpgsqlConnection(Support.TestDatabase.Server + ";Database=postgres"))
        {
            await admin.OpenAsync();
            await Exec(admin, $"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{trail.Db.Name}' AND pid <> pg_backend_pid()");
            await Exec(admin, $"CREATE DATABASE \"{copy}\" TEMPLATE \"{trail.Db.Name}\"");
            await Exec(admin, $"CREATE ROLE \"{reader}\" LOGIN");
        }

        var copySuper = new NpgsqlConnectionStringBuilder(Support.TestDatabase.Server) { Database = copy }.ConnectionString;
        try
        {
            await using (var conn = new NpgsqlConnection(copySuper))
            {
                await conn.OpenAsync();
                await Exec(conn, $"GRANT SELECT ON raw_lines, raw_batches, integrity_links, integrity_runs TO \"{reader}\"");
            }

            var readOnly = new NpgsqlConnectionStringBuilder(Support.TestDatabase.Server) { Database = copy, Username = reader, Pooling = false }.ConnectionString;
            var args = new[] { "verify", "--checkpoints", trail.CheckpointDirectory, "--public-key", trail.PublicKey, "--connection", readOnly };
            var empty = new ConfigurationBuilder().Build();
            Assert.Equal(0, await CommandLine.RunAsync(args, empty));

            await using (var conn = new NpgsqlConnection(copySuper))
            {
                await conn.OpenAsync();
                await Exec(conn, $"SET session_replication_role = replica; UPDATE raw_lines SET line = 'nothing to see' WHERE id = ({edited} << 24)");
            }

            Assert.Equal(1, await CommandLine.RunAsync(args, empty));
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await using var admin = new NpgsqlConnection(Support.TestDatabase.Server + ";Database=postgres");
            await admin.OpenAsync();
            await Exec(admin, $"DROP DATABASE IF EXISTS \"{copy}\" WITH (FORCE)");
            await Exec(admin, $"DROP ROLE IF EXISTS \"{reader}\"");
        }
    }

    [Fact]
    public async Task Restore_puts_an_archived_and_dropped_day_back_as_the_service_and_refuses_an_archive_that_does_not_verify()
    {
        await using var trail = await IntegrityTrail.CreateAsync("audit_cli_restore");
        await trail.IngestAsync(3);
        await trail.SealAsync();
        await trail.CheckpointAsync();
        var archive = Path.Combine(trail.Folder, "archive");
        var (retention, day) = RawDayArchiveTests.Retention(trail, archive);
        Assert.NotEmpty(await retention.DropOlderThanAsync("raw_batches", day.AddDays(1), CancellationToken.None));
        Assert.NotEmpty(await retention.DropOlderThanAsync("raw_lines", day.AddDays(1), CancellationToken.None));
        Assert.Equal(0L, await trail.Db.ScalarAsync<long>("SELECT count(*) FROM raw_lines"));

        var service = new NpgsqlConnectionStringBuilder(trail.Service.ConnectionString) { Pooling = false }.ConnectionString;
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Audit"] = service, ["Partitions:ArchiveDirectory"] = archive,
        }).Build();
        Assert.Equal(2, await CommandLine.RunAsync(["restore"], config)); // no day: usage
        Assert.Equal(0, await CommandLine.RunAsync(["restore", "--day", day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)], config));
        Assert.Equal(3L, await trail.Db.ScalarAsync<long>("SELECT count(*) FROM raw_lines"));
        Assert.StartsWith("cli:", await trail.Db.ScalarAsync<string>("SELECT restored_by FROM restored_days WHERE day = @d", ("d", day)), StringComparison.Ordinal);
        Assert.True(await trail.Db.ScalarAsync<bool>("SELECT ok FROM integrity_runs WHERE kind = 'restore' ORDER BY id DESC LIMIT 1"));
        var verified = await trail.VerifyAsync();
        Assert.True(verified.Ok, verified.Detail);

        // The archive's manifest no longer matches its lines: nothing is restored and the failure is recorded.
        var (lines, otherDay) = (Path.Combine(RawDayArchive.Folder(archive, day), "lines.ndjson.gz"), day.AddDays(-1));
        Directory.CreateDirectory(RawDayArchive.Folder(archive, otherDay));
        foreach (var f in Directory.GetFiles(RawDayArchive.Folder(archive, day))) File.Copy(f, Path.Combine(RawDayArchive.Folder(archive, otherDay), Path.GetFileName(f)));
        await File.WriteAllBytesAsync(Path.Combine(RawDayArchive.Folder(archive, otherDay), "lines.ndjson.gz"), [.. (await File.ReadAllBytesAsync(lines)).Reverse()]);
        Assert.Equal(1, await CommandLine.RunAsync(["restore", "--day", otherDay.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)], config));
        Assert.False(await trail.Db.ScalarAsync<bool>("SELECT ok FROM integrity_runs WHERE kind = 'restore' ORDER BY id DESC LIMIT 1"));
        Assert.Equal(3L, await trail.Db.ScalarAsync<long>("SELECT count(*) FROM raw_lines"));
    }

    [Fact]
    public async Task Migrate_with_the_owner_connection_brings_a_fresh_database_to_the_latest_version()
    {
        var name = $"audit_cli_migrate_{Guid.NewGuid().ToString("N")[..8]}";
        var owner = name + "_own";
        await using (var admin = new NpgsqlConnection(Support.TestDatabase.Server + ";Database=postgres"))
        {
            await admin.OpenAsync();
            await using (await Support.TestDatabase.CreateAsync("audit_cli_roles")) { } // makes sure the shared roles exist
            await Exec(admin, $"CREATE ROLE \"{owner}\" LOGIN IN ROLE audit_owner");
            await Exec(admin, $"CREATE DATABASE \"{name}\" OWNER \"{owner}\"");
        }

        var cs = new NpgsqlConnectionStringBuilder(Support.TestDatabase.Server) { Database = name, Username = owner, Pooling = false }.ConnectionString;
        try
        {
            var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:AuditOwner"] = cs }).Build();
            Assert.Equal(0, await CommandLine.RunAsync(["migrate"], config));
            Assert.Equal(0, await CommandLine.RunAsync(["migrate"], config)); // once each
            await using var conn = new NpgsqlConnection(cs);
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand("SELECT max(version) FROM schema_migrations", conn);
            Assert.Equal(Audit.Infrastructure.Database.MigrationRunner.LatestVersion, (int)(await cmd.ExecuteScalarAsync())!);
        }
        finally
        {
            await using var admin = new NpgsqlConnection(Support.TestDatabase.Server + ";Database=postgres");
            await admin.OpenAsync();
            await Exec(admin, $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
            await Exec(admin, $"DROP ROLE IF EXISTS \"{owner}\"");
        }
    }

    [Fact]
    public async Task Migrate_without_an_owner_connection_is_a_clear_error()
    {
        Assert.Equal(2, await CommandLine.RunAsync(["migrate"], new ConfigurationBuilder().Build()));
    }

    private static async Task Exec(NpgsqlConnection conn, string sql)
    {
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync();
    }
}
