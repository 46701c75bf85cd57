using System.Text.Json;
using Npgsql;

namespace Audit.Infrastructure.Integrity;

/// <summary>The audit of the auditors: every check, checkpoint, archive, restore and verify run, with who asked and the outcome.</summary>
public sealed class IntegrityRunLog(NpgsqlDataSource db)
{
    public async Task RecordAsync(string kind, string actor, DateTimeOffset started, DateTimeOffset finished, bool ok, object detail, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand("""
            INSERT INTO integrity_runs (kind, actor, started_at, finished_at, ok, detail) VALUES (@kind, @actor, @started, @finished, @ok, @detail::jsonb)
            """);
        cmd.Parameters.AddWithValue("kind", kind);
        cmd.Parameters.AddWithValue("actor", actor);
        cmd.Parameters.AddWithValue("started", started);
        cmd.Parameters.AddWithValue("finished", finished);
        cmd.Parameters.AddWithValue("ok", ok);
        cmd.Parameters.AddWithValue("detail", JsonSerializer.Serialize(detail, JsonSerializerOptions.Web));
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
