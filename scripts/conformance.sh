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
} > docs/conformance.md
echo "wrote docs/conformance.md" >&2
