using System.Globalization;
using Audit.Domain.Events;

namespace Audit.Domain.Auditd;

/// <summary>
/// The typed facts of an event, read from its records in event order where the first value of a
/// name wins (so SYSCALL's ids beat a LOGIN's, and an outer <c>uid=</c> beats one inside msg='…').
/// PATH, EXECVE, PROCTITLE and SOCKADDR records are read by their own readers.
/// </summary>
internal sealed class AuditEventFacts
{
    public string? ArchRaw, ArchName, SyscallRaw, SyscallName, SuccessRaw, ResultRaw, ExitRaw;
    public string? Comm, Exe, Tty, Cwd, Subject, Op, Acct, Addr, Hostname, Terminal, Command, KeyRaw;
    public string? AuidText, UidText, EuidText, SuidText, FsuidText, GidText, EgidText, SgidText, FsgidText, SesText, PidText, PpidText, IdText;
    public string? AuidName, UidName, EuidName, GidName, EgidName;
    public List<string> Keys { get; } = [];

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
                case "arch": Set(ref ArchRaw, record, s); break;
                case "syscall": Set(ref SyscallRaw, record, s); break;
                case "success": Set(ref SuccessRaw, record, s); break;
                case "res": Set(ref ResultRaw, record, s); break;
                case "exit": Set(ref ExitRaw, record, s); break;
                case "auid": Set(ref AuidText, record, s); break;
                case "uid": Set(ref UidText, record, s); break;
                case "euid": Set(ref EuidText, record, s); break;
                case "suid": Set(ref SuidText, record, s); break;
                case "fsuid": Set(ref FsuidText, record, s); break;
                case "gid": Set(ref GidText, record, s); break;
                case "egid": Set(ref EgidText, record, s); break;
                case "sgid": Set(ref SgidText, record, s); break;
                case "fsgid": Set(ref FsgidText, record, s); break;
                case "ses": Set(ref SesText, record, s); break;
                case "pid": Set(ref PidText, record, s); break;
                case "ppid": Set(ref PpidText, record, s); break;
                case "id": Set(ref IdText, record, s); break;
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
                case "key" when KeyRaw is null:
                    KeyRaw = AuditRecordValues.Raw(record, s);
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

    private static void Set(ref string? slot, AuditRecord record, in AuditFieldSpan s)
    {
        if (slot is not null) return;
        slot = AuditRecordValues.Decode(record, s).Value;
    }

    /// <summary>A uid/gid/ses: null when unset (4294967295 or -1) or not a number.</summary>
    public static long? Id(string? text) =>
        long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v) && v is >= 0 and < 4294967295 ? v : null;

    public static int? Int(string? text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : null;

    /// <summary>A name from ENRICHED, else from a non-numeric value (ausearch -i style), else the lookup.</summary>
    public static string? Name(string? enriched, string? text, long? id, string host, AuditIdKind kind, AuditNameLookup? lookup)
    {
        if (enriched is { Length: > 0 } && enriched != "unset" && !enriched.StartsWith("unknown(", StringComparison.Ordinal)) return enriched;
        if (text is { Length: > 0 } && !char.IsAsciiDigit(text[0]) && text[0] != '-' && text != "unset") return text;
        return id is { } v && lookup is not null ? lookup(host, kind, v) : null;
    }

    /// <summary><c>?</c>, <c>(none)</c> and empty mean "no value" in user-space fields and tty.</summary>
    public static string? Present(string? value) => value is null or "" or "?" or "(none)" ? null : value;

    /// <summary>success=yes/no, else res=success/failed/1/0.</summary>
    public bool? Success() => SuccessRaw switch
    {
        "yes" => true,
        "no" => false,
        _ => ResultRaw switch
        {
            "success" or "yes" or "1" => true,
            "failed" or "fail" or "no" or "0" => false,
            _ => null,
        },
    };
}
