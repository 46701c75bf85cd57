namespace Audit.Domain.Events;

/// <summary>
/// A user or group account changed (useradd, groupadd, usermod, userdel, groupdel, gpasswd, passwd,
/// chpasswd …). <see cref="Action"/> is one of <c>user_created</c>, <c>user_deleted</c>,
/// <c>user_modified</c>, <c>group_created</c>, <c>group_deleted</c>, <c>group_modified</c>,
/// <c>member_added</c>, <c>member_removed</c>, <c>password_changed</c>; <see cref="Target"/> the user
/// or group changed; <see cref="Group"/> the group of a membership change. <see cref="Success"/> is false
/// for what the tool reports as failed (<c>failed adding user 'x', exit code: 4</c>, a rejected password).
/// <see cref="Origin"/> is <c>auth</c> (a shadow-utils/PAM line) or <c>auditd</c> (ADD_USER, DEL_USER,
/// USER_MGMT, ADD_GROUP, DEL_GROUP, GRP_MGMT, USER_CHAUTHTOK, GRP_CHAUTHTOK); both carry the tool's
/// <see cref="Pid"/>, which is how one change seen in both places is matched. auditd adds the person
/// behind it (<see cref="LoginUser"/>, <see cref="LoginUid"/>: auid survives sudo) and <see cref="Session"/>.
/// </summary>
public sealed record AccountChange(
    DateTimeOffset OccurredAt,
    string Host,
    string Action,
    string Target,
    string? Group,
    string? Actor,
    long? Uid,
    long? Gid,
    string? Home,
    string? Shell,
    string? Detail,
    string Program,
    bool Success = true,
    int? Pid = null,
    string Origin = "auth",
    string? LoginUser = null,
    long? LoginUid = null,
    long? Session = null) : AuditEvent(OccurredAt, Host);
