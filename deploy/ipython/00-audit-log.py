"""Audit: log each IPython session's input to /var/log/ipython/shell_<user>.log.

Install as /etc/ipython/00-audit-log.py and run it in every session from the system-wide
/etc/ipython/ipython_config.py: c.InteractiveShellApp.exec_files = ["/etc/ipython/00-audit-log.py"]
(deploy/ansible does both); a single user can drop it into ~/.ipython/profile_default/startup/.
The folder /var/log/ipython is created by deploy/ansible with mode 1733: everyone may create their
own file there, nobody may list or read the others'. Filebeat, rsyslog or syslog-ng ship the files;
Audit takes the user from the file name. A failure to log never breaks the user's session.
"""

import getpass
import os

LOG_DIR = os.environ.get("AUDIT_IPYTHON_LOG_DIR", "/var/log/ipython")


def _audit_start_logging():
    try:
        ip = get_ipython()  # noqa: F821 - defined by IPython when startup files run
    except NameError:
        return
    if ip is None or ip.logger.log_active:
        return
    try:
        user = getpass.getuser()
    except Exception:  # pylint: disable=broad-except
        user = str(os.getuid())
    safe_user = "".join(c if c.isalnum() or c in "._-" else "_" for c in user)
    path = os.path.join(LOG_DIR, "shell_%s.log" % safe_user)
    try:
        old_umask = os.umask(0o077)
        try:
            # %logstart -o -t: append, with output ("#[Out]#") and timestamps ("# <date>") between inputs.
            ip.logger.logstart(logfname=path, logmode="append", log_output=True, timestamp=True)
        finally:
            os.umask(old_umask)
    except (OSError, RuntimeError) as exc:
        print("audit: IPython session not logged (%s)" % exc)


_audit_start_logging()
del _audit_start_logging
