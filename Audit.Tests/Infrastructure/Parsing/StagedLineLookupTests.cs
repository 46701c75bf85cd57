using System.Text.Json;
using Audit.Infrastructure.Parsing;
using Audit.Tests.Support;
using Npgsql;

namespace Audit.Tests.Infrastructure.Parsing;

/// <summary>
/// A parse pass reads its few batches back, and records the lines PostgreSQL refused, in a day partition
/// that holds the whole day's lines; both must cost the lines they touch, not the day.
/// </summary>
public sealed class StagedLineLookupTests : IAsyncLifetime
{
    private const int Batches = 100;
    private const int LinesPerBatch = 2000;
    private TestDatabase _db = null!;
    private DateOnly _today;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync("audit_staged_lines");
        await using var owner = new NpgsqlConnection(_db.OwnerConnectionString);
        await owner.OpenAsync();
        await using (var day = new NpgsqlCommand("SELECT current_date", owner))
        {
            _today = (DateOnly)(await day.ExecuteScalarAsync())!;
        }

        // A day of 200,000 staged lines from 100 batches (ids as RawBatchWriter makes them: batch << 24 | line).
        await using var cmd = new NpgsqlCommand($"""
            SELECT audit_ensure_partition('raw_lines', @day);
            INSERT INTO raw_lines (received_on, id, received_at, host, source, line)
            SELECT @day, (b::bigint << 24) | i, now(), 'web-' || (i % 200), '/var/log/auth.log', 'line ' || i || ' of batch ' || b
            FROM generate_series(1, {Batches}) b, generate_series(0, {LinesPerBatch - 1}) i;
            ANALYZE raw_lines;
            """, owner);
        cmd.Parameters.AddWithValue("day", _today);
        await cmd.ExecuteNonQueryAsync();
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task Reads_exactly_the_lines_of_the_asked_batches_in_id_order()
    {
        await using var conn = await _db.DataSource.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();
        var asked = new[] { (7L, _today), (8L, _today), (42L, _today) };
        var ids = new List<long>();
        await foreach (var line in StoredLineReader.ReadBatchesAsync(conn, tx, asked, onlyUnparsed: false, CancellationToken.None))
        {
            ids.Add(line.Id);
        }

        var expected = asked.SelectMany(b => Enumerable.Range(0, LinesPerBatch).Select(i => (b.Item1 << 24) | (long)i)).Order().ToList();
        Assert.Equal(expected, ids);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Reads_each_batch_by_its_primary_key_range_without_scanning_the_day(bool onlyUnparsed)
    {
        await using var owner = new NpgsqlConnection(_db.OwnerConnectionString);
        await owner.OpenAsync();
        await using var cmd = new NpgsqlCommand("EXPLAIN (FORMAT JSON) " + StoredLineReader.Sql(onlyUnparsed), owner);
        cmd.Parameters.AddWithValue("ids", new long[] { 7, 8, 9, 10 });
        cmd.Parameters.AddWithValue("days", Enumerable.Repeat(_today, 4).ToArray());
        Assert.Equal(["Index Scan"], await ScansOfTheDayAsync(cmd));
    }

    [Fact]
    public async Task Records_a_hostile_batchs_refused_lines_by_primary_key_probes_without_scanning_the_day()
    {
        await using var owner = new NpgsqlConnection(_db.OwnerConnectionString);
        await owner.OpenAsync();
        await using var cmd = new NpgsqlCommand("EXPLAIN (FORMAT JSON) " + ParsedRowsWriter.RecordRefusedSql, owner);
        // Ten batches of lines PostgreSQL refused, one pass's worth from a host that sends nothing else: as a
        // hash join, a scan of the day's 200,000 lines.
        var refused = Enumerable.Range(7, 10).SelectMany(b => Enumerable.Range(0, LinesPerBatch).Select(i => ((long)b << 24) | (long)i)).ToArray();
        cmd.Parameters.AddWithValue("ids", refused);
        cmd.Parameters.AddWithValue("reasons", Enumerable.Repeat("value_refused", refused.Length).ToArray());
        Assert.Equal(["Index Scan"], await ScansOfTheDayAsync(cmd));
    }

    // How the plan reads the day's partition (the empty partitions may be scanned: they hold nothing).
    private async Task<List<string>> ScansOfTheDayAsync(NpgsqlCommand explain)
    {
        using var plan = JsonDocument.Parse((string)(await explain.ExecuteScalarAsync())!);
        var day = $"raw_lines_p{_today:yyyyMMdd}";
        return Nodes(plan.RootElement[0].GetProperty("Plan"))
            .Where(n => n.TryGetProperty("Relation Name", out var r) && r.GetString() == day)
            .Select(n => n.GetProperty("Node Type").GetString()!)
            .Distinct()
            .ToList();
    }

    private static IEnumerable<JsonElement> Nodes(JsonElement node)
    {
        yield return node;
        if (!node.TryGetProperty("Plans", out var children)) yield break;
        foreach (var child in children.EnumerateArray())
        {
            foreach (var n in Nodes(child)) yield return n;
        }
    }
}
