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
/// read-only connection (default <c>ConnectionStrings:Audit</c>) and exits 0 when it holds, 1 when not.
/// </summary>
public static class CommandLine
{
    public static bool IsCommand(string[] args) => args.Length > 0 && args[0] is "migrate" or "verify";

    public static async Task<int> RunAsync(string[] args, IConfiguration config)
    {
        try
        {
            return args[0] switch
            {
                "migrate" => await MigrateAsync(Option(args, "--connection") ?? config.GetConnectionString("AuditOwner")),
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

    private static string? Option(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
