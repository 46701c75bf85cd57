using NpgsqlTypes;
using static NpgsqlTypes.NpgsqlDbType;

namespace Audit.Infrastructure.Database;

/// <summary>
/// The one description of a table the code writes or maps: its name, every column in the order the
/// migrations leave them (the order binary COPY writes them, each with the type it is written as),
/// the column whose UTC day picks its partition (null: not partitioned), and whether its rows are
/// derived from raw lines (keyed by <c>raw_id</c>, so a reparse deletes and writes them anew).
/// The DDL stays in <c>migrations/*.sql</c>; TablesTests compares every description with the
/// migrated database, so the two cannot drift apart.
/// </summary>
public sealed record DbTable(string Name, string? DayColumn, bool Derived, IReadOnlyList<(string Name, NpgsqlDbType Type)> Columns)
{
    public bool ByDay => DayColumn is not null;

    /// <summary>The COPY statement for every column, in order.</summary>
    public string CopySql { get; } = $"COPY {Name} ({string.Join(", ", Columns.Select(c => c.Name))}) FROM STDIN (FORMAT BINARY)";

    public override string ToString() => Name;
}

/// <summary>The tables the code writes or maps (see <see cref="DbTable"/>).</summary>
public static class Tables
{
    private const string Occurred = "occurred_at", Received = "received_on";
    private const NpgsqlDbType Bool = NpgsqlDbType.Boolean, TextArray = NpgsqlDbType.Array | Text, BigintArray = NpgsqlDbType.Array | Bigint;

    public static readonly DbTable Commands = new("commands", Occurred, Derived: true,
    [
        ("occurred_at", TimestampTz), ("raw_id", Bigint), ("host", Text), ("login_user", Text), ("run_as", Text), ("command", Text), ("exit_code", Integer),
        ("shell_pid", Integer), ("history_no", Integer), ("shell", Text), ("source", Text), ("long_values", Jsonb), ("relay_host", Text),
    ]);

    public static readonly DbTable Logins = new("logins", Occurred, Derived: true,
    [
        ("occurred_at", TimestampTz), ("raw_id", Bigint), ("host", Text), ("user_name", Text), ("source_ip", Text), ("source_port", Integer), ("method", Text),
        ("outcome", Text), ("invalid_user", Bool), ("key_type", Text), ("key_fingerprint", Text), ("detail", Text), ("sshd_pid", Integer), ("service", Text),
        ("source_host", Text), ("long_values", Jsonb), ("details", TextArray), ("relay_host", Text),
    ]);

    public static readonly DbTable SessionEvents = new("session_events", Occurred, Derived: true,
    [
        ("occurred_at", TimestampTz), ("raw_id", Bigint), ("host", Text), ("action", Text), ("service", Text), ("user_name", Text), ("by_user", Text),
        ("uid", Integer), ("pid", Integer), ("source_ip", Text), ("source_port", Integer), ("by_uid", Integer), ("long_values", Jsonb), ("relay_host", Text),
    ]);

    public static readonly DbTable SudoEvents = new("sudo_events", Occurred, Derived: true,
    [
        ("occurred_at", TimestampTz), ("raw_id", Bigint), ("host", Text), ("user_name", Text), ("run_as", Text), ("run_as_group", Text), ("command", Text),
        ("cwd", Text), ("tty", Text), ("outcome", Text), ("reason", Text), ("incorrect_attempts", Integer), ("origin", Text), ("pid", Integer),
        ("login_user", Text), ("login_uid", Bigint), ("session", Bigint), ("command_key", Text), ("long_values", Jsonb), ("relay_host", Text),
    ]);

    public static readonly DbTable SuEvents = new("su_events", Occurred, Derived: true,
    [
        ("occurred_at", TimestampTz), ("raw_id", Bigint), ("host", Text), ("user_name", Text), ("target", Text), ("success", Bool), ("tty", Text),
        ("pid", Integer), ("long_values", Jsonb), ("relay_host", Text),
    ]);

    public static readonly DbTable AccountChanges = new("account_changes", Occurred, Derived: true,
    [
        ("occurred_at", TimestampTz), ("raw_id", Bigint), ("host", Text), ("action", Text), ("target", Text), ("group_name", Text), ("actor", Text),
        ("uid", Bigint), ("gid", Bigint), ("home", Text), ("shell", Text), ("detail", Text), ("program", Text), ("success", Bool), ("long_values", Jsonb),
        ("relay_host", Text), ("origin", Text), ("pid", Integer), ("login_user", Text), ("login_uid", Bigint), ("session", Bigint),
    ]);

    public static readonly DbTable AppEvents = new("app_events", Occurred, Derived: true,
    [
        ("occurred_at", TimestampTz), ("raw_id", Bigint), ("host", Text), ("actor", Text), ("action", Text), ("resource", Text), ("outcome", Text),
        ("source_ip", Text), ("service", Text), ("before", Jsonb), ("after", Jsonb), ("extra", Jsonb), ("long_values", Jsonb),
    ]);

    public static readonly DbTable AuditEvents = new("audit_events", Occurred, Derived: true,
    [
        ("occurred_at", TimestampTz), ("raw_id", Bigint), ("serial", Bigint), ("host", Text), ("node", Text), ("event_id", Text), ("type", Text),
        ("record_types", TextArray), ("arch", Text), ("syscall", Text), ("syscall_number", Integer), ("success", Bool), ("exit", Bigint),
        ("exit_errno", Text), ("auid", Bigint), ("uid", Bigint), ("euid", Bigint), ("gid", Bigint), ("egid", Bigint), ("login_user", Text),
        ("user_name", Text), ("effective_user", Text), ("session", Bigint), ("pid", Integer), ("ppid", Integer), ("comm", Text), ("exe", Text),
        ("key", Text), ("keys", TextArray), ("tty", Text), ("cwd", Text), ("argv", TextArray), ("proctitle", Text), ("paths", Jsonb),
        ("sockaddr", Jsonb), ("op", Text), ("acct", Text), ("addr", Text), ("terminal", Text), ("result", Text), ("command", Text),
        ("is_execution", Bool), ("fields", Jsonb), ("raw_ids", BigintArray), ("anomalies", TextArray), ("long_values", Jsonb),
    ]);

    public static readonly DbTable Executions = new("executions", Occurred, Derived: true,
    [
        ("occurred_at", TimestampTz), ("raw_id", Bigint), ("serial", Bigint), ("host", Text), ("login_user", Text), ("auid", Bigint), ("user_name", Text),
        ("uid", Bigint), ("effective_user", Text), ("euid", Bigint), ("session", Bigint), ("pid", Integer), ("ppid", Integer), ("exe", Text),
        ("comm", Text), ("argv", TextArray), ("command_line", Text), ("cwd", Text), ("tty", Text), ("key", Text), ("success", Bool),
        ("long_values", Jsonb),
    ]);

    public static readonly DbTable AuditLogins = new("audit_logins", Occurred, Derived: true,
    [
        ("occurred_at", TimestampTz), ("raw_id", Bigint), ("serial", Bigint), ("host", Text), ("pid", Integer), ("uid", Bigint), ("old_auid", Bigint),
        ("auid", Bigint), ("old_session", Bigint), ("session", Bigint), ("tty", Text), ("success", Bool), ("login_user", Text), ("long_values", Jsonb),
    ]);

    public static readonly DbTable ShellArtefacts = new("shell_artefacts", Occurred, Derived: true,
    [
        ("occurred_at", TimestampTz), ("raw_id", Bigint), ("host", Text), ("login_user", Text), ("run_as", Text), ("command", Text), ("shell_pid", Integer),
        ("history_no", Integer), ("shell", Text), ("source", Text), ("reason", Text),
    ]);

    public static readonly DbTable UnparsedLines = new("unparsed_lines", Received, Derived: true,
    [
        ("received_on", Date), ("raw_id", Bigint), ("received_at", TimestampTz), ("host", Text), ("source", Text), ("reason", Text),
    ]);

    public static readonly DbTable BatchParses = new("batch_parses", DayColumn: null, Derived: false,
    [
        ("batch_id", Bigint), ("received_on", Date), ("parsed_at", TimestampTz), ("lines", Integer), ("parsed", Integer), ("noise", Integer),
        ("unparsed", Integer), ("lag_ms", Integer),
    ]);

    public static readonly DbTable RawBatches = new("raw_batches", Received, Derived: false,
    [
        ("received_on", Date), ("id", Bigint), ("received_at", TimestampTz), ("endpoint", Text), ("key_id", Uuid), ("idempotency_scope", Text),
        ("idempotency_key", Text), ("line_count", Integer), ("accepted", Integer), ("duplicates", Integer), ("content_hash", Bytea),
    ]);

    public static readonly DbTable RawLines = new("raw_lines", Received, Derived: false,
    [
        ("received_on", Date), ("id", Bigint), ("received_at", TimestampTz), ("host", Text), ("source", Text), ("program", Text),
        ("shipper_time", TimestampTz), ("time_zone", Text), ("dedup_key", Uuid), ("line", Text), ("line_bytes", Bytea), ("fields", Jsonb),
    ]);

    /// <summary>Written by INSERT (its id is a sequence's), read through EF.</summary>
    public static readonly DbTable QueryLog = new("query_log", "at", Derived: false,
    [
        ("id", Bigint), ("at", TimestampTz), ("actor", Text), ("key_id", Uuid), ("method", Text), ("path", Text), ("query", Text), ("status", Integer),
        ("row_count", Integer), ("duration_ms", Integer),
    ]);

    public static readonly IReadOnlyList<DbTable> All =
    [
        Commands, Logins, SessionEvents, SudoEvents, SuEvents, AccountChanges, AppEvents, AuditEvents, Executions, AuditLogins, ShellArtefacts,
        UnparsedLines, BatchParses, RawBatches, RawLines, QueryLog,
    ];

    /// <summary>Every table whose rows are derived from raw lines (keyed by raw_id), in the order a reparse deletes them.</summary>
    public static readonly IReadOnlyList<DbTable> Derived = [.. All.Where(t => t.Derived)];
}
