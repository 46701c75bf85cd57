using Npgsql;
using NpgsqlTypes;

namespace Audit.Infrastructure.Database;

/// <summary>
/// A binary COPY into one described table (see <see cref="Tables"/>): every column in order, each value
/// written as its column's type, null-aware (timestamps as UTC). A row that writes more values than the
/// table has columns is a bug, not bad data, so it throws <see cref="InvalidOperationException"/>
/// (which the writers' refusal handling does not take for a refused line; see <see cref="DataErrors"/>).
/// </summary>
public sealed class TableCopy : IAsyncDisposable
{
    private readonly NpgsqlBinaryImporter _w;
    private readonly DbTable _table;
    private int _column;

    private TableCopy(NpgsqlBinaryImporter w, DbTable table) => (_w, _table) = (w, table);

    public static async Task<TableCopy> BeginAsync(NpgsqlConnection conn, DbTable table, CancellationToken ct) =>
        new(await conn.BeginBinaryImportAsync(table.CopySql, ct), table);

    /// <summary>Copies <paramref name="rows"/> with one statement (none when there are none); <paramref name="write"/> writes a row's columns in order.</summary>
    public static async Task CopyAsync<T>(NpgsqlConnection conn, DbTable table, IReadOnlyCollection<T> rows, Func<TableCopy, T, CancellationToken, Task> write, CancellationToken ct)
    {
        if (rows.Count == 0) return;
        await using var w = await BeginAsync(conn, table, ct);
        foreach (var row in rows)
        {
            await w.StartRowAsync(ct);
            await write(w, row, ct);
        }

        await w.CompleteAsync(ct);
    }

    public Task StartRowAsync(CancellationToken ct)
    {
        _column = 0;
        return _w.StartRowAsync(ct);
    }

    public async Task CompleteAsync(CancellationToken ct) => await _w.CompleteAsync(ct);

    public ValueTask DisposeAsync() => _w.DisposeAsync();

    public Task Int(int? value, CancellationToken ct) => value is { } v ? Write(v, ct) : Null(ct);

    public Task Long(long? value, CancellationToken ct) => value is { } v ? Write(v, ct) : Null(ct);

    public Task Bool(bool? value, CancellationToken ct) => value is { } v ? Write(v, ct) : Null(ct);

    public Task Time(DateTimeOffset? value, CancellationToken ct) => value is { } v ? Write(v.ToUniversalTime(), ct) : Null(ct);

    public Task Date(DateOnly value, CancellationToken ct) => Write(value, ct);

    public Task Uuid(Guid? value, CancellationToken ct) => value is { } v ? Write(v, ct) : Null(ct);

    public Task Text(string? value, CancellationToken ct) => value is null ? Null(ct) : Write(value, ct);

    /// <summary>JSON text for a jsonb column.</summary>
    public Task Json(string? json, CancellationToken ct) => json is null ? Null(ct) : Write(json, ct);

    public Task Bytes(byte[]? value, CancellationToken ct) => value is null ? Null(ct) : Write(value, ct);

    public Task TextArray(string[]? value, CancellationToken ct) => value is null ? Null(ct) : Write(value, ct);

    public Task LongArray(long[]? value, CancellationToken ct) => value is null ? Null(ct) : Write(value, ct);

    private Task Write<T>(T value, CancellationToken ct) => _w.WriteAsync(value, NextType(), ct);

    private Task Null(CancellationToken ct)
    {
        NextType();
        return _w.WriteNullAsync(ct);
    }

    private NpgsqlDbType NextType() => _column < _table.Columns.Count
        ? _table.Columns[_column++].Type
        : throw new InvalidOperationException($"A row of {_table.Name} wrote more than its {_table.Columns.Count} columns.");
}
