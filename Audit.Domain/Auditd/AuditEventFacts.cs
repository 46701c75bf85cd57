namespace Audit.Domain.Auditd;

/// <summary>
/// The typed facts of an event, read from its records in event order where the first value of a
/// name wins (so SYSCALL's ids beat a LOGIN's, and an outer <c>uid=</c> beats one inside msg='…').
/// PATH, EXECVE, PROCTITLE and SOCKADDR records are read by their own readers. Numbers are parsed
/// from the text; only text fields are decoded.
/// </summary>
internal sealed class AuditEventFacts
{
    public AuditFieldRef Arch, Syscall, Success, Result, Exit, Auid, Uid, Euid, Suid, Fsuid, Gid, Egid, Sgid, Fsgid, Ses, Pid, Ppid, Id, Items;
    public string? ArchName, SyscallName, Comm, Exe, Tty, Cwd, Subject, Op, Acct, Addr, Hostname, Terminal, Command;
    public string? AuidName, UidName, EuidName, GidName, EgidName;
    public List<string> Keys { get; } = [];

    private bool _keySeen;

    public void Read(AuditRecord record)
    {
        foreach (var s in record.Spans)
        {
            if (s.Synthetic != AuditSyntheticName.None) continue;
            var name = AuditRecordValues.NameSpan(record, s);
            if (s.Enrichment)
            {
                ReadEnrichment(record, s, name);
                continue;
            }

            switch (name)
            {
                case "arch": Set(ref Arch, record, s); break;
                case "syscall": Set(ref Syscall, record, s); break;
                case "success": Set(ref Success, record, s); break;
                case "res": Set(ref Result, record, s); break;
                case "exit": Set(ref Exit, record, s); break;
                case "items": Set(ref Items, record, s); break;
                case "auid": Set(ref Auid, record, s); break;
                case "uid": Set(ref Uid, record, s); break;
                case "euid": Set(ref Euid, record, s); break;
                case "suid": Set(ref Suid, record, s); break;
                case "fsuid": Set(ref Fsuid, record, s); break;
                case "gid": Set(ref Gid, record, s); break;
                case "egid": Set(ref Egid, record, s); break;
                case "sgid": Set(ref Sgid, record, s); break;
                case "fsgid": Set(ref Fsgid, record, s); break;
                case "ses": Set(ref Ses, record, s); break;
                case "pid": Set(ref Pid, record, s); break;
                case "ppid": Set(ref Ppid, record, s); break;
                case "id": Set(ref Id, record, s); break;
                case "comm": Set(ref Comm, record, s); break;
                case "exe": Set(ref Exe, record, s); break;
                case "tty": Set(ref Tty, record, s); break;
                case "cwd": Set(ref Cwd, record, s); break;
                case "subj": Set(ref Subject, record, s); break;
                case "op": Set(ref Op, record, s); break;
                case "acct": Set(ref Acct, record, s); break;
                case "addr": Set(ref Addr, record, s); break;
                case "hostname": Set(ref Hostname, record, s); break;
                case "terminal": Set(ref Terminal, record, s); break;
                case "cmd": Set(ref Command, record, s); break;
                case "key" when !_keySeen:
                    _keySeen = true;
                    Keys.AddRange(AuditRecordValues.Keys(record, s));
                    break;
            }
        }
    }

    private void ReadEnrichment(AuditRecord record, in AuditFieldSpan s, ReadOnlySpan<char> name)
    {
        switch (name)
        {
            case "ARCH": Set(ref ArchName, record, s); break;
            case "SYSCALL": Set(ref SyscallName, record, s); break;
            case "AUID": Set(ref AuidName, record, s); break;
            case "UID": Set(ref UidName, record, s); break;
            case "EUID": Set(ref EuidName, record, s); break;
            case "GID": Set(ref GidName, record, s); break;
            case "EGID": Set(ref EgidName, record, s); break;
        }
    }

    private static void Set(ref string? slot, AuditRecord record, in AuditFieldSpan s) => slot ??= AuditRecordValues.Decode(record, s).Value;

    private static void Set(ref AuditFieldRef slot, AuditRecord record, in AuditFieldSpan s)
    {
        if (!slot.Found) slot = new AuditFieldRef(record, s);
    }

    /// <summary>A name from ENRICHED, else from a non-numeric value (ausearch -i style), else the lookup.</summary>
    public static string? Name(string? enriched, in AuditFieldRef value, long? id, string host, AuditIdKind kind, AuditNameLookup? lookup)
    {
        if (enriched is { Length: > 0 } && enriched != "unset" && !enriched.StartsWith("unknown(", StringComparison.Ordinal)) return enriched;
        if (value.NameText is { } text) return text;
        return id is { } v && lookup is not null ? lookup(host, kind, v) : null;
    }

    /// <summary><c>?</c>, <c>(none)</c> and empty mean "no value" in user-space fields and tty.</summary>
    public static string? Present(string? value) => value is null or "" or "?" or "(none)" ? null : value;

    /// <summary>success=yes/no, else res=success/failed/1/0.</summary>
    public bool? Outcome()
    {
        var success = Success.Raw;
        if (success.SequenceEqual("yes")) return true;
        if (success.SequenceEqual("no")) return false;
        return Result.Raw switch
        {
            "success" or "yes" or "1" => true,
            "failed" or "fail" or "no" or "0" => false,
            _ => null,
        };
    }
}
