namespace Audit.Api.Queries;

/// <summary>
/// A session and everything done inside it, oldest first. <c>tiedBy</c> says how activity was tied to
/// the session: <c>auditd-session</c> (auditd's ses: executions, sudo, and the commands of shells the
/// session started, also as root after sudo) or <c>user-and-time</c> (no auditd data: the user's
/// activity on the host while the session lasted). <c>truncated</c> is true when more than
/// <c>limit</c> entries matched. <c>processTree</c> (with auditd data only) is the login with its
/// processes under it: shell → typed command → its child processes; sudo → root shell → ….
/// </summary>
public sealed record SessionDetail(SessionItem Session, string TiedBy, IReadOnlyList<TimelineItem> Items, bool Truncated, ProcessNode? ProcessTree = null) : ICountedResult
{
    int ICountedResult.RowCount => Items.Count;
}
