#!/usr/bin/env bash
# Regenerates the conformance reports from ../shared/corpus: docs/conformance/auth.md and
# docs/conformance/auditd.md (written by the conformance tests), then the summary docs/conformance.md.
# Without AUDIT_WRITE_CONFORMANCE the same tests fail when a committed report differs from what they compute.
# The conformance tests need no database, so no cluster is started.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
AUDIT_WRITE_CONFORMANCE=1 dotnet test Audit.Tests -c Release --logger "console;verbosity=minimal" --filter "FullyQualifiedName~Conformance"

table() { awk '/^\|/ { print; found = 1; next } found { exit }' "$1"; }
{
  echo "# Parser conformance"
  echo
  echo "How our parsers agree with what other projects' parsers expect of the same real log lines"
  echo "(../shared/corpus: Elastic, go-libaudit, laurel, fail2ban, CrowdSec, Wazuh, loghub, plaso, logstash)."
  echo "Every field we model is compared; every remaining difference is explained in the detailed reports and listed,"
  echo "by place, field and both values, in \`Audit.Tests/Conformance/known-differences.tsv\`. The conformance tests fail"
  echo "on any other difference, below each corpus's figures of today, and when these reports differ from what they compute."
  echo "Regenerate with \`scripts/conformance.sh\`."
  echo
  echo "## auth.log, syslog headers — details: [conformance/auth.md](conformance/auth.md)"
  echo
  table docs/conformance/auth.md
  echo
  echo "## auditd — details: [conformance/auditd.md](conformance/auditd.md)"
  echo
  table docs/conformance/auditd.md
  echo
  echo "## From lines to rows"
  echo
  echo "The comparisons above are per line, as the peers work (fail2ban, Filebeat, CrowdSec count each line; a line"
  echo "is compared with what the peer expects of it). Some rows are built from several lines, above the parser, and"
  echo "are tested on their own (Audit.Tests/Domain/Auth/SshConnectionMergerTests.cs, Audit.Tests/RealMachine):"
  echo
  echo "- sshd: the lines of one connection (host, sshd pid; across batches and out of order) make one \`/logins\` row"
  echo "  per attempt (each \`Failed …\`/\`Accepted …\`); the PAM failure, \`Invalid user\`, the \`[preauth]\` close and"
  echo "  \`PAM N more authentication failures\` are listed in its \`details\`. A connection closed before any attempt is"
  echo "  one row with outcome \`closed_before_attempt\`, not a failure. Where fail2ban counts 3 failures for one wrong"
  echo "  password (\`pam_unix … authentication failure\`, \`Failed password\`, \`Connection closed … [preauth]\`), the"
  echo "  line comparison agrees with each line and \`/logins\` and \`/stats/summary\` count 1 failed attempt."
  echo "- auditd: records become events (SYSCALL, EXECVE, CWD, PATH, PROCTITLE …), compared as events with laurel,"
  echo "  go-libaudit and Auditbeat above."
} > docs/conformance.md
echo "wrote docs/conformance.md" >&2
