using Audit.Infrastructure.Ingest;
using Audit.Infrastructure.Integrity;
using Audit.Infrastructure.Partitions;
using Audit.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Audit.Tests.Infrastructure.Integrity;

/// <summary>
/// A fresh database with the service's own writer, sealer and checkpoints (all on the least-privilege
/// login), a signing key and a checkpoint directory in a temporary folder; and the superuser, for
/// tampering the way a database administrator could (triggers bypassed).
/// </summary>
public sealed class IntegrityTrail : IAsyncDisposable
{
    private IntegrityTrail(TestDatabase db, NpgsqlDataSource service, string folder)
    {
        Db = db;
        Service = service;
        Folder = folder;
        Options = Microsoft.Extensions.Options.Options.Create(new IntegrityOptions
        {
            Origin = "test-trail",
            SigningKeyPath = Path.Combine(folder, "signing.pem"),
            PublicKeyPath = Path.Combine(folder, "signing.pub.pem"),
            CheckpointDirectory = Path.Combine(folder, "checkpoints"),
        });
        CheckpointSigner.CreateKeyPair(Options.Value.SigningKeyPath, Options.Value.PublicKeyPath);
        Writer = new RawBatchWriter(service, new PartitionManager(service), Microsoft.Extensions.Options.Options.Create(new IngestOptions()), TimeProvider.System);
        Runs = new IntegrityRunLog(service);
    }

    public TestDatabase Db { get; }

    public NpgsqlDataSource Service { get; }

    public string Folder { get; }

    public IOptions<IntegrityOptions> Options { get; }

    public RawBatchWriter Writer { get; }

    public IntegrityRunLog Runs { get; }

    public string CheckpointDirectory => Options.Value.CheckpointDirectory;

    public string PublicKey => Options.Value.PublicKeyPath;

    public static async Task<IntegrityTrail> CreateAsync(string prefix = "audit_integrity")
    {
        var db = await TestDatabase.CreateAsync(prefix);
        var folder = Directory.CreateTempSubdirectory("audit-integrity-").FullName;
        return new IntegrityTrail(db, NpgsqlDataSource.Create(db.ConnectionString), folder);
    }

    /// <summary>Stages a batch of <paramref name="lines"/> lines; returns its id.</summary>
    public async Task<long> IngestAsync(int lines = 3)
    {
        var host = Unique.Host("web");
        var source = Unique.Source();
        var batch = new IngestBatch("/api/v1/ingest", null, null,
            [.. Enumerable.Range(0, lines).Select(i => new RawLine(host, source, $"2026-12-02T00:00:{i:00}Z {host} alice: root [{i}]: ls -la /srv/{i} [0]",
                FieldsJson: i % 2 == 0 ? $$"""{"log": {"offset": {{i * 100}}}, "agent":"filebeat"}""" : null, DedupKey: Guid.NewGuid()))]);
        return (await Writer.WriteAsync(batch, CancellationToken.None)).BatchId;
    }

    public Task<int> SealAsync() => new SealingJob(Service, TimeProvider.System, NullLogger<SealingJob>.Instance).RunAsync(CancellationToken.None);

    public Task<CheckpointFile?> CheckpointAsync() =>
        new CheckpointJob(Service, Options, Runs, TimeProvider.System, NullLogger<CheckpointJob>.Instance).RunAsync(CancellationToken.None);

    public Task<VerifyResult> VerifyAsync() => ChainVerifier.VerifyAsync(Service, CheckpointDirectory, PublicKey, CancellationToken.None);

    /// <summary>Runs SQL as the superuser with triggers off (session_replication_role = replica), as an administrator rewriting history would.</summary>
    public async Task TamperAsync(string sql)
    {
        await using var conn = await Db.DataSource.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();
        await using (var cmd = new NpgsqlCommand("SET LOCAL session_replication_role = replica", conn, tx)) await cmd.ExecuteNonQueryAsync();
        await using (var cmd = new NpgsqlCommand(sql, conn, tx)) await cmd.ExecuteNonQueryAsync();
        await tx.CommitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await Service.DisposeAsync();
        await Db.DisposeAsync();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temporary folder is untidy, not wrong.
        }
    }
}
