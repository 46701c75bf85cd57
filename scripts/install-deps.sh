#!/usr/bin/env bash
# Installs what the tests drive for real, where missing: PostgreSQL, rsyslog (+ omelasticsearch),
# redis-server, ansible-core, and for the real-machine tests (Audit.Tests/RealMachine) openssh
# server and client, sudo, auditd and sshpass, and for the console (Audit.Api/Ui, Audit.Tests/Ui) npm,
# chromium and chromium-driver from apt; syslog-ng beside them without installing it
# (see below). Daemons are installed, never started: the tests start private instances themselves.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [ "$(id -u)" = 0 ]; then sudo_cmd=(); else sudo_cmd=(sudo); fi
apt_updated=0
apt_install() {
  if [ "$apt_updated" = 0 ]; then "${sudo_cmd[@]}" apt-get update -qq >&2; apt_updated=1; fi
  # No service starts during install (sshd, auditd, redis would otherwise start system-wide where
  # an init system runs): a policy-rc.d that denies, unless the machine has its own.
  local policy=/usr/sbin/policy-rc.d own_policy=0
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' | "${sudo_cmd[@]}" tee "$policy" >/dev/null
    "${sudo_cmd[@]}" chmod 755 "$policy"; own_policy=1
  fi
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "$@" >&2
  if [ "$own_policy" = 1 ]; then "${sudo_cmd[@]}" rm -f "$policy"; fi
}

# command or path to look for → packages that provide it
declare -A wanted=(
  [/usr/lib/postgresql]="postgresql postgresql-contrib"
  [rsyslogd]="rsyslog"
  [/usr/lib/x86_64-linux-gnu/rsyslog/omelasticsearch.so]="rsyslog-elasticsearch"
  [/usr/lib/x86_64-linux-gnu/rsyslog/ompgsql.so]="rsyslog-pgsql"
  [redis-server]="redis-server"
  [ansible-playbook]="ansible-core"
  [/usr/lib/python3/dist-packages/yaml]="python3-yaml"
  [/usr/sbin/sshd]="openssh-server"
  [/usr/bin/ssh]="openssh-client"
  [/usr/bin/sudo]="sudo"
  [/usr/sbin/auditd]="auditd"
  [/usr/bin/sshpass]="sshpass"
  [npm]="nodejs npm"
  [node]="nodejs"
  [/usr/bin/chromium]="chromium"
  [/usr/bin/chromedriver]="chromium-driver"
  [/usr/lib/python3/dist-packages/elasticsearch]="python3-elasticsearch"
)

# rsyslog-pgsql (the peer of bench/Audit.Bench.Pipeline) must not set up a database of its own.
echo "rsyslog-pgsql rsyslog-pgsql/dbconfig-install boolean false" | "${sudo_cmd[@]}" debconf-set-selections

missing=()
for probe in "${!wanted[@]}"; do
  if [[ "$probe" == /* ]]; then [ -e "$probe" ] && continue; else command -v "$probe" >/dev/null 2>&1 && continue; fi
  missing+=(${wanted[$probe]})
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing: ${missing[*]}" >&2
  apt_install "${missing[@]}"
fi
# That package's /etc/rsyslog.d/pgsql.conf would send every system message to a "Syslog" database;
# the benchmark runs a private rsyslogd with its own config, so the system one is left as it was.
if [ -f /etc/rsyslog.d/pgsql.conf ]; then "${sudo_cmd[@]}" sed -i 's/^\*\.\* action(type="ompgsql"/# &/' /etc/rsyslog.d/pgsql.conf; fi

# syslog-ng: Debian's syslog-ng-core conflicts with rsyslog (both provide system-log-daemon), so it is
# not installed. Its packages are downloaded and unpacked into .local/syslog-ng instead; only their
# (non-conflicting) libraries come from apt. The tests run .local/syslog-ng/usr/sbin/syslog-ng with
# LD_LIBRARY_PATH and --module-path pointing into that folder. syslog-ng-mod-http holds http()
# (libhttp.so); syslog-ng-scl holds elasticsearch-http() (scl/elasticsearch/elastic-http.conf).
sng="$root/.local/syslog-ng"
if [ ! -x "$sng/usr/sbin/syslog-ng" ] || [ ! -e "$sng/usr/lib/syslog-ng/3.38/libhttp.so" ] \
   || [ ! -e "$sng/usr/share/syslog-ng/include/scl/elasticsearch/elastic-http.conf" ]; then
  echo "Unpacking syslog-ng into $sng" >&2
  apt_install libcap2 libglib2.0-0 libivykis0 libjson-c5 libnet1 libpcre3 libssl3 libsystemd0 libwrap0 libcurl4
  download="$(mktemp -d)"
  chmod 777 "$download" # apt-get download runs as _apt where it can
  (cd "$download" && apt-get download syslog-ng-core syslog-ng-mod-http syslog-ng-scl >&2)
  rm -rf "$sng"; mkdir -p "$sng"
  for deb in "$download"/*.deb; do dpkg-deb -x "$deb" "$sng"; done
  rm -rf "$download"
fi
LD_LIBRARY_PATH="$sng/usr/lib/syslog-ng" "$sng/usr/sbin/syslog-ng" --version >/dev/null
