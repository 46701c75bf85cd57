using Audit.Domain.Events;

namespace Audit.Domain.Auth;

/// <summary>
/// Merges the lines of each sshd connection (same host and sshd pid) into one row per authentication
/// attempt. Every <c>Accepted …</c>/<c>Failed …</c> is an attempt; the lines that say more about it
/// become its <see cref="SshLogin.Details"/>: before it, the PAM failure (at most one per password
/// attempt; pam_unix logs only a connection's first and counts the rest in its summary),
/// <c>Invalid user</c>, <c>not allowed</c>; after it, the <c>[preauth]</c> close, <c>PAM N more
/// authentication failures</c>, <c>maximum authentication attempts exceeded</c> (attached to the
/// latest attempt). Lines may come in any order and in any pass: a line that has no attempt to go
/// to yet is held, and once the connection has been quiet for the window the held lines are placed
/// for good — a PAM failure whose <c>Failed</c> line never came is an attempt of its own, and a
/// connection that ended before any attempt is one row with outcome
/// <see cref="LoginOutcome.ClosedBeforeAttempt"/>. Pure: the caller keeps the connections between passes.
/// </summary>
public sealed class SshConnectionMerger(TimeSpan quietWindow)
{
    /// <summary>A pid seen again this long after its connection's last line is a new connection.</summary>
    public static readonly TimeSpan ReuseAfter = TimeSpan.FromMinutes(10);

    private const int KeptAttempts = 16;

    private enum Kind { Attempt, Before, After }

    /// <summary>True for the lines this merger takes: sshd's own, with a pid.</summary>
    public static bool Takes(SshLogin l) => l.Service == "sshd" && l.SshdPid is not null;

    public SshMergeResult Merge(
        IDictionary<(string Host, int Pid), SshConnection> connections,
        IEnumerable<(long RawId, DateTimeOffset ReceivedAt, SshLogin Login)> lines,
        DateTimeOffset now)
    {
        var pass = new Pass();
        foreach (var (rawId, receivedAt, login) in lines)
        {
            var key = (login.Host, login.SshdPid!.Value);
            if (!connections.TryGetValue(key, out var c) || receivedAt - c.LastSeen > ReuseAfter)
            {
                if (c is not null) Settle(c, pass);
                connections[key] = c = new SshConnection { LastSeen = receivedAt };
            }

            if (receivedAt > c.LastSeen) c.LastSeen = receivedAt;
            pass.Changed.Add(key);
            Place(c, new SshHeldLine(rawId, login), pass);
        }

        foreach (var (key, c) in connections)
        {
            if (c.Held.Count > 0 && now - c.LastSeen >= quietWindow)
            {
                Settle(c, pass);
                pass.Changed.Add(key);
            }
        }

        var rows = pass.Rows.Values.OrderBy(r => r.RawId).Select(r => (r.RawId, r.Build())).ToList();
        var updates = pass.Updates.Values.OrderBy(u => u.RawId).Select(u => new SshAttemptUpdate(u.RawId, u.OccurredAt, u.Details, u.InvalidUser)).ToList();
        return new SshMergeResult(rows, updates, pass.Changed);
    }

    private static Kind KindOf(SshLogin l) => l.Detail switch
    {
        SshDetail.Accepted or SshDetail.Failed => Kind.Attempt,
        SshDetail.PamFailure or SshDetail.InvalidUser or SshDetail.NotAllowed or SshDetail.RootRefused => Kind.Before,
        _ => Kind.After,
    };

    private static bool UsesPam(SshLogin l) =>
        l.Outcome == LoginOutcome.Failure && l.Method is "password" or "keyboard-interactive" or "keyboard-interactive/pam";

    private static void Place(SshConnection c, SshHeldLine line, Pass pass)
    {
        switch (KindOf(line.Login))
        {
            case Kind.Attempt:
            {
                var row = pass.Rows[line.RawId] = new RowBuilder(line.RawId, line.Login);
                var awaitsPam = UsesPam(line.Login);
                foreach (var held in c.Held.ToList())
                {
                    var isPam = held.Login.Detail == SshDetail.PamFailure;
                    if (isPam && !awaitsPam) continue;
                    awaitsPam &= !isPam;
                    row.Add(held.Login, before: KindOf(held.Login) == Kind.Before);
                    c.Held.Remove(held);
                }

                c.Attempts.Add(new SshAttempt(line.RawId, line.Login.OccurredAt, awaitsPam));
                if (c.Attempts.Count > KeptAttempts) c.Attempts.RemoveAt(0);
                break;
            }

            case Kind.Before:
            {
                var waiting = line.Login.Detail == SshDetail.PamFailure ? c.Attempts.FindIndex(a => a.AwaitsPam) : -1;
                if (waiting < 0)
                {
                    c.Held.Add(line);
                    break;
                }

                // The attempt came first (lines out of order): the PAM failure is its.
                Attach(c.Attempts[waiting], line.Login, before: true, pass);
                c.Attempts[waiting] = c.Attempts[waiting] with { AwaitsPam = false };
                break;
            }

            default:
                // A line held before an attempt may still belong to an attempt not seen yet: keep the close with it.
                if (c.Attempts.Count > 0 && !c.Held.Exists(h => KindOf(h.Login) == Kind.Before)) Attach(c.Attempts[^1], line.Login, before: false, pass);
                else c.Held.Add(line);
                break;
        }
    }

    /// <summary>Places the held lines for good (the connection went quiet, or its pid began a new one).</summary>
    private static void Settle(SshConnection c, Pass pass)
    {
        if (c.Held.Count == 0) return;
        var held = c.Held.ToList();
        c.Held.Clear();
        var pams = held.Where(h => h.Login.Detail == SshDetail.PamFailure).ToList();
        if (pams.Count > 0)
        {
            // PAM said a password was wrong, but sshd's verdict line never came: each is an attempt.
            var rows = pams.Select(p => pass.Rows[p.RawId] = new RowBuilder(p.RawId, p.Login)).ToList();
            foreach (var h in held.Except(pams)) (KindOf(h.Login) == Kind.Before ? rows[0] : rows[^1]).Add(h.Login, KindOf(h.Login) == Kind.Before);
            return;
        }

        if (c.Attempts.Count > 0)
        {
            foreach (var h in held) Attach(c.Attempts[^1], h.Login, KindOf(h.Login) == Kind.Before, pass);
            return;
        }

        // Nothing was tried: one row for the connection, named after how it ended.
        var close = held.FindLast(h => KindOf(h.Login) == Kind.After) ?? held[0];
        var row = pass.Rows[close.RawId] = new RowBuilder(close.RawId, close.Login with { Outcome = LoginOutcome.ClosedBeforeAttempt });
        foreach (var h in held.Where(h => h != close)) row.Add(h.Login, before: h.RawId < close.RawId);
    }

    private static void Attach(SshAttempt attempt, SshLogin line, bool before, Pass pass)
    {
        if (pass.Rows.TryGetValue(attempt.RawId, out var row))
        {
            row.Add(line, before);
            return;
        }

        if (!pass.Updates.TryGetValue(attempt.RawId, out var update)) pass.Updates[attempt.RawId] = update = new UpdateBuilder(attempt.RawId, attempt.OccurredAt);
        update.Details.Add(line.Detail);
        update.InvalidUser |= line.InvalidUser;
    }

    private sealed class Pass
    {
        public Dictionary<long, RowBuilder> Rows { get; } = [];

        public Dictionary<long, UpdateBuilder> Updates { get; } = [];

        public HashSet<(string, int)> Changed { get; } = [];
    }

    private sealed class UpdateBuilder(long rawId, DateTimeOffset occurredAt)
    {
        public long RawId => rawId;

        public DateTimeOffset OccurredAt => occurredAt;

        public List<string> Details { get; } = [];

        public bool InvalidUser { get; set; }
    }

    private sealed class RowBuilder(long rawId, SshLogin self)
    {
        private readonly List<string> _before = [];
        private readonly List<string> _after = [];
        private SshLogin _row = self;

        public long RawId => rawId;

        public void Add(SshLogin line, bool before)
        {
            (before ? _before : _after).Add(line.Detail);
            _row = _row with
            {
                User = _row.User ?? line.User,
                InvalidUser = _row.InvalidUser || line.InvalidUser,
                SourceIp = _row.SourceIp ?? line.SourceIp,
                SourcePort = _row.SourcePort ?? line.SourcePort,
                SourceHost = _row.SourceHost ?? line.SourceHost,
            };
        }

        public SshLogin Build() => _row with { Details = [.. _before, _row.Detail, .. _after] };
    }
}

/// <summary>
/// A pass's merge: the attempt rows to write (raw id of the line that made each), details for rows
/// earlier passes wrote, and the connections whose state changed.
/// </summary>
public sealed record SshMergeResult(
    IReadOnlyList<(long RawId, SshLogin Login)> Rows,
    IReadOnlyList<SshAttemptUpdate> Updates,
    IReadOnlySet<(string Host, int Pid)> Changed);
