using Npgsql;
using NpgsqlTypes;

namespace Audit.Infrastructure.Parsing;

/// <summary>Null-aware column writers for binary COPY rows (timestamps are written as UTC).</summary>
public static class CopyValues
{
    public static Task Int(this NpgsqlBinaryImporter w, int? value, CancellationToken ct) =>
        value is { } v ? w.WriteAsync(v, NpgsqlDbType.Integer, ct) : w.WriteNullAsync(ct);

    public static Task Long(this NpgsqlBinaryImporter w, long? value, CancellationToken ct) =>
        value is { } v ? w.WriteAsync(v, NpgsqlDbType.Bigint, ct) : w.WriteNullAsync(ct);

    public static Task Bool(this NpgsqlBinaryImporter w, bool? value, CancellationToken ct) =>
        value is { } v ? w.WriteAsync(v, NpgsqlDbType.Boolean, ct) : w.WriteNullAsync(ct);

    public static Task Time(this NpgsqlBinaryImporter w, DateTimeOffset? value, CancellationToken ct) =>
        value is { } v ? w.WriteAsync(v.ToUniversalTime(), NpgsqlDbType.TimestampTz, ct) : w.WriteNullAsync(ct);

    public static Task Date(this NpgsqlBinaryImporter w, DateOnly value, CancellationToken ct) =>
        w.WriteAsync(value, NpgsqlDbType.Date, ct);

    public static Task Text(this NpgsqlBinaryImporter w, string? value, CancellationToken ct) =>
        value is null ? w.WriteNullAsync(ct) : w.WriteAsync(value, NpgsqlDbType.Text, ct);

    /// <summary>Text for an indexed column: cut when too long for a btree key (see <see cref="KeyText"/>).</summary>
    public static Task Key(this NpgsqlBinaryImporter w, string? value, CancellationToken ct) => w.Text(KeyText.Cut(value), ct);

    public static Task Json(this NpgsqlBinaryImporter w, string? json, CancellationToken ct) =>
        json is null ? w.WriteNullAsync(ct) : w.WriteAsync(json, NpgsqlDbType.Jsonb, ct);

    public static Task TextArray(this NpgsqlBinaryImporter w, string[]? value, CancellationToken ct) =>
        value is null ? w.WriteNullAsync(ct) : w.WriteAsync(value, NpgsqlDbType.Array | NpgsqlDbType.Text, ct);

    public static Task LongArray(this NpgsqlBinaryImporter w, long[]? value, CancellationToken ct) =>
        value is null ? w.WriteNullAsync(ct) : w.WriteAsync(value, NpgsqlDbType.Array | NpgsqlDbType.Bigint, ct);

    /// <summary>Copies <paramref name="rows"/> with one statement; <paramref name="write"/> writes a row's columns in order.</summary>
    public static async Task CopyAsync<T>(NpgsqlConnection conn, string copySql, IReadOnlyCollection<T> rows, Func<NpgsqlBinaryImporter, T, CancellationToken, Task> write, CancellationToken ct)
    {
        if (rows.Count == 0) return;
        await using var w = await conn.BeginBinaryImportAsync(copySql, ct);
        foreach (var row in rows)
        {
            await w.StartRowAsync(ct);
            await write(w, row, ct);
        }

        await w.CompleteAsync(ct);
    }
}
