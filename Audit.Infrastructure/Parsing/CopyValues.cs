using Npgsql;
using NpgsqlTypes;

namespace Audit.Infrastructure.Parsing;

/// <summary>Nullable-aware helpers for binary COPY rows.</summary>
public static class CopyValues
{
    public static Task WriteAsync(NpgsqlBinaryImporter w, int? value, CancellationToken ct) =>
        value is { } v ? w.WriteAsync(v, NpgsqlDbType.Integer, ct) : w.WriteNullAsync(ct);

    public static Task WriteAsync(NpgsqlBinaryImporter w, long? value, CancellationToken ct) =>
        value is { } v ? w.WriteAsync(v, NpgsqlDbType.Bigint, ct) : w.WriteNullAsync(ct);

    public static Task WriteAsync(NpgsqlBinaryImporter w, bool? value, CancellationToken ct) =>
        value is { } v ? w.WriteAsync(v, NpgsqlDbType.Boolean, ct) : w.WriteNullAsync(ct);

    public static Task WriteAsync(NpgsqlBinaryImporter w, DateTimeOffset? value, CancellationToken ct) =>
        value is { } v ? w.WriteAsync(v.ToUniversalTime(), NpgsqlDbType.TimestampTz, ct) : w.WriteNullAsync(ct);

    public static Task WriteTextAsync(NpgsqlBinaryImporter w, string? value, CancellationToken ct) =>
        value is null ? w.WriteNullAsync(ct) : w.WriteAsync(value, NpgsqlDbType.Text, ct);

    public static Task WriteJsonAsync(NpgsqlBinaryImporter w, string? json, CancellationToken ct) =>
        json is null ? w.WriteNullAsync(ct) : w.WriteAsync(json, NpgsqlDbType.Jsonb, ct);

    public static Task WriteTextArrayAsync(NpgsqlBinaryImporter w, string[]? value, CancellationToken ct) =>
        value is null ? w.WriteNullAsync(ct) : w.WriteAsync(value, NpgsqlDbType.Array | NpgsqlDbType.Text, ct);
}
