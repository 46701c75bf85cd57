using Audit.Infrastructure.Integrity;
using Audit.Infrastructure.Partitions;
using Audit.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Audit.Tests.Infrastructure.Integrity;

public sealed class RawDayArchiveTests
{
    [Fact]
    public async Task A_day_survives_archive_drop_and_restore_with_the_same_lines_and_a_chain_that_verifies()
    {
        await using var trail = await IntegrityTrail.CreateAsync("audit_archive");
        await trail.IngestAsync(4);
        await trail.IngestAsync(2);
        await trail.SealAsync();
        await trail.CheckpointAsync();
        var before = await SnapshotAsync(trail);
        var archive = Path.Combine(trail.Folder, "archive");
        var (retention, day) = Retention(trail, archive);

        Assert.NotEmpty(await retention.DropOlderThanAsync("raw_batches", day.AddDays(1), CancellationToken.None));
        Assert.NotEmpty(await retention.DropOlderThanAsync("raw_lines", day.AddDays(1), CancellationToken.None));
        Assert.Equal(0L, await trail.Db.ScalarAsync<long>("SELECT count(*) FROM raw_lines"));
        Assert.Null(await RawDayArchive.CheckAsync(archive, day, CancellationToken.None));

        var dropped = await ChainVerifier.VerifyAsync(trail.Service, trail.CheckpointDirectory, trail.PublicKey, CancellationToken.None, archive);
        Assert.True(dropped.Ok, dropped.Detail);
        Assert.Contains("2 of them verified from their archive", dropped.Detail, StringComparison.Ordinal);

        var (batches, lines) = await RawDayArchive.RestoreAsync(trail.Service, archive, day, "investigator", CancellationToken.None);
        Assert.Equal((2, 6L), (batches, lines));
        Assert.Equal(before, await SnapshotAsync(trail));
        Assert.Equal("investigator", await trail.Db.ScalarAsync<string>("SELECT restored_by FROM restored_days WHERE day = @d", ("d", day)));
        var restored = await trail.VerifyAsync();
        Assert.True(restored.Ok, restored.Detail);
        Assert.Equal(2, restored.CheckedBatches);
        Assert.Equal((0, 0L), await RawDayArchive.RestoreAsync(trail.Service, archive, day, "again", CancellationToken.None));
    }

    [Fact]
    public async Task Retention_keeps_a_day_it_cannot_archive()
    {
        await using var trail = await IntegrityTrail.CreateAsync("audit_archive_unsealed");
        await trail.IngestAsync();
        var (retention, day) = Retention(trail, Path.Combine(trail.Folder, "archive"));

        Assert.Empty(await retention.DropOlderThanAsync("raw_batches", day.AddDays(1), CancellationToken.None)); // not sealed yet
        Assert.Equal(1L, await trail.Db.ScalarAsync<long>("SELECT count(*) FROM raw_batches"));
        Assert.False(await trail.Db.ScalarAsync<bool>("SELECT ok FROM integrity_runs WHERE kind = 'archive' ORDER BY id DESC LIMIT 1"));
    }

    [Fact]
    public async Task An_archive_whose_lines_were_changed_does_not_verify_and_is_not_restored()
    {
        await using var trail = await IntegrityTrail.CreateAsync("audit_archive_edit");
        await trail.IngestAsync();
        await trail.SealAsync();
        var archive = Path.Combine(trail.Folder, "archive");
        var day = DateOnly.FromDateTime(DateTime.UtcNow);
        var manifest = await RawDayArchive.ArchiveAsync(trail.Service, archive, day, CancellationToken.None);
        Assert.Equal(3, manifest.Lines);

        // Rewrite the lines file consistently with the manifest's file hash: only the chain can tell.
        var folder = RawDayArchive.Folder(archive, day);
        var lines = Path.Combine(folder, "lines.ndjson.gz");
        string text;
        await using (var gz = new System.IO.Compression.GZipStream(File.OpenRead(lines), System.IO.Compression.CompressionMode.Decompress))
        using (var reader = new StreamReader(gz)) text = await reader.ReadToEndAsync();
        await using (var gz = new System.IO.Compression.GZipStream(File.Create(lines), System.IO.Compression.CompressionLevel.Fastest))
        await using (var writer = new StreamWriter(gz)) await writer.WriteAsync(text.Replace("ls -la", "true  ", StringComparison.Ordinal));
        var manifestPath = Path.Combine(folder, "manifest.json");
        var sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(await File.ReadAllBytesAsync(lines)));
        var json = System.Text.Json.Nodes.JsonNode.Parse(await File.ReadAllTextAsync(manifestPath))!;
        json["files"]!["lines.ndjson.gz"] = sha;
        await File.WriteAllTextAsync(manifestPath, json.ToJsonString());

        Assert.Contains("do not hash", await RawDayArchive.CheckAsync(archive, day, CancellationToken.None), StringComparison.Ordinal);
        await Assert.ThrowsAsync<InvalidOperationException>(() => RawDayArchive.RestoreAsync(trail.Service, archive, day, "x", CancellationToken.None));
    }

    internal static (PartitionMaintenanceJob Job, DateOnly Today) Retention(IntegrityTrail trail, string archive)
    {
        var owner = NpgsqlDataSource.Create(trail.Db.OwnerConnectionString);
        var now = DateTimeOffset.UtcNow;
        var job = new PartitionMaintenanceJob(owner, new PartitionManager(owner),
            Microsoft.Extensions.Options.Options.Create(new PartitionOptions { MinimumRetentionDays = 365, ArchiveDirectory = archive }),
            new FixedTimeProvider(now.AddDays(400)), NullLogger<PartitionMaintenanceJob>.Instance);
        return (job, DateOnly.FromDateTime(now.UtcDateTime));
    }

    private static async Task<string> SnapshotAsync(IntegrityTrail trail)
    {
        await using var cmd = trail.Db.DataSource.CreateCommand("""
            SELECT string_agg(concat_ws('|', id, received_on, received_at, host, source, program, shipper_time, time_zone, dedup_key, line, encode(line_bytes, 'hex'), fields::text), E'\n' ORDER BY id)
                || (SELECT string_agg(concat_ws('|', id, received_on, received_at, endpoint, key_id, line_count, accepted, duplicates, encode(content_hash, 'hex')), E'\n' ORDER BY id) FROM raw_batches)
            FROM raw_lines
            """);
        return (string)(await cmd.ExecuteScalarAsync())!;
    }
}
