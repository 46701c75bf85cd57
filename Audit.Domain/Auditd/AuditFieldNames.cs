using System.Collections.Frozen;

namespace Audit.Domain.Auditd;

/// <summary>
/// Interned field names (so reading a record's fields does not allocate a string per name) and the
/// kernel's rule of which fields carry untrusted strings that it writes quoted or as hex.
/// </summary>
internal static class AuditFieldNames
{
    // Fields the kernel and libaudit write with audit_log_untrustedstring / audit_encode_nv_string:
    // "…" when safe, bare uppercase hex otherwise (auparse's ESCAPED field types).
    private static readonly FrozenSet<string> Encoded = FrozenSet.Create(StringComparer.Ordinal,
        "path", "comm", "exe", "file", "name", "watch", "cwd", "cmd", "acct", "dir", "key", "vm",
        "old-chardev", "new-chardev", "old-disk", "new-disk", "old-fs", "new-fs", "old-net", "new-net",
        "device", "cgroup", "apparmor", "operation", "denied_mask", "info", "profile", "requested_mask",
        "old-rng", "new-rng", "ocomm", "proctitle", "grp", "new_group", "invalid_context", "sw", "root_dir",
        "data");

    private static readonly FrozenSet<string> Known = FrozenSet.Create(StringComparer.Ordinal,
        "arch", "syscall", "success", "exit", "a0", "a1", "a2", "a3", "items", "ppid", "pid", "auid", "uid", "gid",
        "euid", "suid", "fsuid", "egid", "sgid", "fsgid", "tty", "ses", "comm", "exe", "subj", "key", "argc",
        "cwd", "item", "name", "inode", "dev", "mode", "ouid", "ogid", "rdev", "nametype", "objtype", "obj",
        "cap_fp", "cap_fi", "cap_fe", "cap_fver", "cap_frootid", "proctitle", "saddr", "op", "acct", "hostname",
        "addr", "terminal", "res", "id", "cmd", "old-auid", "old-ses", "msg", "grantors", "unit", "ARCH",
        "SYSCALL", "AUID", "UID", "GID", "EUID", "SUID", "FSUID", "EGID", "SGID", "FSGID", "OUID", "OGID",
        "SADDR", "OLD-AUID", "seresult", "seperms", "a4", "a5", "a6", "a7", "a8", "a9", "data", "sig", "reason");

    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> KnownBySpan =
        Known.GetAlternateLookup<ReadOnlySpan<char>>();

    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> EncodedBySpan =
        Encoded.GetAlternateLookup<ReadOnlySpan<char>>();

    public static string Intern(ReadOnlySpan<char> name) =>
        KnownBySpan.TryGetValue(name, out var known) ? known : name.ToString();

    /// <summary>
    /// True when a bare value of this field is hex-encoded bytes. EXECVE's <c>aN</c> and split
    /// <c>aN[i]</c> are arguments (encoded); SYSCALL's <c>a0</c>–<c>a3</c> are register values (not).
    /// ENRICHED user and group names (<c>UID</c>, <c>OGID</c> …) are hex when they hold a space.
    /// </summary>
    public static bool IsEncoded(ReadOnlySpan<char> name, bool enrichment, bool execve)
    {
        if (enrichment) return name.EndsWith("UID", StringComparison.Ordinal) || name.EndsWith("GID", StringComparison.Ordinal);
        if (execve && IsArgName(name)) return true;
        return EncodedBySpan.Contains(name);
    }

    /// <summary><c>a12</c> or <c>a12[3]</c> (not <c>a12_len</c>).</summary>
    public static bool IsArgName(ReadOnlySpan<char> name)
    {
        if (name.Length < 2 || name[0] != 'a') return false;
        var i = 1;
        while (i < name.Length && char.IsAsciiDigit(name[i])) i++;
        if (i == 1) return false;
        if (i == name.Length) return true;
        if (name[i] != '[' || name[^1] != ']' || i + 2 >= name.Length) return false;
        for (var j = i + 1; j < name.Length - 1; j++) if (!char.IsAsciiDigit(name[j])) return false;
        return true;
    }

    /// <summary>ENRICHED names are upper case (<c>AUID</c>, <c>SYSCALL</c>, <c>OLD-AUID</c>); kernel names never are.</summary>
    public static bool IsEnrichmentName(ReadOnlySpan<char> name)
    {
        var letter = false;
        foreach (var c in name)
        {
            if (char.IsAsciiLetterLower(c)) return false;
            if (char.IsAsciiLetterUpper(c)) letter = true;
        }

        return letter;
    }
}
