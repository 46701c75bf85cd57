namespace Audit.Api.Queries;

/// <summary>Filters of <c>GET /api/v1/account-changes</c>.</summary>
/// <param name="User">A user changed (target) or the person who changed it (actor).</param>
/// <param name="Action">user_created, user_deleted, user_modified, group_created, group_deleted, group_modified, member_added, member_removed, password_changed.</param>
/// <param name="Group">Group of a membership change, or the group created/deleted.</param>
/// <param name="Actor">The person who made the change: auditd's login user (auid, so the one behind <c>sudo useradd</c>), else who the line names.</param>
public sealed record AccountChangeQuery(string? Host, string? User, string? From, string? To, int? Limit, string? Cursor, string? Action, string? Group, string? Actor) : IListQuery
{
    public string Signature => $"account-changes|{Host}|{User}|{From}|{To}|{Action}|{Group}|{Actor}";
}
