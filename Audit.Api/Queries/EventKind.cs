using Audit.Infrastructure.Database;

namespace Audit.Api.Queries;

/// <summary>
/// One kind of event in the merged timeline and search: its table (named by <see cref="Tables"/>),
/// how its rows read as a timeline entry, and which columns mean the person and the searchable text.
/// The number makes keyset keys unique across tables (raw_id * 16 + number).
/// </summary>
public sealed record EventKind(
    string Name,
    int Number,
    string Table,
    string UserPredicate,
    string Summary,
    string Detail,
    string? SearchColumn)
{
    public static readonly IReadOnlyList<EventKind> All =
    [
        new("command", 1, Tables.Commands.Name, "login_user = @user", "command",
            "jsonb_build_object('runAs', run_as, 'exitCode', exit_code, 'shellPid', shell_pid, 'shell', shell)", "command"),
        new("login", 2, Tables.Logins.Name, "user_name = @user",
            "outcome || ' ' || coalesce(method, detail) || ' login for ' || coalesce(user_name, '?') || coalesce(' from ' || source_ip, '')",
            "jsonb_build_object('outcome', outcome, 'method', method, 'sourceIp', source_ip, 'sourcePort', source_port, 'detail', detail, 'invalidUser', invalid_user)", null),
        new("sudo", 3, Tables.SudoEvents.Name, "(user_name = @user OR login_user = @user)",
            "'sudo ' || outcome || ': ' || user_name || ' as ' || coalesce(run_as, '?') || ': ' || coalesce(command, '')",
            "jsonb_build_object('runAs', run_as, 'command', command, 'cwd', cwd, 'tty', tty, 'outcome', outcome, 'reason', reason, 'origin', origin, 'session', session)", "command"),
        new("su", 4, Tables.SuEvents.Name, "(user_name = @user OR target = @user)",
            "'su ' || CASE WHEN success THEN 'to ' ELSE 'failed to ' END || target || coalesce(' by ' || user_name, '')",
            "jsonb_build_object('target', target, 'success', success, 'tty', tty)", null),
        new("account", 5, Tables.AccountChanges.Name, "(actor = @user OR target = @user)",
            "action || ' ' || target || coalesce(' (' || group_name || ')', '') || coalesce(' by ' || actor, '')",
            "jsonb_build_object('action', action, 'target', target, 'group', group_name, 'actor', actor, 'uid', uid, 'gid', gid, 'program', program)", null),
        new("session", 6, Tables.SessionEvents.Name, "user_name = @user",
            "service || ' session ' || action || ' for ' || coalesce(user_name, '?')",
            "jsonb_build_object('action', action, 'service', service, 'pid', pid, 'byUser', by_user, 'sourceIp', source_ip)", null),
        new("app", 7, Tables.AppEvents.Name, "actor = @user",
            "actor || ' ' || action || coalesce(' ' || resource, '')",
            "jsonb_build_object('action', action, 'resource', resource, 'outcome', outcome, 'service', service, 'sourceIp', source_ip)", "action || ' ' || coalesce(resource, '')"),
        new("execution", 8, Tables.Executions.Name, "login_user = @user", "command_line",
            "jsonb_build_object('exe', exe, 'user', user_name, 'effectiveUser', effective_user, 'euid', euid, 'session', session, 'pid', pid, 'ppid', ppid, 'cwd', cwd, 'key', key, 'success', success)", "command_line"),
    ];

    /// <summary>The user column for "who" in the timeline row.</summary>
    public string UserColumn => Name switch
    {
        "command" => "login_user",
        "sudo" => "coalesce(login_user, user_name)",
        "account" => "coalesce(actor, target)",
        "app" => "actor",
        "execution" => "login_user",
        _ => "user_name",
    };
}
