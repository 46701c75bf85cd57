using Audit.Infrastructure.Partitions;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace Audit.Infrastructure.Parsing;

/// <summary>Binary-COPYs a parse transaction's rows into the normalized and unparsed tables.</summary>
public sealed class ParsedRowsWriter(PartitionManager partitions, IOptions<PartitionOptions> options, TimeProvider time)
{
    /// <summary>Creates the day partitions the rows need (outside the caller's transaction).</summary>
    public async Task PreparePartitionsAsync(ParsedRows rows, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var oldest = today.AddDays(-options.Value.MaxBackfillDays);
        var newest = today.AddDays(options.Value.DaysAhead + 1);
        foreach (var group in rows.EventDays().Where(d => d.Day >= oldest && d.Day <= newest).GroupBy(d => d.Table))
        {
            await partitions.EnsureAsync(group.Key, group.Select(g => g.Day), ct);
        }

        var unparsedDays = rows.Unparsed.Select(u => u.Line.ReceivedOn).Distinct().ToList();
        if (unparsedDays.Count > 0) await partitions.EnsureAsync("unparsed_lines", unparsedDays, ct);
    }

    public async Task WriteAsync(NpgsqlConnection conn, ParsedRows rows, CancellationToken ct)
    {
        if (rows.Commands.Count > 0) await WriteCommandsAsync(conn, rows, ct);
        if (rows.Unparsed.Count > 0) await WriteUnparsedAsync(conn, rows, ct);
    }

    private static async Task WriteCommandsAsync(NpgsqlConnection conn, ParsedRows rows, CancellationToken ct)
    {
        await using var w = await conn.BeginBinaryImportAsync(
            "COPY commands (occurred_at, raw_id, host, login_user, run_as, command, exit_code, shell_pid, history_no, shell, source) FROM STDIN (FORMAT BINARY)", ct);
        foreach (var (rawId, source, c) in rows.Commands)
        {
            await w.StartRowAsync(ct);
            await w.WriteAsync(c.OccurredAt.ToUniversalTime(), NpgsqlDbType.TimestampTz, ct);
            await w.WriteAsync(rawId, NpgsqlDbType.Bigint, ct);
            await w.WriteAsync(c.Host, NpgsqlDbType.Text, ct);
            await w.WriteAsync(c.LoginUser ?? c.User, NpgsqlDbType.Text, ct);
            await w.WriteAsync(c.User, NpgsqlDbType.Text, ct);
            await w.WriteAsync(c.Command, NpgsqlDbType.Text, ct);
            await CopyValues.WriteAsync(w, c.ExitCode, ct);
            await CopyValues.WriteAsync(w, c.ShellPid, ct);
            await CopyValues.WriteAsync(w, c.HistoryNumber, ct);
            await w.WriteAsync(c.Shell, NpgsqlDbType.Text, ct);
            await w.WriteAsync(source, NpgsqlDbType.Text, ct);
        }

        await w.CompleteAsync(ct);
    }

    private static async Task WriteUnparsedAsync(NpgsqlConnection conn, ParsedRows rows, CancellationToken ct)
    {
        await using var w = await conn.BeginBinaryImportAsync(
            "COPY unparsed_lines (received_on, raw_id, received_at, host, source, reason) FROM STDIN (FORMAT BINARY)", ct);
        foreach (var (line, reason) in rows.Unparsed)
        {
            await w.StartRowAsync(ct);
            await w.WriteAsync(line.ReceivedOn, NpgsqlDbType.Date, ct);
            await w.WriteAsync(line.Id, NpgsqlDbType.Bigint, ct);
            await w.WriteAsync(line.ReceivedAt.ToUniversalTime(), NpgsqlDbType.TimestampTz, ct);
            await w.WriteAsync(line.Host, NpgsqlDbType.Text, ct);
            await w.WriteAsync(line.Source, NpgsqlDbType.Text, ct);
            await w.WriteAsync(reason, NpgsqlDbType.Text, ct);
        }

        await w.CompleteAsync(ct);
    }
}
