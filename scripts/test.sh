#!/usr/bin/env bash
# Runs the whole test suite: installs what the tests need where missing (PostgreSQL, and the real
# shippers and servers the integration tests drive), starts the project-local PostgreSQL, then
# `dotnet test`. Extra arguments go to `dotnet test` (e.g. --filter FullyQualifiedName~Ingest).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

"$root/scripts/install-deps.sh"
"$root/scripts/pg-local.sh" >/dev/null

export AUDIT_TEST_PG="Host=127.0.0.1;Port=${AUDIT_PGPORT:-55432};Username=postgres"
exec dotnet test "$root/Audit.slnx" -c Release --logger "console;verbosity=minimal" "$@"
