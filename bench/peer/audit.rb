version=2
# liblognorm rulebase of the peer pipeline (bench/README.md, "Pipeline"): the auth.log and
# commands.log lines of Audit.Bench.Pipeline, as a minimalist would write it. One rule per line shape;
# the annotation names the kind, stored in its own column.
annotate=login:+kind="login"
annotate=failed:+kind="failed"
annotate=sudo:+kind="sudo"
annotate=session:+kind="session"
annotate=command:+kind="command"

rule=login:%time:date-rfc5424% %host:word% sshd[%pid:number%]: Accepted %method:word% for %user:word% from %ip:ipv4% port %port:number% %-:rest%
rule=failed:%time:date-rfc5424% %host:word% sshd[%pid:number%]: Failed %method:word% for invalid user %user:word% from %ip:ipv4% port %port:number% %-:rest%
rule=sudo:%time:date-rfc5424% %host:word% sudo: %user:word% : TTY=%tty:word% ; PWD=%pwd:word% ; USER=%runas:word% ; COMMAND=%command:rest%
rule=session:%time:date-rfc5424% %host:word% sshd[%pid:number%]: pam_unix(sshd:session): session opened for user %user:char-to{"extradata":"("}%(uid=%uid:number%) by %-:rest%
rule=command:%time:date-rfc5424% %host:word% %login:char-to{"extradata":":"}%: %user:word% [%shell:number%]: %command:rest%
