# Audit: log every command typed in an interactive bash to syslog (local6.debug), one line each,
# tagged with the login name (the person, also in a root shell after sudo -i):
#   <login>: <user> [<shell pid>]: <command> [<exit status>]
# rsyslog writes local6 to /var/log/commands.log (deploy/rsyslog/40-audit-commands.conf), from where
# Filebeat, rsyslog or syslog-ng ship it. Install as /etc/profile.d/audit-prompt.sh and source it from
# /etc/bash.bashrc too, so that every interactive shell, login or not, has it.
#
# Limits: a user can unset PROMPT_COMMAND, and commands bash keeps out of its history (HISTCONTROL
# ignorespace/ignoredups, HISTIGNORE) are not logged; auditd's execve rules (deploy/auditd) are the
# record that does not depend on the user's shell.

if [ -n "${BASH_VERSION:-}" ] && [[ $- == *i* ]] && [ -z "${__audit_prompt_installed:-}" ]; then
  __audit_prompt_installed=1
  __audit_last_number=""
  # The tag is the person: the login name (audit login uid, kept across sudo and su). logger's own
  # default tag is the effective user (util-linux 2.38), i.e. root after `sudo -i`.
  __audit_login="$(logname 2>/dev/null || id -un)"

  __audit_log_command() {
    local status=$? line number entry
    line="$(HISTTIMEFORMAT='' builtin history 1)"
    if [[ $line =~ ^[[:space:]]*([0-9]+)[*]?[[:space:]]+(.*)$ ]]; then
      number=${BASH_REMATCH[1]}
      entry=${BASH_REMATCH[2]}
    else
      number=none
      entry=""
    fi
    if [ -z "$__audit_last_number" ]; then
      # First prompt of the shell: the entry, if any, is from an earlier session.
      __audit_last_number=$number
    elif [ "$number" != "$__audit_last_number" ]; then
      # A new history entry; an empty Enter leaves the number as it was and logs nothing.
      __audit_last_number=$number
      logger -p local6.debug -t "$__audit_login" -- "$(whoami) [$$]: ${entry} [${status}]"
    fi
    return $status
  }

  # Ours runs first so that it sees the command's exit status; keep what was set before.
  if [ -n "${PROMPT_COMMAND:-}" ]; then
    PROMPT_COMMAND="__audit_log_command; ${PROMPT_COMMAND}"
  else
    PROMPT_COMMAND="__audit_log_command"
  fi
fi
