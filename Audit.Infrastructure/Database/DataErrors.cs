using Npgsql;

namespace Audit.Infrastructure.Database;

/// <summary>
/// The one classifier of what PostgreSQL refuses because of the data, as opposed to a database that
/// is down or busy (which a retry handles). Ingest retries a batch once more carefully on a data
/// error; the parse writer isolates the refused lines (see ParsedRowsWriter).
/// </summary>
public static class DataErrors
{
    /// <summary>
    /// A value that cannot be stored as it is: class 22 (data exception: invalid for its type) or 54000
    /// (too long for an index). A property of the input, never of the database's health: retrying it as
    /// it is cannot help.
    /// </summary>
    public static bool IsDataError(PostgresException e) => e.SqlState.StartsWith("22", StringComparison.Ordinal) || e.SqlState == "54000";

    /// <summary>
    /// A refusal of the rows: a data error, a broken constraint, or a value Npgsql could not write,
    /// but neither a connection, transaction, resource or server failure nor a cancellation.
    /// </summary>
    public static bool IsRefusal(Exception e, CancellationToken ct) => !ct.IsCancellationRequested && e switch
    {
        PostgresException p => IsDataError(p) || !p.IsTransient && p.SqlState[..2] is not ("08" or "25" or "40" or "53" or "57" or "58" or "XX" or "55"),
        NpgsqlException => false,
        ArgumentException or InvalidCastException or OverflowException or FormatException => true,
        _ => false,
    };
}
