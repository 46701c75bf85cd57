namespace Audit.Api.Queries;

/// <summary>
/// A session and everything done inside it, oldest first. <c>tiedBy</c> says how activity was tied to
/// the session: <c>auditd-session</c> (auditd's ses: executions, sudo, and the commands of shells the
/// session started, also as root after sudo) or <c>user-and-time</c> (no auditd data: the user's
/// activity on the host while the session lasted). <c>truncated</c> is true when more than
/// <c>limit</c> entries matched.
/// </summary>
public sealed record SessionDetail(SessionItem Session, string TiedBy, IReadOnlyList<TimelineItem> Items, bool Truncated) : ICountedResult
{
    int ICountedResult.RowCount => Items.Count;
}
