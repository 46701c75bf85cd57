using System.Diagnostics;
using Audit.Infrastructure.Database;
using Audit.Infrastructure.Ingest;
using Audit.Infrastructure.Integrity;
using Audit.Infrastructure.Partitions;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

// Integrity benchmark: stage --lines lines in batches of --batch through the real writer, then time
// the sealer, a checkpoint and full re-verifications (lines re-hashed per second). See bench/README.md.
var lines = Arg("--lines", 1_000_000);
var batchSize = (int)Arg("--batch", 2_000);
var rounds = (int)Arg("--rounds", 3);
var server = Environment.GetEnvironmentVariable("AUDIT_BENCH_PG") is { Length: > 0 } s ? s : "Host=127.0.0.1;Port=55432;Username=postgres";
var dbName = $"audit_ibench_{DateTime.UtcNow:yyyyMMddHHmmss}";
await using (var admin = new NpgsqlConnection(server + ";Database=postgres"))
{
    await admin.OpenAsync();
    await new NpgsqlCommand($"CREATE DATABASE {dbName}", admin).ExecuteNonQueryAsync();
}

var cs = new NpgsqlConnectionStringBuilder(server) { Database = dbName, MaxPoolSize = 20 }.ConnectionString;
var folder = Directory.CreateTempSubdirectory("audit-ibench-").FullName;
try
{
    await using var db = NpgsqlDataSource.Create(cs);
    await new MigrationRunner(db, NullLogger<MigrationRunner>.Instance).ApplyAsync(CancellationToken.None);
    var options = Options.Create(new IntegrityOptions
    {
        Origin = "bench",
        SigningKeyPath = Path.Combine(folder, "key.pem"),
        CheckpointDirectory = Path.Combine(folder, "checkpoints"),
    });
    CheckpointSigner.CreateKeyPair(options.Value.SigningKeyPath, options.Value.EffectivePublicKeyPath);
    Console.WriteLine($"# Audit integrity benchmark — {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, {lines:N0} lines in batches of {batchSize:N0}");

    var writer = new RawBatchWriter(db, new PartitionManager(db), Options.Create(new IngestOptions()), TimeProvider.System);
    var clock = Stopwatch.StartNew();
    var random = new Random(5);
    for (long written = 0, b = 0; written < lines; written += batchSize, b++)
    {
        var host = $"web-{b % 200:000}";
        var batch = new List<RawLine>(batchSize);
        for (var i = 0; i < batchSize; i++)
        {
            var text = $"2026-12-02T01:{i % 60:00}:{i % 60:00}.{i:000000}+00:00 {host} alice: root [{random.Next(1000, 99999)}]: systemctl restart nginx-{random.Next(100)} --now [0]";
            batch.Add(new RawLine(host, "/var/log/commands.log", text, DedupKey: Guid.NewGuid(),
                FieldsJson: i % 4 == 0 ? $$$"""{"log":{"offset":{{{written + i}}}},"agent":{"type":"filebeat"}}""" : null));
        }

        await writer.WriteAsync(new IngestBatch("/api/v1/ingest", null, null, batch), CancellationToken.None);
    }

    Console.WriteLine($"staged      {lines:N0} lines in {clock.Elapsed.TotalSeconds:F1} s (through RawBatchWriter, for the data only)");

    clock.Restart();
    var sealedBatches = await new SealingJob(db, TimeProvider.System, NullLogger<SealingJob>.Instance).RunAsync(CancellationToken.None);
    var sealSeconds = clock.Elapsed.TotalSeconds;
    Console.WriteLine($"sealed      {sealedBatches:N0} batches in {sealSeconds:F2} s = {lines / sealSeconds:N0} lines/s");

    clock.Restart();
    var checkpoint = await new CheckpointJob(db, options, new IntegrityRunLog(db), TimeProvider.System, NullLogger<CheckpointJob>.Instance).RunAsync(CancellationToken.None);
    Console.WriteLine($"checkpoint  batch {checkpoint!.BatchId} ({checkpoint.Batches.Count:N0} batches listed) in {clock.Elapsed.TotalMilliseconds:F0} ms");

    for (var r = 1; r <= rounds; r++)
    {
        clock.Restart();
        var result = await ChainVerifier.VerifyAsync(db, options.Value.CheckpointDirectory, options.Value.EffectivePublicKeyPath, CancellationToken.None);
        var seconds = clock.Elapsed.TotalSeconds;
        if (!result.Ok) throw new InvalidOperationException(result.Detail);
        Console.WriteLine($"verify #{r}   {result.CheckedLines:N0} lines, {result.CheckedBatches:N0} batches in {seconds:F2} s = {result.CheckedLines / seconds:N0} lines/s");
    }
}
finally
{
    NpgsqlConnection.ClearAllPools();
    await using var admin = new NpgsqlConnection(server + ";Database=postgres");
    await admin.OpenAsync();
    await new NpgsqlCommand($"DROP DATABASE IF EXISTS {dbName} WITH (FORCE)", admin).ExecuteNonQueryAsync();
    Directory.Delete(folder, recursive: true);
}

long Arg(string name, long fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? long.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture) : fallback;
}
