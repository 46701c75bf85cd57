using System.Globalization;
using System.Text;

namespace Audit.Tests.Conformance.Auth;

/// <summary>Renders the per-corpus agreement of the auth.log parsers as docs/conformance/auth.md.</summary>
internal static class ConformanceReport
{
    public static IReadOnlyList<Func<AgreementTally>> Corpora { get; } =
    [
        ElasticAuthCorpus.Beats,
        ElasticAuthCorpus.Integrations,
        Fail2banCorpus.Run,
        CrowdsecCorpus.Run,
        LoghubCorpus.OpenSsh,
        LoghubCorpus.Linux,
        WazuhCorpus.Run,
        PlasoCorpus.Run,
        LogstashCorpus.Run,
    ];

    private static readonly string[] TimeNotes =
    [
        "RFC 3164 lines carry neither year nor zone. Elastic: the peer's own clock (its expected `@timestamp`) is our reference and its `event.timezone` our zone, so month, day, time and zone handling are compared; offsets in RFC 3339 lines are applied once (beats#13306 is not reproduced).",
        "fail2ban: its tests run in Europe/Berlin with the clock at 2005-08-14 10:00 UTC; we parse with that zone and reference and compare Berlin wall time. Since SyslogTime picks the latest year that does not date a line more than a day after the reference, late-year lines land in 2004 as fail2ban expects (the late-December wrong-year bug, kibana#28259, is not reproduced).",
        "crowdsec and loghub keep the raw stamp; ours is compared as `Mmm d HH:mm:ss` (crowdsec's RFC 5424/3339 stamps as instants). plaso writes year-less times with a relative year; those compare as month, day and time.",
    ];

    private static readonly string[] Decisions =
    [
        "Every sshd (or sshd-session) line that is an authentication outcome parses to one `SshLogin`; `Detail` says which line it was (`accepted`, `failed`, `invalid_user`, `preauth_closed`, `preauth_reset`, `preauth_disconnect`, `max_auth_attempts`, `no_identification`, `bad_protocol`, `kex_failed`, `protocol_error`, `preauth_timeout`, `not_allowed`, `root_refused`, `refused_connect`, `pam_failure`, `account_locked`). This comparison is per line, as the peers (fail2ban, Filebeat, CrowdSec …) work: each line is compared with what the peer expects of that line. The rows `/logins` serves are built above the parser: the lines of one sshd connection (host, pid) are merged into one row per attempt (`SshConnectionMerger`; `details` lists the lines merged, e.g. `pam_failure, failed, preauth_closed`), and a connection closed before any attempt is one row with outcome `closed_before_attempt`. So where fail2ban counts three failures for `pam_unix … authentication failure`, `Failed password` and `Connection closed … [preauth]` of one wrong password, the line comparison agrees with it and `/logins` holds one failed attempt.",
        "`pam_unix(sshd:auth): authentication failure` is kept as an `SshLogin` failure with `Detail = pam_failure` rather than dropped as a duplicate of the `Failed …` line sshd writes after it: every peer counts it, and it is the one line that says PAM (not sshd) refused. PAM failures of other services become the event of that program: sudo → a denied `SudoCommand` (user = PAM's ruser, the invoking user), su → a failed `SuSwitch`, passwd/chpasswd → a failed `password_changed`; login, vsftpd and other services → an `SshLogin` failure with `Service` set to the PAM service.",
        "`PAM N more authentication failures` is noise (a summary of failures already logged one by one; its login only adds `pam_more_failures` to the connection's last attempt), as are `check pass; user unknown`, `input_userauth_request: invalid user`, `Postponed …` and the modules' chatter (pam_systemd, pam_limits, pam_env …).",
        "Connection ends: with `[preauth]`, or naming an `authenticating user` / `invalid user`, they are failed logins; `Disconnected from user X …` ends a session (`LoginSessionEvent` Closed); other ends (`Connection closed by ADDR port N`, `Received disconnect … 11: disconnected by user`) cannot be told from a session's end and are noise. `Received disconnect` with code 14 (no more authentication methods) is a failure even without `[preauth]`.",
        "The client address is read from the right, after client-chosen text (user names, banners): `Connection closed by authenticating user test 10.0.0.1 192.0.2.11 port 22` is user `test 10.0.0.1` from 192.0.2.11. For `Failed|Accepted METHOD for USER from ADDR port N ssh2[: info]`, the address is the first after which the line ends, or (publickey, hostbased, gssapi, SSH-1) is followed by key info.",
        "`SourceIp` holds only a valid IPv4/IPv6 address, as written (`192.030.0.6` is not read as octal), an IPv4-mapped IPv6 address as IPv4; a host name (UseDNS) goes to `SourceHost`.",
        "sudo: the padding before the user name is trimmed (Filebeat's bug is not reproduced); `COMMAND=` is the rest of the line with rsyslog's `#ooo` control-character escapes decoded; a `(command continued)` record is noise (rsyslog split an over-long line; the first record holds the command's start).",
        "su: shadow's `Successful su for X by Y` / `FAILED su for X by Y` is the event; its `+ tty a:b` / `- tty a:b` echo (SYSLOG_SU_ENAB) is noise.",
        "shadow-utils: a change is logged per file and then as a summary; the summary (`new group:`, `group 'x' removed`, `delete user 'x'`) and the /etc/group membership line are the events, the per-file (`group added to /etc/…`, `… removed from /etc/…`) and `shadow group` lines are noise.",
        "RFC 3164 years: the latest year that does not date the line more than a day after the reference (the shipper's time, else the receive time) — correct across New Year and for files shipped months late.",
    ];

    public static string Render(IReadOnlyList<AgreementTally> tallies)
    {
        var sb = new StringBuilder();
        sb.AppendLine("# auth.log parser conformance");
        sb.AppendLine();
        sb.AppendLine("Generated by `AuthConformanceTests.Writes_the_conformance_report` (`AUDIT_WRITE_CONFORMANCE=1 dotnet test Audit.Tests -c Release --filter FullyQualifiedName~Conformance.Auth`)");
        sb.AppendLine("from the corpus in `../shared/corpus` (see its README and SOURCES.tsv). Every line of each corpus goes through");
        sb.AppendLine("`LineParser`; where a peer states what it expects, every field we model is compared with it.");
        sb.AppendLine("A difference counts against agreement even when it is explained. A reason explains only the differences listed, by");
        sb.AppendLine("place, field and both values, in `Audit.Tests/Conformance/known-differences.tsv`; the tests fail on any other difference,");
        sb.AppendLine("on a listed one that no longer occurs, below today's lines, events, fields compared and fields agreeing per corpus, and");
        sb.AppendLine("when this file differs from what they compute.");
        sb.AppendLine();
        sb.AppendLine("| corpus | compared with | lines | parsed | noise | unparsed | fields compared | agreeing | agreement | differences (all explained) |");
        sb.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var t in tallies)
        {
            sb.Append(CultureInfo.InvariantCulture, $"| {t.Corpus} | {t.ComparedWith} | {t.Lines} | {t.Parsed} | {t.Noise} | {t.Unparsed} | {t.Compared} | {t.Agreed} | {t.AgreementPercent:0.0} % | {t.Differences.Count}");
            sb.AppendLine(t.Unexplained.Any() ? $" ({t.Unexplained.Count()} UNEXPLAINED) |" : " |");
        }

        sb.AppendLine();
        sb.AppendLine("`lines` counts every line we parsed (also those without an expectation); `unparsed` lines keep a reason naming their");
        sb.AppendLine("program. loghub-linux, plaso and logstash are whole-system syslog: most of their programs (kernel, ftpd, cron jobs …)");
        sb.AppendLine("are not auth.log's and are rightly unparsed by the auth parsers.");
        sb.AppendLine();
        sb.AppendLine("## How time is compared");
        sb.AppendLine();
        foreach (var note in TimeNotes) sb.AppendLine("- " + note);
        sb.AppendLine();
        sb.AppendLine("## Decisions the differences follow from");
        sb.AppendLine();
        foreach (var decision in Decisions) sb.AppendLine("- " + decision);
        sb.AppendLine();
        sb.AppendLine("## Differences and why");
        foreach (var t in tallies.Where(t => t.Differences.Count > 0))
        {
            sb.AppendLine();
            sb.AppendLine(CultureInfo.InvariantCulture, $"### {t.Corpus}");
            sb.AppendLine();
            foreach (var group in t.Differences.GroupBy(d => d.Explanation ?? "UNEXPLAINED").OrderByDescending(g => g.Count()))
            {
                sb.AppendLine(CultureInfo.InvariantCulture, $"- **{group.Count()} × {group.Key}**");
                foreach (var d in group.Take(4))
                {
                    sb.AppendLine(CultureInfo.InvariantCulture, $"  - `{d.Where}` {d.Field}: expected `{Show(d.Expected)}`, ours `{Show(d.Actual)}`");
                }

                if (group.Count() > 4) sb.AppendLine(CultureInfo.InvariantCulture, $"  - … {group.Count() - 4} more");
            }
        }

        return sb.ToString();
    }

    private static string Show(string? value) =>
        value is null ? "(none)" : value.Length > 80 ? value[..77].Replace("`", "'", StringComparison.Ordinal) + "…" : value.Replace("`", "'", StringComparison.Ordinal);
}
