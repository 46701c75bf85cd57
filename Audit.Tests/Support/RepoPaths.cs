namespace Audit.Tests.Support;

/// <summary>Where the checkout and the programs the integration tests drive are.</summary>
public static class RepoPaths
{
    private static readonly Lazy<string> RootDir = new(() =>
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Audit.slnx"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Audit.slnx not found above " + AppContext.BaseDirectory);
    });

    public static string Root => RootDir.Value;

    public static string Deploy(params string[] parts) => Path.Combine([Root, "deploy", .. parts]);

    /// <summary>syslog-ng unpacked by scripts/install-deps.sh (it conflicts with rsyslog as a package).</summary>
    public static string SyslogNgRoot => Environment.GetEnvironmentVariable("AUDIT_SYSLOG_NG_ROOT") is { Length: > 0 } env ? env : Path.Combine(Root, ".local", "syslog-ng");

    /// <summary>A program the tests need; fails (never skips) with the fix when it is missing.</summary>
    public static string Require(string path)
    {
        if (!File.Exists(path)) throw new InvalidOperationException($"{path} is missing: run scripts/install-deps.sh (scripts/test.sh does).");
        return path;
    }

    public static string Rsyslogd => Require("/usr/sbin/rsyslogd");

    public static string SyslogNg => Require(Path.Combine(SyslogNgRoot, "usr", "sbin", "syslog-ng"));

    public static string RedisServer => Require("/usr/bin/redis-server");

    public static IReadOnlyDictionary<string, string> SyslogNgEnvironment => new Dictionary<string, string>
    {
        ["LD_LIBRARY_PATH"] = Path.Combine(SyslogNgRoot, "usr", "lib", "syslog-ng"),
    };

    public static string SyslogNgModulePath => "--module-path=" + Path.Combine(SyslogNgRoot, "usr", "lib", "syslog-ng", "3.38");

    public static string SyslogNgScl(params string[] parts) => Path.Combine([SyslogNgRoot, "usr", "share", "syslog-ng", "include", "scl", .. parts]);
}
