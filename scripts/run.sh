#!/usr/bin/env bash
# Starts Audit on http://localhost:8080 with a project-local PostgreSQL (installed with apt and
# initialised under .local/ where missing). Prints a development admin key.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

connection="$("$root/scripts/pg-local.sh")"
# The console's browser libraries are vendored from npm at build (Audit.Api/Ui/package-lock.json).
if ! command -v npm >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then sudo_cmd=(); else sudo_cmd=(sudo); fi
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends nodejs npm >&2
fi
mkdir -p "$root/.local"
keyfile="$root/.local/admin-key"
if [ ! -s "$keyfile" ]; then
  head -c 32 /dev/urandom | base64 | tr -d '/+=' | cut -c1-40 > "$keyfile"
  chmod 600 "$keyfile"
fi
admin_key="$(cat "$keyfile")"

cat <<MSG

  Audit is starting on http://localhost:8080   (Swagger UI: http://localhost:8080/swagger)
  Console: http://localhost:8080/ui  (sign in with the key below)
  Development admin key: $admin_key
  Try:  curl -H "X-Api-Key: $admin_key" http://localhost:8080/api/v1/commands

MSG

export ConnectionStrings__Audit="$connection"
export Auth__AdminKey="$admin_key"
export ASPNETCORE_URLS="${ASPNETCORE_URLS:-http://localhost:8080}"
exec dotnet run -c Release --project "$root/Audit.Api" --no-launch-profile
