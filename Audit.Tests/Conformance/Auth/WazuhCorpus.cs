using Audit.Domain.Events;
using Audit.Domain.Parsing;
using Audit.Tests.Support;

namespace Audit.Tests.Conformance.Auth;

/// <summary>
/// Wazuh ruleset tests for sshd, sudo, su, pam and syslog: <c>log N pass|fail = LINE</c> under a
/// section naming the expected decoder and rule. Wazuh states no fields, so we check that every
/// line Wazuh decodes as sshd/sudo/su/pam is recognised by us (an event or known noise), and that its
/// failure rules (authentication failed, invalid user, sudo refusals …) come out as failures.
/// </summary>
internal static class WazuhCorpus
{
    private static readonly string[] Files = ["sshd.ini", "sudo.ini", "su.ini", "pam.ini", "syslog.ini"];

    /// <summary>Rules whose lines are, for Wazuh, a failed login or refused privilege.</summary>
    private static readonly HashSet<string> FailureRules =
    [
        "5503", "5504", "2502", "5701", "5706", "5710", "5712", "5716", "5718", "5719", "5753", "5758", "5760", "5762", "5763",
        "5401", "5404", "5405", "5301", "5302",
    ];

    public static AgreementTally Run()
    {
        var tally = new AgreementTally("wazuh-ruleset-tests", "Wazuh ruleset tests (decoder and rule per line; no fields)");
        foreach (var file in Files)
        {
            var decoder = string.Empty;
            var rule = string.Empty;
            var pending = new List<(string Line, string Where, bool Pass)>();
            var lines = CorpusLines.Read("wazuh-ruleset-tests", file);
            for (var i = 0; i <= lines.Length; i++)
            {
                var text = i < lines.Length ? lines[i].Trim() : "[end]";
                if (text.StartsWith('[') && pending.Count > 0)
                {
                    foreach (var (line, where, pass) in pending) Check(tally, line, where, pass, decoder, rule);
                    pending.Clear();
                }

                if (text.StartsWith("decoder =", StringComparison.Ordinal)) decoder = text["decoder =".Length..].Trim();
                else if (text.StartsWith("rule =", StringComparison.Ordinal)) rule = text["rule =".Length..].Trim();
                else if (text.StartsWith("log ", StringComparison.Ordinal) && text.Contains(" = ", StringComparison.Ordinal))
                {
                    var eq = lines[i].IndexOf(" = ", StringComparison.Ordinal);
                    pending.Add((lines[i][(eq + 3)..], $"{file}:{i + 1}", text.Contains(" pass ", StringComparison.Ordinal)));
                }
            }
        }

        return tally;
    }

    private static void Check(AgreementTally tally, string line, string where, bool pass, string decoder, string rule)
    {
        var result = CorpusLines.Parse(line, CorpusLines.Context(new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero)));
        tally.Count(result);
        if (!pass || decoder is not ("sshd" or "sudo" or "su" or "pam")) return;
        tally.Compare(where, $"recognised ({decoder})", true, result.Status != ParseStatus.Unparsed);
        if (FailureRules.Contains(rule))
        {
            tally.Compare(where, $"failure (rule {rule})", true, IsFailure(result.Event), () => result.Status == ParseStatus.Noise ? NotAFailure : null);
        }
    }

    public const string NotAFailure = "by design: Wazuh alerts on this line; for us it repeats an outcome logged on another line (noise)";

    private static bool IsFailure(AuditEvent? e) => e switch
    {
        SshLogin l => l.Outcome == LoginOutcome.Failure,
        SudoCommand s => s.Outcome == SudoOutcome.Denied,
        SuSwitch s => !s.Success,
        _ => false,
    };
}
