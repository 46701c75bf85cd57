using System.Globalization;

namespace Audit.Domain.Auditd;

/// <summary>Turns the records of one event into an <see cref="AssembledAuditEvent"/>. Pure.</summary>
internal static class AuditEventBuilder
{
    public static AssembledAuditEvent Build(IReadOnlyList<PendingAuditRecord> arrived, IReadOnlyList<long> duplicateIds, AuditEventCompletion completion, AuditNameLookup? names)
    {
        var read = EventRecords.Read(arrived, names);
        var anomalies = new List<string>();
        var args = read.Argv.Any ? read.Argv.Build(anomalies) : null;
        NoteGaps(read, completion, duplicateIds, anomalies);
        var ev = Describe(read, args, duplicateIds, completion, anomalies, names);
        return WithDerivedEvents(ev, read.TypeRecord.TypeNumber, read.Login, names);
    }

    /// <summary>What the records show to be missing: PATH items the syscall announced, EOE, dropped duplicates.</summary>
    private static void NoteGaps(in EventRecords read, AuditEventCompletion completion, IReadOnlyList<long> duplicateIds, List<string> anomalies)
    {
        if (read.HasSyscall && read.Facts.Items.Int is { } items && read.Paths.Count < items)
        {
            anomalies.Add(string.Create(CultureInfo.InvariantCulture, $"items={items} but {read.Paths.Count} PATH"));
        }

        if (read.HasSyscall && completion != AuditEventCompletion.EndOfEvent) anomalies.Add("no EOE");
        if (duplicateIds.Count > 0) anomalies.Add(string.Create(CultureInfo.InvariantCulture, $"{duplicateIds.Count} duplicate records dropped"));
    }

    /// <summary>The event's fields from what its records said (a flat list: one line per property).</summary>
    private static AssembledAuditEvent Describe(
        in EventRecords read, List<(int Index, string Value)>? args, IReadOnlyList<long> duplicateIds, AuditEventCompletion completion, List<string> anomalies, AuditNameLookup? names)
    {
        var (facts, primary, host) = (read.Facts, read.Primary, read.Primary.Host);
        var (arch, syscallNumber, syscall) = NameSyscall(facts);
        var exit = facts.Exit.Long;
        var auid = facts.Auid.Id;
        var uid = facts.Uid.Id;
        var euid = facts.Euid.Id;
        var gid = facts.Gid.Id;
        var egid = facts.Egid.Id;
        return new AssembledAuditEvent(primary.OccurredAt, host)
        {
            Node = primary.Node,
            Serial = primary.Serial,
            EventId = primary.EventId,
            Type = read.TypeRecord.Type,
            RecordTypes = read.RecordTypes,
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
            Argc = read.Argv.Argc,
            ArgvIncomplete = args is not null && read.Argv.Missing > 0,
            Proctitle = read.Proctitle,
            Paths = read.Paths,
            Sockaddr = read.Sockaddr,
            Subject = facts.Subject,
            Op = facts.Op,
            Acct = AuditEventFacts.Present(facts.Acct),
            AccountId = facts.Id.Id,
            Addr = AuditEventFacts.Present(facts.Addr),
            Hostname = AuditEventFacts.Present(facts.Hostname),
            Terminal = AuditEventFacts.Present(facts.Terminal),
            Result = facts.Result.Text,
            Command = facts.Command,
            IsExecution = read.Argv.Any || SyscallNames.IsExec(syscall),
            Fields = AuditFieldMap.Build(read.Records, primary, args),
            RawLineIds = read.Ordered.ConvertAll(p => p.RawLineId),
            DuplicateRawLineIds = duplicateIds,
            Completion = completion,
            Anomalies = anomalies,
        };
    }

    /// <summary>Architecture and syscall names: ENRICHED ones first, else from the arch's table, else the raw text.</summary>
    private static (string? Arch, int? Number, string? Name) NameSyscall(AuditEventFacts facts)
    {
        uint? archValue = AuditArchitectures.TryParse(facts.Arch.Raw, out var a) ? a : facts.Arch.Found ? AuditArchitectures.FromName(facts.Arch.Raw) : null;
        var arch = archValue is { } av ? AuditArchitectures.Name(av) ?? facts.ArchName ?? facts.Arch.Text : facts.ArchName ?? facts.Arch.Text;
        var syscallNumber = facts.Syscall.Int;
        var syscall = facts.SyscallName
            ?? (archValue is { } sv && syscallNumber is { } sn ? SyscallNames.Name(sv, sn) : null)
            ?? facts.Syscall.Text;
        return (arch, syscallNumber, syscall);
    }

    /// <summary>The sudo command, login or account change an auditd event also is, beside the event itself.</summary>
    private static AssembledAuditEvent WithDerivedEvents(AssembledAuditEvent ev, int? type, AuditRecord? login, AuditNameLookup? names)
    {
        var account = type is { } t && AuditDerivedEvents.IsAccountChange(t) ? t : 0;
        if (type != AuditRecordTypes.UserCmd && login is null && account == 0) return ev;
        return ev with
        {
            Sudo = type == AuditRecordTypes.UserCmd ? AuditDerivedEvents.Sudo(ev) : null,
            Login = login is null ? null : AuditDerivedEvents.Login(login, names),
            Account = account == 0 ? null : AuditDerivedEvents.Account(ev, account, names),
        };
    }

    private static bool IsSyscall(int? type) => type is AuditRecordTypes.Syscall or AuditRecordTypes.Uringop;

    /// <summary>Records that describe a syscall's details rather than what happened.</summary>
    private static bool IsAuxiliary(int? type) =>
        type is AuditRecordTypes.Syscall or AuditRecordTypes.Path or AuditRecordTypes.Ipc or AuditRecordTypes.Socketcall
            or AuditRecordTypes.Sockaddr or AuditRecordTypes.Cwd or AuditRecordTypes.Execve or AuditRecordTypes.IpcSetPerm
            or AuditRecordTypes.MqOpen or AuditRecordTypes.MqSendrecv or AuditRecordTypes.MqNotify or AuditRecordTypes.MqGetsetattr
            or AuditRecordTypes.FdPair or AuditRecordTypes.ObjPid or AuditRecordTypes.Eoe or AuditRecordTypes.BprmFcaps
            or AuditRecordTypes.Capset or AuditRecordTypes.Mmap or AuditRecordTypes.Proctitle or AuditRecordTypes.Uringop
            or AuditRecordTypes.Openat2;

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

    /// <summary>An event's records in event order, read in one pass: what each kind of record contributes.</summary>
    private readonly struct EventRecords
    {
        public required List<PendingAuditRecord> Ordered { get; init; }

        public required List<AuditRecord> Records { get; init; }

        /// <summary>The record that says what happened (the first one that is not a syscall detail).</summary>
        public required AuditRecord TypeRecord { get; init; }

        /// <summary>Time, serial and host come from here: the syscall record when there is one.</summary>
        public required AuditRecord Primary { get; init; }

        public required AuditEventFacts Facts { get; init; }

        public required ExecveArgvBuilder Argv { get; init; }

        public required List<AuditPath> Paths { get; init; }

        public required List<string> RecordTypes { get; init; }

        public AuditSockaddr? Sockaddr { get; init; }

        public string? Proctitle { get; init; }

        public AuditRecord? Login { get; init; }

        public bool HasSyscall { get; init; }

        public static EventRecords Read(IReadOnlyList<PendingAuditRecord> arrived, AuditNameLookup? names)
        {
            // Event order: the syscall record first, the rest as they arrived.
            var ordered = new List<PendingAuditRecord>(arrived.Count);
            foreach (var p in arrived) if (IsSyscall(p.Record.TypeNumber)) ordered.Add(p);
            foreach (var p in arrived) if (!IsSyscall(p.Record.TypeNumber)) ordered.Add(p);
            var records = ordered.ConvertAll(p => p.Record);
            var typeRecord = records.Find(r => !IsAuxiliary(r.TypeNumber)) ?? records[0];
            var primary = IsSyscall(records[0].TypeNumber) ? records[0] : typeRecord;
            var host = primary.Host;

            var facts = new AuditEventFacts();
            var argv = new ExecveArgvBuilder();
            var paths = new List<AuditPath>();
            var recordTypes = new List<string>(records.Count);
            AuditSockaddr? sockaddr = null;
            string? proctitle = null;
            AuditRecord? login = null;
            var hasSyscall = false;
            foreach (var r in records)
            {
                if (r.TypeNumber != AuditRecordTypes.Eoe && !recordTypes.Contains(r.Type)) recordTypes.Add(r.Type);
                switch (r.TypeNumber)
                {
                    case AuditRecordTypes.Path: paths.Add(ReadPath(r, host, names)); break;
                    case AuditRecordTypes.Execve: argv.Add(r); break;
                    case AuditRecordTypes.Proctitle: proctitle ??= r.Get("proctitle"); break;
                    case AuditRecordTypes.Sockaddr: sockaddr ??= r.Get("saddr") is { } hex && SockaddrDecoder.TryDecode(hex, out var s) ? s : null; break;
                    case AuditRecordTypes.Eoe: break;
                    default: facts.Read(r); break;
                }

                hasSyscall |= r.TypeNumber == AuditRecordTypes.Syscall;
                if (r.TypeNumber == AuditRecordTypes.Login) login ??= r;
            }

            paths.Sort((a, b) => (a.Item ?? int.MaxValue).CompareTo(b.Item ?? int.MaxValue));
            return new EventRecords
            {
                Ordered = ordered, Records = records, TypeRecord = typeRecord, Primary = primary, Facts = facts, Argv = argv, Paths = paths,
                RecordTypes = recordTypes, Sockaddr = sockaddr, Proctitle = proctitle, Login = login, HasSyscall = hasSyscall,
            };
        }
    }
}
