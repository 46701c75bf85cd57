using System.Text.Json;
using Audit.Infrastructure.Database;
using Audit.Infrastructure.Integrity;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Audit.Api.Hosting;

/// <summary>
/// The operator's commands, run instead of the service:
/// <c>migrate</c> applies the migrations with <c>ConnectionStrings:AuditOwner</c> and exits;
/// <c>verify --checkpoints DIR --public-key FILE [--archive DIR] [--connection CS]</c> re-verifies the chain with a
/// read-only connection (default <c>ConnectionStrings:Audit</c>) and exits 0 when it holds, 1 when not;
/// <c>restore --day YYYY-MM-DD [--archive DIR] [--connection CS]</c> puts an archived day back into raw staging
/// (checked against its manifest and the chain first, recorded in <c>integrity_runs</c>) and prints the reparse
/// call that makes it queryable: parsing is the running service's job.
/// </summary>
public static class CommandLine
{
    public static bool IsCommand(string[] args) => args.Length > 0 && args[0] is "migrate" or "verify" or "restore";

    public static async Task<int> RunAsync(string[] args, IConfiguration config)
    {
        try
        {
            return args[0] switch
            {
                "migrate" => await MigrateAsync(Option(args, "--connection") ?? config.GetConnectionString("AuditOwner")),
                "restore" => await RestoreAsync(Option(args, "--connection") ?? config.GetConnectionString("Audit"), Option(args, "--archive") ?? config["Partitions:ArchiveDirectory"], Option(args, "--day")),
                _ => await VerifyAsync(Option(args, "--connection") ?? config.GetConnectionString("Audit"), Option(args, "--checkpoints"), Option(args, "--public-key"), Option(args, "--archive")),
            };
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException or ArgumentException or IOException)
        {
            await Console.Error.WriteLineAsync($"{args[0]}: {e.Message}");
            return 2;
        }
    }

    private static async Task<int> MigrateAsync(string? connectionString)
    {
        if (string.IsNullOrEmpty(connectionString)) throw new ArgumentException("migrate needs the owner connection: ConnectionStrings:AuditOwner (env ConnectionStrings__AuditOwner) or --connection");
        await using var db = NpgsqlDataSource.Create(connectionString);
        var runner = new MigrationRunner(db, NullLogger<MigrationRunner>.Instance);
        await runner.ApplyAsync(CancellationToken.None);
        Console.WriteLine($"schema at version {await runner.CurrentVersionAsync(CancellationToken.None)}");
        return 0;
    }

    private static async Task<int> VerifyAsync(string? connectionString, string? checkpoints, string? publicKey, string? archive)
    {
        if (string.IsNullOrEmpty(connectionString)) throw new ArgumentException("verify needs a connection: ConnectionStrings:Audit or --connection (read-only is enough)");
        if (checkpoints is null || publicKey is null) throw new ArgumentException("usage: verify --checkpoints DIR --public-key FILE [--archive DIR] [--connection CS]");
        await using var db = NpgsqlDataSource.Create(connectionString);
        var result = await ChainVerifier.VerifyAsync(db, checkpoints, publicKey, CancellationToken.None, archive);
        Console.WriteLine(JsonSerializer.Serialize(result, JsonSerializerOptions.Web));
        return result.Ok ? 0 : 1;
    }

    private static async Task<int> RestoreAsync(string? connectionString, string? archive, string? dayText)
    {
        if (string.IsNullOrEmpty(connectionString)) throw new ArgumentException("restore needs a connection: ConnectionStrings:Audit or --connection");
        if (string.IsNullOrEmpty(archive) || !DateOnly.TryParseExact(dayText, "yyyy-MM-dd", out var day))
        {
            throw new ArgumentException("usage: restore --day YYYY-MM-DD [--archive DIR (default Partitions:ArchiveDirectory)] [--connection CS]");
        }

        await using var db = NpgsqlDataSource.Create(connectionString);
        var actor = "cli:" + Environment.UserName;
        var started = DateTimeOffset.UtcNow;
        var runs = new IntegrityRunLog(db);
        try
        {
            var (batches, lines) = await RawDayArchive.RestoreAsync(db, archive, day, actor, CancellationToken.None);
            await runs.RecordAsync("restore", actor, started, DateTimeOffset.UtcNow, true, new { day, batches, lines }, CancellationToken.None);
            Console.WriteLine(batches == 0
                ? $"{day:yyyy-MM-dd} is in staging already; nothing restored"
                : $"restored {day:yyyy-MM-dd}: {batches} batches, {lines} lines. To make them queryable: POST /api/v1/admin/reparse "
                  + $"{{\"from\":\"{day:yyyy-MM-dd}T00:00:00Z\",\"to\":\"{day:yyyy-MM-dd}T23:59:59.999999Z\"}} (or POST /api/v1/admin/integrity/restore, which also re-parses)");
            return 0;
        }
        catch (InvalidOperationException e)
        {
            await runs.RecordAsync("restore", actor, started, DateTimeOffset.UtcNow, false, new { day, error = e.Message }, CancellationToken.None);
            await Console.Error.WriteLineAsync($"restore: {e.Message}");
            return 1;
        }
    }

    private static string? Option(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
