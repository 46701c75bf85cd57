using Audit.Tests.Support;

namespace Audit.Tests.Infrastructure.Integrity;

/// <summary>docs/integrity.md tells an auditor how to recompute the chain without Audit's code; that SQL must agree with the sealer.</summary>
public sealed class ByHandCheckTests
{
    [Fact]
    public async Task The_documented_sql_recomputes_every_sealed_content_and_link_hash()
    {
        var doc = await File.ReadAllTextAsync(Path.Combine(RepoPaths.Root, "docs", "integrity.md"));
        var start = doc.IndexOf("```sql", doc.IndexOf("<!-- by-hand-chain-check -->", StringComparison.Ordinal), StringComparison.Ordinal) + "```sql".Length;
        var sql = doc[start..doc.IndexOf("```", start, StringComparison.Ordinal)];

        await using var trail = await IntegrityTrail.CreateAsync("audit_byhand");
        await trail.IngestAsync(3);
        await trail.IngestAsync(1);
        // every nullable field set, exact bytes, a key id, jsonb that PostgreSQL reorders
        await trail.Writer.WriteAsync(new Audit.Infrastructure.Ingest.IngestBatch("/_bulk", Guid.NewGuid(), "idem-1",
            [new("db-1", "/var/log/auth.log", "Dec  2 01:00:00 db-1 sshd[1]: Accepted publickey for bob", LineBytes: [0x41, 0x00, 0xff], Program: "sshd",
                ShipperTime: DateTimeOffset.UtcNow, TimeZone: "Europe/Berlin", DedupKey: Guid.NewGuid(), FieldsJson: """{"b": 1, "a": [true, null]}""")]), CancellationToken.None);
        Assert.Equal(3, await trail.SealAsync());

        var rows = 0;
        await using var cmd = trail.Service.CreateCommand(sql);
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync())
        {
            rows++;
            Assert.True(r.GetBoolean(1) && r.GetBoolean(2) && r.GetBoolean(3), $"batch {r.GetInt64(0)}: content {r.GetBoolean(1)}, link {r.GetBoolean(2)}, follows {r.GetBoolean(3)}");
        }

        Assert.Equal(3, rows);
    }
}
