using Audit.Infrastructure.Partitions;
using Audit.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Audit.Tests.Infrastructure.Partitions;

/// <summary>Each test owns a database: partition DDL would otherwise race with other tests' writes.</summary>
public sealed class PartitionMaintenanceJobTests : IAsyncLifetime
{
    private TestDatabase _db = null!;

    public async Task InitializeAsync() => _db = await TestDatabase.CreateAsync("audit_part");

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task Creates_day_partitions_ahead_for_every_registered_table()
    {
        var today = new DateTimeOffset(2026, 11, 26, 10, 0, 0, TimeSpan.Zero);
        await Job(today, new PartitionOptions { DaysAhead = 3 }).RunAsync(CancellationToken.None);
        foreach (var table in new[] { "raw_lines", "raw_batches", "commands", "unparsed_lines", "logins" })
        {
            foreach (var day in new[] { "20261125", "20261126", "20261129" })
            {
                Assert.True(await Exists($"{table}_p{day}"), $"{table}_p{day} missing");
            }

            Assert.False(await Exists($"{table}_p20261201"));
        }
    }

    [Fact]
    public async Task Rows_waiting_in_the_default_partition_move_into_a_new_day_partition()
    {
        await _db.ExecAsync("INSERT INTO commands (occurred_at, raw_id, host, login_user, run_as, command, shell, source) VALUES ('2019-03-04 05:06:07+00', 1, 'h', 'u', 'u', 'ls', 'bash', 's')");
        Assert.Equal(1L, await _db.ScalarAsync<long>("SELECT count(*) FROM commands_default"));
        Assert.True(await _db.ScalarAsync<bool>("SELECT audit_ensure_partition('commands', '2019-03-04')"));
        Assert.Equal(0L, await _db.ScalarAsync<long>("SELECT count(*) FROM commands_default"));
        Assert.Equal(1L, await _db.ScalarAsync<long>("SELECT count(*) FROM commands_p20190304"));
        Assert.False(await _db.ScalarAsync<bool>("SELECT audit_ensure_partition('commands', '2019-03-04')"));
    }

    [Fact]
    public async Task A_day_whose_table_a_waiting_writer_holds_is_not_waited_for_its_rows_go_to_default_and_move_later()
    {
        // A transaction that wrote into commands and stays open, as a parse pass waiting for its turn does.
        await using var writer = await _db.DataSource.OpenConnectionAsync();
        await using var tx = await writer.BeginTransactionAsync();
        await using (var insert = new Npgsql.NpgsqlCommand("INSERT INTO commands (occurred_at, raw_id, host, login_user, run_as, command, shell, source) VALUES (now(), 1, 'h', 'u', 'u', 'ls', 'bash', 's')", writer, tx))
        {
            await insert.ExecuteNonQueryAsync();
        }

        var partitions = new PartitionManager(_db.DataSource);
        var day = new DateOnly(2019, 3, 4);
        // Waiting for the writer would never end here: give up (and fail) after a while instead of hanging.
        using var giveUp = new CancellationTokenSource(PartitionManager.LockWait * 10);
        Assert.Equal(0, await partitions.EnsureAsync("commands", [day], giveUp.Token));
        Assert.False(await Exists("commands_p20190304"));
        await _db.ExecAsync("INSERT INTO commands (occurred_at, raw_id, host, login_user, run_as, command, shell, source) VALUES ('2019-03-04 05:06:07+00', 2, 'h', 'u', 'u', 'id', 'bash', 's')");
        Assert.Equal(1L, await _db.ScalarAsync<long>("SELECT count(*) FROM commands_default WHERE raw_id = 2"));

        // Once the writer is done, the day is made (it was not remembered as made) and its row moves in.
        await tx.CommitAsync();
        Assert.Equal(1, await partitions.EnsureAsync("commands", [day], CancellationToken.None));
        Assert.Equal(0L, await _db.ScalarAsync<long>("SELECT count(*) FROM commands_default WHERE raw_id = 2"));
        Assert.Equal(1L, await _db.ScalarAsync<long>("SELECT count(*) FROM commands_p20190304 WHERE raw_id = 2"));
    }

    [Fact]
    public async Task Retention_drops_whole_old_partitions_and_keeps_younger_ones()
    {
        var now = new DateTimeOffset(2026, 11, 26, 10, 0, 0, TimeSpan.Zero);
        await _db.ExecAsync("SELECT audit_ensure_partition('commands', '2024-01-01'); SELECT audit_ensure_partition('commands', '2025-11-01'); SELECT audit_ensure_partition('raw_lines', '2024-01-01')");
        await _db.ExecAsync("INSERT INTO commands (occurred_at, raw_id, host, login_user, run_as, command, shell, source) VALUES ('2024-01-01 01:00+00', 1, 'h', 'u', 'u', 'old', 'bash', 's'), ('2025-11-01 01:00+00', 2, 'h', 'u', 'u', 'young', 'bash', 's')");

        await Job(now, new PartitionOptions { EventRetentionDays = 400, RawRetentionDays = 0 }).RunAsync(CancellationToken.None);

        Assert.False(await Exists("commands_p20240101"));
        Assert.True(await Exists("commands_p20251101"));
        Assert.True(await Exists("raw_lines_p20240101")); // raw retention 0 = keep
        Assert.Equal(new[] { "young" }, await Commands());
    }

    [Fact]
    public async Task Retention_refuses_to_drop_data_younger_than_the_minimum()
    {
        var now = new DateTimeOffset(2026, 11, 26, 10, 0, 0, TimeSpan.Zero);
        await _db.ExecAsync("SELECT audit_ensure_partition('commands', '2026-06-01')");
        var job = Job(now, new PartitionOptions { MinimumRetentionDays = 365 });
        await Assert.ThrowsAsync<InvalidOperationException>(() => job.DropOlderThanAsync("commands", new DateOnly(2026, 7, 1), CancellationToken.None));
        Assert.True(await Exists("commands_p20260601"));
    }

    [Fact]
    public void Options_reject_a_retention_below_the_minimum()
    {
        var services = new ServiceCollection();
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Audit"] = _db.ConnectionString,
            ["Partitions:EventRetentionDays"] = "30",
        }).Build();
        services.AddSingleton<IConfiguration>(config);
        Audit.Infrastructure.InfrastructureServiceCollectionExtensions.AddAuditInfrastructure(services, config);
        using var sp = services.BuildServiceProvider();
        Assert.Throws<OptionsValidationException>(() => sp.GetRequiredService<IOptions<PartitionOptions>>().Value);
    }

    private PartitionMaintenanceJob Job(DateTimeOffset now, PartitionOptions options) =>
        new(_db.DataSource, new PartitionManager(_db.DataSource), Options.Create(options), new FixedTimeProvider(now), NullLogger<PartitionMaintenanceJob>.Instance);

    private Task<bool> Exists(string table) => _db.ScalarAsync<bool>("SELECT to_regclass(@t) IS NOT NULL", ("t", table));

    private async Task<string[]> Commands()
    {
        var list = new List<string>();
        await using var cmd = _db.DataSource.CreateCommand("SELECT command FROM commands ORDER BY command");
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync()) list.Add(r.GetString(0));
        return [.. list];
    }
}
