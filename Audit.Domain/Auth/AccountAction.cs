namespace Audit.Domain.Auth;

/// <summary>The <see cref="Events.AccountChange.Action"/> values the auth.log parsers produce.</summary>
public static class AccountAction
{
    public const string UserCreated = "user_created";
    public const string UserDeleted = "user_deleted";
    public const string UserModified = "user_modified";
    public const string GroupCreated = "group_created";
    public const string GroupDeleted = "group_deleted";
    public const string GroupModified = "group_modified";
    public const string MemberAdded = "member_added";
    public const string MemberRemoved = "member_removed";
    public const string PasswordChanged = "password_changed";
}
