using System.Globalization;
using Audit.Domain.Events;

namespace Audit.Domain.Auditd;

/// <summary>Turns the records of one event into an <see cref="AssembledAuditEvent"/>. Pure.</summary>
internal static class AuditEventBuilder
{
    public static AssembledAuditEvent Build(IReadOnlyList<PendingAuditRecord> arrived, IReadOnlyList<long> duplicateIds, AuditEventCompletion completion, AuditNameLookup? names)
    {
        // Event order: the syscall record first, the rest as they arrived.
        var ordered = arrived.OrderBy(p => p.Record.TypeNumber is 1300 or 1336 ? 0 : 1).ToList();
        var records = ordered.ConvertAll(p => p.Record);
        var typeRecord = records.Find(r => !IsAuxiliary(r.TypeNumber)) ?? records[0];
        var primary = records[0].TypeNumber is 1300 or 1336 ? records[0] : typeRecord;
        var host = primary.Host;

        var facts = new AuditEventFacts();
        var argv = new ExecveArgvBuilder();
        var paths = new List<AuditPath>();
        var anomalies = new List<string>();
        AuditSockaddr? sockaddr = null;
        string? proctitle = null;
        AuditRecord? login = null;
        foreach (var r in records)
        {
            switch (r.TypeNumber)
            {
                case 1302: paths.Add(ReadPath(r, host, names)); break;
                case 1309: argv.Add(r); break;
                case 1327: proctitle ??= r.Get("proctitle"); break;
                case 1306: sockaddr ??= ReadSockaddr(r); break;
                case 1320: break;
                default: facts.Read(r); break;
            }

            if (r.TypeNumber == 1006) login ??= r;
        }

        paths.Sort((a, b) => (a.Item ?? int.MaxValue).CompareTo(b.Item ?? int.MaxValue));
        var args = argv.Any ? argv.Build(anomalies) : null;

        uint? archValue = AuditArchitectures.TryParse(facts.ArchRaw, out var a) ? a : facts.ArchRaw is { } an ? AuditArchitectures.FromName(an) : null;
        var arch = archValue is { } av ? AuditArchitectures.Name(av) ?? facts.ArchName ?? facts.ArchRaw : facts.ArchName ?? facts.ArchRaw;
        var syscallNumber = AuditEventFacts.Int(facts.SyscallRaw);
        var syscall = facts.SyscallName
            ?? (archValue is { } sv && syscallNumber is { } sn ? SyscallNames.Name(sv, sn) : null)
            ?? facts.SyscallRaw;
        long? exit = long.TryParse(facts.ExitRaw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var e) ? e : null;

        var auid = AuditEventFacts.Id(facts.AuidText);
        var uid = AuditEventFacts.Id(facts.UidText);
        var euid = AuditEventFacts.Id(facts.EuidText);
        var gid = AuditEventFacts.Id(facts.GidText);
        var egid = AuditEventFacts.Id(facts.EgidText);
        var success = facts.Success();
        var hasSyscall = records.Exists(r => r.TypeNumber == 1300);
        if (hasSyscall && AuditEventFacts.Int(primary.Get("items")) is { } items && paths.Count < items)
        {
            anomalies.Add(string.Create(CultureInfo.InvariantCulture, $"items={items} but {paths.Count} PATH"));
        }

        if (hasSyscall && completion != AuditEventCompletion.EndOfEvent) anomalies.Add("no EOE");
        if (duplicateIds.Count > 0) anomalies.Add(string.Create(CultureInfo.InvariantCulture, $"{duplicateIds.Count} duplicate records dropped"));

        var ev = new AssembledAuditEvent(primary.OccurredAt, host)
        {
            Node = primary.Node,
            Serial = primary.Serial,
            EventId = primary.EventId,
            Type = typeRecord.Type,
            RecordTypes = records.Where(r => r.TypeNumber != 1320).Select(r => r.Type).Distinct().ToList(),
            Arch = arch,
            SyscallNumber = syscallNumber,
            Syscall = syscall,
            Success = success,
            Exit = exit,
            ExitErrno = exit is < 0 and >= -4095 ? ErrnoNames.Name(exit.Value) : null,
            Auid = auid,
            Uid = uid,
            Euid = euid,
            Suid = AuditEventFacts.Id(facts.SuidText),
            Fsuid = AuditEventFacts.Id(facts.FsuidText),
            Gid = gid,
            Egid = egid,
            Sgid = AuditEventFacts.Id(facts.SgidText),
            Fsgid = AuditEventFacts.Id(facts.FsgidText),
            LoginUser = AuditEventFacts.Name(facts.AuidName, facts.AuidText, auid, host, AuditIdKind.User, names),
            User = AuditEventFacts.Name(facts.UidName, facts.UidText, uid, host, AuditIdKind.User, names),
            EffectiveUser = AuditEventFacts.Name(facts.EuidName, facts.EuidText, euid, host, AuditIdKind.User, names),
            Group = AuditEventFacts.Name(facts.GidName, facts.GidText, gid, host, AuditIdKind.Group, names),
            EffectiveGroup = AuditEventFacts.Name(facts.EgidName, facts.EgidText, egid, host, AuditIdKind.Group, names),
            Session = AuditEventFacts.Id(facts.SesText),
            Pid = AuditEventFacts.Int(facts.PidText),
            Ppid = AuditEventFacts.Int(facts.PpidText),
            Comm = facts.Comm,
            Exe = facts.Exe,
            Key = facts.Keys.Count > 0 ? facts.Keys[0] : null,
            Keys = facts.Keys,
            Tty = AuditEventFacts.Present(facts.Tty),
            Cwd = facts.Cwd,
            Argv = args?.ConvertAll(x => x.Value),
            Argc = argv.Argc,
            ArgvIncomplete = args is not null && argv.Missing > 0,
            Proctitle = proctitle,
            Paths = paths,
            Sockaddr = sockaddr,
            Subject = facts.Subject,
            Op = facts.Op,
            Acct = AuditEventFacts.Present(facts.Acct),
            AccountId = AuditEventFacts.Id(facts.IdText),
            Addr = AuditEventFacts.Present(facts.Addr),
            Hostname = AuditEventFacts.Present(facts.Hostname),
            Terminal = AuditEventFacts.Present(facts.Terminal),
            Result = facts.ResultRaw,
            Command = facts.Command,
            IsExecution = argv.Any || SyscallNames.IsExec(syscall),
            Fields = AuditFieldMap.Build(records, primary, args),
            RawLineIds = ordered.ConvertAll(p => p.RawLineId),
            DuplicateRawLineIds = duplicateIds,
            Completion = completion,
            Anomalies = anomalies,
        };

        return ev with
        {
            Sudo = typeRecord.TypeNumber == 1123 ? AuditDerivedEvents.Sudo(ev) : null,
            Login = login is null ? null : AuditDerivedEvents.Login(login, names),
        };
    }

    /// <summary>Records that describe a syscall's details rather than what happened.</summary>
    private static bool IsAuxiliary(int? type) =>
        type is 1300 or 1302 or 1303 or 1304 or 1306 or 1307 or 1309 or 1311 or 1312 or 1313 or 1314 or 1315
            or 1317 or 1318 or 1320 or 1321 or 1322 or 1323 or 1327 or 1336 or 1337;

    private static AuditPath ReadPath(AuditRecord r, string host, AuditNameLookup? names)
    {
        var ouidText = r.Get("ouid");
        var ogidText = r.Get("ogid");
        var ouid = AuditEventFacts.Id(ouidText);
        var ogid = AuditEventFacts.Id(ogidText);
        return new AuditPath(
            AuditEventFacts.Int(r.Get("item")),
            r.Get("name"),
            r.Get("nametype") ?? r.Get("objtype"),
            long.TryParse(r.Get("inode"), NumberStyles.None, CultureInfo.InvariantCulture, out var inode) ? inode : null,
            r.Get("dev"),
            r.Get("mode"),
            ouid,
            ogid,
            AuditEventFacts.Name(r.Get("OUID"), ouidText, ouid, host, AuditIdKind.User, names),
            AuditEventFacts.Name(r.Get("OGID"), ogidText, ogid, host, AuditIdKind.Group, names));
    }

    private static AuditSockaddr? ReadSockaddr(AuditRecord r) =>
        r.Get("saddr") is { } hex && SockaddrDecoder.TryDecode(hex, out var s) ? s : null;
}
