using System.Globalization;
using Audit.Domain.Events;

namespace Audit.Domain.Auditd;

/// <summary>Turns the records of one event into an <see cref="AssembledAuditEvent"/>. Pure.</summary>
internal static class AuditEventBuilder
{
    public static AssembledAuditEvent Build(IReadOnlyList<PendingAuditRecord> arrived, IReadOnlyList<long> duplicateIds, AuditEventCompletion completion, AuditNameLookup? names)
    {
        // Event order: the syscall record first, the rest as they arrived.
        var ordered = new List<PendingAuditRecord>(arrived.Count);
        foreach (var p in arrived) if (p.Record.TypeNumber is 1300 or 1336) ordered.Add(p);
        foreach (var p in arrived) if (p.Record.TypeNumber is not (1300 or 1336)) ordered.Add(p);
        var records = ordered.ConvertAll(p => p.Record);
        var typeRecord = records.Find(r => !IsAuxiliary(r.TypeNumber)) ?? records[0];
        var primary = records[0].TypeNumber is 1300 or 1336 ? records[0] : typeRecord;
        var host = primary.Host;

        var facts = new AuditEventFacts();
        var argv = new ExecveArgvBuilder();
        var paths = new List<AuditPath>();
        var anomalies = new List<string>();
        var recordTypes = new List<string>(records.Count);
        AuditSockaddr? sockaddr = null;
        string? proctitle = null;
        AuditRecord? login = null;
        var hasSyscall = false;
        foreach (var r in records)
        {
            if (r.TypeNumber != 1320 && !recordTypes.Contains(r.Type)) recordTypes.Add(r.Type);
            switch (r.TypeNumber)
            {
                case 1302: paths.Add(ReadPath(r, host, names)); break;
                case 1309: argv.Add(r); break;
                case 1327: proctitle ??= r.Get("proctitle"); break;
                case 1306: sockaddr ??= r.Get("saddr") is { } hex && SockaddrDecoder.TryDecode(hex, out var s) ? s : null; break;
                case 1320: break;
                default: facts.Read(r); break;
            }

            hasSyscall |= r.TypeNumber == 1300;
            if (r.TypeNumber == 1006) login ??= r;
        }

        paths.Sort((a, b) => (a.Item ?? int.MaxValue).CompareTo(b.Item ?? int.MaxValue));
        var args = argv.Any ? argv.Build(anomalies) : null;

        uint? archValue = AuditArchitectures.TryParse(facts.Arch.Raw, out var a) ? a : facts.Arch.Found ? AuditArchitectures.FromName(facts.Arch.Raw) : null;
        var arch = archValue is { } av ? AuditArchitectures.Name(av) ?? facts.ArchName ?? facts.Arch.Text : facts.ArchName ?? facts.Arch.Text;
        var syscallNumber = facts.Syscall.Int;
        var syscall = facts.SyscallName
            ?? (archValue is { } sv && syscallNumber is { } sn ? SyscallNames.Name(sv, sn) : null)
            ?? facts.Syscall.Text;
        var exit = facts.Exit.Long;
        var auid = facts.Auid.Id;
        var uid = facts.Uid.Id;
        var euid = facts.Euid.Id;
        var gid = facts.Gid.Id;
        var egid = facts.Egid.Id;
        if (hasSyscall && facts.Items.Int is { } items && paths.Count < items)
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
            RecordTypes = recordTypes,
            Arch = arch,
            SyscallNumber = syscallNumber,
            Syscall = syscall,
            Success = facts.Outcome(),
            Exit = exit,
            ExitErrno = exit is < 0 and >= -4095 ? ErrnoNames.Name(exit.Value) : null,
            Auid = auid,
            Uid = uid,
            Euid = euid,
            Suid = facts.Suid.Id,
            Fsuid = facts.Fsuid.Id,
            Gid = gid,
            Egid = egid,
            Sgid = facts.Sgid.Id,
            Fsgid = facts.Fsgid.Id,
            LoginUser = AuditEventFacts.Name(facts.AuidName, facts.Auid, auid, host, AuditIdKind.User, names),
            User = AuditEventFacts.Name(facts.UidName, facts.Uid, uid, host, AuditIdKind.User, names),
            EffectiveUser = AuditEventFacts.Name(facts.EuidName, facts.Euid, euid, host, AuditIdKind.User, names),
            Group = AuditEventFacts.Name(facts.GidName, facts.Gid, gid, host, AuditIdKind.Group, names),
            EffectiveGroup = AuditEventFacts.Name(facts.EgidName, facts.Egid, egid, host, AuditIdKind.Group, names),
            Session = facts.Ses.Id,
            Pid = facts.Pid.Int,
            Ppid = facts.Ppid.Int,
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
            AccountId = facts.Id.Id,
            Addr = AuditEventFacts.Present(facts.Addr),
            Hostname = AuditEventFacts.Present(facts.Hostname),
            Terminal = AuditEventFacts.Present(facts.Terminal),
            Result = facts.Result.Text,
            Command = facts.Command,
            IsExecution = argv.Any || SyscallNames.IsExec(syscall),
            Fields = AuditFieldMap.Build(records, primary, args),
            RawLineIds = ordered.ConvertAll(p => p.RawLineId),
            DuplicateRawLineIds = duplicateIds,
            Completion = completion,
            Anomalies = anomalies,
        };

        var account = typeRecord.TypeNumber is { } t && AuditDerivedEvents.IsAccountChange(t) ? t : 0;
        if (typeRecord.TypeNumber != 1123 && login is null && account == 0) return ev;
        return ev with
        {
            Sudo = typeRecord.TypeNumber == 1123 ? AuditDerivedEvents.Sudo(ev) : null,
            Login = login is null ? null : AuditDerivedEvents.Login(login, names),
            Account = account == 0 ? null : AuditDerivedEvents.Account(ev, account, names),
        };
    }

    /// <summary>Records that describe a syscall's details rather than what happened.</summary>
    private static bool IsAuxiliary(int? type) =>
        type is 1300 or 1302 or 1303 or 1304 or 1306 or 1307 or 1309 or 1311 or 1312 or 1313 or 1314 or 1315
            or 1317 or 1318 or 1320 or 1321 or 1322 or 1323 or 1327 or 1336 or 1337;

    private static AuditPath ReadPath(AuditRecord r, string host, AuditNameLookup? names)
    {
        AuditFieldRef item = default, inode = default, ouid = default, ogid = default;
        string? name = null, nametype = null, dev = null, mode = null, owner = null, group = null;
        foreach (var s in r.Spans)
        {
            switch (AuditRecordValues.NameSpan(r, s))
            {
                case "item": item = new AuditFieldRef(r, s); break;
                case "name": name ??= AuditRecordValues.Decode(r, s).Value; break;
                case "nametype" or "objtype": nametype ??= AuditRecordValues.Decode(r, s).Value; break;
                case "inode": inode = new AuditFieldRef(r, s); break;
                case "dev": dev ??= AuditRecordValues.Decode(r, s).Value; break;
                case "mode": mode ??= AuditRecordValues.Decode(r, s).Value; break;
                case "ouid": ouid = new AuditFieldRef(r, s); break;
                case "ogid": ogid = new AuditFieldRef(r, s); break;
                case "OUID" when s.Enrichment: owner ??= AuditRecordValues.Decode(r, s).Value; break;
                case "OGID" when s.Enrichment: group ??= AuditRecordValues.Decode(r, s).Value; break;
            }
        }

        return new AuditPath(
            item.Int,
            name,
            nametype,
            inode.Long is >= 0 and var i ? i : null,
            dev,
            mode,
            ouid.Id,
            ogid.Id,
            AuditEventFacts.Name(owner, ouid, ouid.Id, host, AuditIdKind.User, names),
            AuditEventFacts.Name(group, ogid, ogid.Id, host, AuditIdKind.Group, names));
    }
}
