using System.Globalization;
using System.Text;
using Audit.Tests.Support;

namespace Audit.Tests.Shippers;

/// <summary>
/// The three things every real shipper must show against the API on a real port: every line arrives
/// exactly once; an API restart mid-stream loses and doubles nothing; back-pressure is retried, not
/// dropped, and the shipper recovers once it ends.
/// </summary>
public static class ShippingScenarios
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    public static async Task EveryLineArrivesOnceAsync(ShipperUnderTest shipper, int lines)
    {
        await using var db = await TestDatabase.CreateAsync("audit_test_ship");
        var port = FreePort.Next();
        await using var api = new ShipperApiHost(db, ToDictionary(Settings()), port);
        await shipper.StartAsync(port, await api.CreateIngestKeyAsync());

        shipper.Append(Lines(shipper, 0, lines));
        await AssertExactlyOnceAsync(db, shipper, lines);
    }

    public static async Task ApiRestartLosesAndDoublesNothingAsync(ShipperUnderTest shipper, int lines)
    {
        await using var db = await TestDatabase.CreateAsync("audit_test_restart");
        var port = FreePort.Next();
        var api = new ShipperApiHost(db, ToDictionary(Settings()), port);
        try
        {
            await shipper.StartAsync(port, await api.CreateIngestKeyAsync());
            var half = lines / 2;

            // The API goes down while the first half is being written and delivered; the second half is written
            // only once it is down, so the stop comes mid-stream by construction; then it comes back on the same port.
            var firstHalf = WritePacedAsync(shipper, 0, half);
            await Eventually.ReachAsync(() => CountAsync(db, shipper), n => n >= half / 3, Deadline);
            await api.DisposeAsync();
            var atStop = await CountAsync(db, shipper);
            Assert.True(atStop > 0, "nothing arrived before the stop:\n" + shipper.Output);
            await firstHalf;
            await WritePacedAsync(shipper, half, lines - half);
            Assert.Equal(atStop, await CountAsync(db, shipper)); // down: nothing stored meanwhile
            Assert.True(atStop <= half, $"{atStop} lines stored, only {half} were written before the stop");
            api = new ShipperApiHost(db, ToDictionary(Settings()), port);
            await AssertExactlyOnceAsync(db, shipper, lines);
        }
        finally
        {
            await api.DisposeAsync();
        }
    }

    public static async Task BackPressureIsRetriedAndRecoveredAsync(ShipperUnderTest shipper, int lines)
    {
        await using var db = await TestDatabase.CreateAsync("audit_test_pressure");
        var port = FreePort.Next();
        var bound = 20;
        await using var api = new ShipperApiHost(db, ToDictionary(Settings(("Ingest:MaxBacklogLines", bound.ToString(CultureInfo.InvariantCulture)))), port);

        // Fill the parse backlog past its bound (the parse job does not run on its own here).
        using (var admin = api.Client())
        {
            admin.DefaultRequestHeaders.Add("X-Api-Key", AuditApiFactory.AdminKey);
            var filler = string.Join('\n', Enumerable.Range(0, bound + 5).Select(i => $"filler line {i}"));
            (await admin.PostAsync($"/api/v1/ingest?host=filler&source=/var/log/filler.log", new StringContent(filler, Encoding.UTF8, "text/plain"))).EnsureSuccessStatusCode();
        }

        await api.Backlog.RefreshAsync(CancellationToken.None);
        Assert.True(api.Backlog.Overloaded);

        await shipper.StartAsync(port, await api.CreateIngestKeyAsync());
        shipper.Append(Lines(shipper, 0, lines));
        var pushed = await Eventually.ReachAsync(() => Task.FromResult(api.Pushbacks.Count(shipper.Kind)), n => n >= 2, Deadline);
        Assert.True(pushed >= 2, $"the {shipper.Kind} shipper was never pushed back:\n" + shipper.Output);
        Assert.Equal(0L, await CountAsync(db, shipper));

        // Pressure ends whenever the backlog is parsed; keep draining until the shipper caught up.
        await Eventually.ReachAsync(async () =>
        {
            await api.ParseAllAsync();
            return await CountAsync(db, shipper);
        }, n => n >= lines, Deadline, TimeSpan.FromMilliseconds(500));
        await AssertExactlyOnceAsync(db, shipper, lines);
    }

    /// <summary>Appends lines ten at a time, 40 ms apart (a paced stream, not a wait for a state).</summary>
    private static async Task WritePacedAsync(ShipperUnderTest shipper, int from, int count)
    {
        for (var i = from; i < from + count; i += 10)
        {
            shipper.Append(Lines(shipper, i, Math.Min(10, from + count - i)));
            await Task.Delay(40);
        }
    }

    private static (string, string?)[] Settings(params (string, string?)[] extra) =>
        [("Elastic:ItemRetryDelayMs", "200"), .. extra];

    private static IReadOnlyDictionary<string, string?> ToDictionary((string Key, string? Value)[] pairs) => pairs.ToDictionary(p => p.Key, p => p.Value);

    private static IEnumerable<string> Lines(ShipperUnderTest shipper, int from, int count)
    {
        var stamp = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffffzzz", CultureInfo.InvariantCulture);
        return Enumerable.Range(from, count).Select(i => $"{stamp} shipper-test alice: alice [{4000 + i}]: echo line {i:D5} of {Path.GetFileName(shipper.Sandbox)} [0]");
    }

    private static Task<long> CountAsync(TestDatabase db, ShipperUnderTest shipper) =>
        db.ScalarAsync<long>("SELECT count(*) FROM raw_lines WHERE source = @s", ("s", shipper.InputFile));

    private static async Task AssertExactlyOnceAsync(TestDatabase db, ShipperUnderTest shipper, int lines)
    {
        var arrived = await Eventually.ReachAsync(() => CountAsync(db, shipper), n => n >= lines, Deadline);
        Assert.True(arrived >= lines, $"{arrived} of {lines} lines arrived from {shipper.Kind}:\n{shipper.Output}");

        // A marker line written after all arrived: the shippers deliver a file in order, so once it is in,
        // any resend of an earlier line would be in too (no fixed wait for late resends).
        shipper.Append(Lines(shipper, lines, 1));
        var distinct = await Eventually.ReachAsync(() => DistinctAsync(db, shipper), n => n >= lines + 1, Deadline);
        Assert.True(distinct >= lines + 1, $"the marker line never arrived from {shipper.Kind}:\n{shipper.Output}");
        Assert.Equal(lines + 1L, await CountAsync(db, shipper));
        Assert.Equal(lines + 1L, await DistinctAsync(db, shipper));
    }

    private static Task<long> DistinctAsync(TestDatabase db, ShipperUnderTest shipper) =>
        db.ScalarAsync<long>("SELECT count(DISTINCT line) FROM raw_lines WHERE source = @s", ("s", shipper.InputFile));
}
