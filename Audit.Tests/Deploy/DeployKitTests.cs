using System.Text.Json;
using Audit.Tests.Support;

namespace Audit.Tests.Deploy;

/// <summary>The deploy/ kit is checked by the tools that will read it (and a lint where none can run here).</summary>
public sealed class DeployKitTests
{
    private static readonly string Python = File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";

    [Fact]
    public async Task Rsyslog_snippets_pass_rsyslogd_validation()
    {
        using var dir = new TempDir();
        var main = dir.File("rsyslog.conf", $"""
            global(workDirectory="{dir.Path}")
            include(file="{RepoPaths.Deploy("rsyslog", "30-audit-forward.conf")}")
            include(file="{RepoPaths.Deploy("rsyslog", "31-audit-files.conf")}")
            include(file="{RepoPaths.Deploy("rsyslog", "40-audit-commands.conf")}")
            """);
        var (code, output) = await ManagedProcess.RunAsync(RepoPaths.Rsyslogd, ["-N1", "-f", main]);
        Assert.True(code == 0, output);
        Assert.DoesNotContain("error", output, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Rsyslog_forwarder_keeps_the_settings_that_make_delivery_lossless()
    {
        var text = await File.ReadAllTextAsync(RepoPaths.Deploy("rsyslog", "30-audit-forward.conf"));
        foreach (var setting in new[] { "bulkmode=\"on\"", "retryfailures=\"on\"", "retryruleset=\"audit_forward\"", "action.resumeRetryCount=\"-1\"", "queue.saveOnShutdown=\"on\"", "dynbulkid=\"on\"" })
        {
            Assert.Contains(setting, text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Syslog_ng_snippet_passes_syntax_only()
    {
        using var dir = new TempDir();
        var main = dir.File("syslog-ng.conf", $"""
            @version: 3.38
            @include "{RepoPaths.SyslogNgScl("elasticsearch", "elastic-http.conf")}"
            @include "{RepoPaths.Deploy("syslog-ng", "audit-forward.conf")}"

            """);
        var (code, output) = await ManagedProcess.RunAsync(RepoPaths.SyslogNg, [RepoPaths.SyslogNgModulePath, "--syntax-only", "-f", main], environment: RepoPaths.SyslogNgEnvironment);
        Assert.True(code == 0, output);
    }

    [Fact]
    public async Task Bash_snippet_is_valid_and_logs_each_typed_command_with_its_exit_status()
    {
        var snippet = RepoPaths.Deploy("bash", "audit-prompt.sh");
        var (syntax, syntaxOutput) = await ManagedProcess.RunAsync("bash", ["-n", snippet]);
        Assert.True(syntax == 0, syntaxOutput);
        var text = await File.ReadAllTextAsync(snippet);
        Assert.Contains("PROMPT_COMMAND=", text, StringComparison.Ordinal);
        Assert.Contains("logger -p local6.debug", text, StringComparison.Ordinal);

        using var dir = new TempDir();
        var log = Path.Combine(dir.Path, "logged");
        var fakeLogger = dir.File("bin/logger", $"#!/bin/sh\nprintf '%s\\n' \"$*\" >> '{log}'\n");
        await ManagedProcess.RunAsync("chmod", ["+x", fakeLogger]);
        var session = dir.File("session", $"source {snippet}\ntrue\nfalse\n\nls /nonexistent-audit-dir\necho \"two words\"\nexit\n");
        var (_, output) = await ManagedProcess.RunAsync("bash", ["-c", $"bash --norc --noprofile -i < '{session}'"], environment: new Dictionary<string, string>
        {
            ["PATH"] = Path.Combine(dir.Path, "bin") + ":/usr/bin:/bin",
            ["HISTFILE"] = "/dev/null",
            ["HOME"] = dir.Path,
        });
        Assert.True(File.Exists(log), output);
        var user = Environment.UserName;
        var (_, loginOutput) = await ManagedProcess.RunAsync("sh", ["-c", "logname 2>/dev/null || id -un"]);
        var login = loginOutput.Trim();
        var logged = (await File.ReadAllLinesAsync(log)).Select(l => System.Text.RegularExpressions.Regex.Replace(l, @"\[\d+\]:", "[PID]:")).ToList();
        Assert.Equal(
        [
            $"-p local6.debug -t {login} -- {user} [PID]: true [0]",
            $"-p local6.debug -t {login} -- {user} [PID]: false [1]",
            $"-p local6.debug -t {login} -- {user} [PID]: ls /nonexistent-audit-dir [2]",
            $"-p local6.debug -t {login} -- {user} [PID]: echo \"two words\" [0]",
        ], logged);
    }

    [Fact]
    public async Task Audit_rules_have_the_shape_auditctl_accepts_and_cover_logins_identity_and_sudoers()
    {
        var lines = await File.ReadAllLinesAsync(RepoPaths.Deploy("auditd", "audit.rules"));
        Assert.Empty(AuditRulesLint.Check(lines));
        var rules = lines.Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
        foreach (var arch in new[] { "b64", "b32" })
        {
            Assert.Contains(rules, r => r.Contains($"arch={arch}", StringComparison.Ordinal) && r.Contains("execve", StringComparison.Ordinal)
                && r.Contains("-F auid>=1000", StringComparison.Ordinal) && r.Contains("-F auid!=unset", StringComparison.Ordinal));
        }

        foreach (var file in new[] { "/etc/passwd", "/etc/shadow", "/etc/group", "/etc/gshadow" }) Assert.Contains($"-w {file} -p wa -k identity", rules);
        Assert.Contains(rules, r => r.StartsWith("-w /etc/sudoers ", StringComparison.Ordinal));
        Assert.Contains(rules, r => r.StartsWith("-w /etc/sudoers.d/ ", StringComparison.Ordinal));
        Assert.Equal("-e 2", rules[^1]);
    }

    [Theory]
    [InlineData("-a always,exit -S execve -F arch=b64 -k x", "arch= must come before -S")]
    [InlineData("-a always,exit -F arch=b64 -S execvee -k x", "unknown syscall")]
    [InlineData("-a always,exit -F arch=b64 -S execve", "needs a -k key")]
    [InlineData("-w etc/passwd -p wa -k identity", "a watch is")]
    [InlineData("-w /etc/passwd -p wz -k identity", "a watch is")]
    [InlineData("-a sometimes,exit -F arch=b64 -S execve -k x", "action,list")]
    [InlineData("-a always,exit -F arch=b64 -F auid>=alice -S execve -k x", "bad auid")]
    [InlineData("-x", "unknown option")]
    [InlineData("-e 2\n-w /etc/passwd -p wa -k identity", "must be the last rule")]
    public void Rules_lint_catches_malformed_rules(string rule, string problem) =>
        Assert.Contains(problem, Assert.Single(AuditRulesLint.Check(rule.Split('\n'))), StringComparison.Ordinal);

    [Fact]
    public async Task Ansible_playbook_passes_syntax_check()
    {
        var (code, output) = await ManagedProcess.RunAsync("ansible-playbook", ["--syntax-check", "-i", "localhost,", RepoPaths.Deploy("ansible", "site.yml")], TimeSpan.FromMinutes(2));
        Assert.True(code == 0, output);
    }

    [Fact]
    public async Task IPython_logger_compiles_and_starts_a_per_user_log()
    {
        var file = RepoPaths.Deploy("ipython", "00-audit-log.py");
        using var dir = new TempDir();
        var (code, output) = await ManagedProcess.RunAsync(Python, ["-c", $"import py_compile; py_compile.compile({JsonSerializer.Serialize(file)}, cfile={JsonSerializer.Serialize(Path.Combine(dir.Path, "x.pyc"))}, doraise=True)"]);
        Assert.True(code == 0, output);

        // Run it as IPython would, with a stand-in shell that records the %logstart call.
        var probe = dir.File("probe.py", $$"""
            import builtins, getpass
            calls = []
            class Logger:
                log_active = False
                def logstart(self, **kw): calls.append(kw)
            class Shell:
                logger = Logger()
            builtins.get_ipython = lambda: Shell()
            exec(open({{JsonSerializer.Serialize(file)}}).read(), {"__name__": "__main__"})
            kw = calls[0]
            print(kw["logfname"], kw["logmode"], kw["log_output"], kw["timestamp"])
            """);
        var (runCode, runOutput) = await ManagedProcess.RunAsync(Python, [probe], environment: new Dictionary<string, string> { ["AUDIT_IPYTHON_LOG_DIR"] = dir.Path, ["LOGNAME"] = "audit-tester" });
        Assert.True(runCode == 0, runOutput);
        Assert.Equal($"{Path.Combine(dir.Path, "shell_audit-tester.log")} append True True", runOutput.Trim());
    }

    [Fact]
    public async Task Filebeat_yml_parses_and_points_filebeat_at_audit()
    {
        var (code, output) = await ManagedProcess.RunAsync(Python, ["-c", "import json,sys,yaml; print(json.dumps(yaml.safe_load(open(sys.argv[1]))))", RepoPaths.Deploy("filebeat", "filebeat.yml")]);
        Assert.True(code == 0, output);
        using var doc = JsonDocument.Parse(output);
        var root = doc.RootElement;
        Assert.False(root.GetProperty("setup.template.enabled").GetBoolean());
        Assert.False(root.GetProperty("setup.ilm.enabled").GetBoolean());
        var es = root.GetProperty("output.elasticsearch");
        Assert.True(es.GetProperty("allow_older_versions").GetBoolean());
        Assert.Contains("AUDIT_API_KEY", es.GetProperty("api_key").GetString(), StringComparison.Ordinal);
        Assert.Single(es.GetProperty("hosts").EnumerateArray());
        var paths = root.GetProperty("filebeat.inputs").EnumerateArray().SelectMany(i => i.GetProperty("paths").EnumerateArray()).Select(p => p.GetString()).ToList();
        foreach (var p in new[] { "/var/log/auth.log", "/var/log/commands.log", "/var/log/audit/audit.log", "/var/log/ipython/shell_*.log" }) Assert.Contains(p, paths);
    }

    private sealed class TempDir : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("audit-deploy-").FullName;

        public string File(string name, string content)
        {
            var full = System.IO.Path.Combine(Path, name);
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
            System.IO.File.WriteAllText(full, content);
            return full;
        }

        public void Dispose()
        {
            try
            {
                Directory.Delete(Path, recursive: true);
            }
            catch (IOException)
            {
                // left behind in /tmp
            }
        }
    }
}
