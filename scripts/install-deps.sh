#!/usr/bin/env bash
# Installs, with apt-get, the Debian packages the tests drive for real, where missing.
set -euo pipefail

# command to look for → package that provides it
declare -A wanted=(
  [/usr/lib/postgresql]="postgresql postgresql-contrib"
  [rsyslogd]="rsyslog rsyslog-elasticsearch"
  [/usr/lib/x86_64-linux-gnu/rsyslog/omelasticsearch.so]="rsyslog-elasticsearch"
  [syslog-ng]="syslog-ng-core"
  [redis-server]="redis-server"
)

missing=()
for probe in "${!wanted[@]}"; do
  if [[ "$probe" == /* ]]; then [ -e "$probe" ] && continue; else command -v "$probe" >/dev/null 2>&1 && continue; fi
  missing+=(${wanted[$probe]})
done

if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing: ${missing[*]}" >&2
  if [ "$(id -u)" = 0 ]; then sudo_cmd=(); else sudo_cmd=(sudo); fi
  "${sudo_cmd[@]}" apt-get update -qq >&2
  # policy-rc.d keeps the packages' own services from starting; the tests start what they need.
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi
