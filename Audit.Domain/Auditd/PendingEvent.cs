using System.Globalization;

namespace Audit.Domain.Auditd;

/// <summary>The records gathered so far for one event key, and what they say about completeness.</summary>
internal sealed class PendingEvent(int firstIndex)
{
    private readonly List<(int Index, PendingAuditRecord Record)> _records = [];
    private HashSet<string>? _texts;

    public int FirstIndex { get; } = firstIndex;

    public List<long> DuplicateIds { get; } = [];

    public int Count => _records.Count;

    public PendingAuditRecord First => _records[0].Record;

    public IReadOnlyList<PendingAuditRecord> Records => _records.ConvertAll(r => r.Record);

    public IEnumerable<(int Index, PendingAuditRecord Record)> Indexed => _records;

    public DateTimeOffset LastArrival { get; private set; } = DateTimeOffset.MinValue;

    public bool HasEndOfEvent { get; private set; }

    public bool HasStandalone { get; private set; }

    public void Add(PendingAuditRecord p, int index)
    {
        _records.Add((index, p));
        _texts?.Add(p.Record.Text);
        if (p.ArrivedAt > LastArrival) LastArrival = p.ArrivedAt;
        HasEndOfEvent |= p.Record.TypeNumber == AuditRecordTypes.Eoe;
        HasStandalone |= AuditRecordTypes.IsStandalone(p.Record.TypeNumber);
    }

    public bool IsDuplicate(AuditRecord r)
    {
        if (_records.Count < 16)
        {
            foreach (var (_, p) in _records)
            {
                if (string.Equals(p.Record.Text, r.Text, StringComparison.Ordinal)) return true;
            }

            return false;
        }

        _texts ??= new HashSet<string>(_records.Select(x => x.Record.Record.Text), StringComparer.Ordinal);
        return _texts.Contains(r.Text);
    }

    /// <summary>True when the group holds nothing but EOE (its records were emitted already).</summary>
    public bool OnlyEndOfEvent => _records.TrueForAll(r => r.Record.Record.TypeNumber == AuditRecordTypes.Eoe);

    /// <summary>EOE is trusted once the SYSCALL is there with its PATH items and EXECVE arguments.</summary>
    public bool IsConsistent() => Check(requireSyscall: true);

    /// <summary>Nothing the records announce is missing (a group without SYSCALL announces nothing).</summary>
    public bool LooksComplete() => Check(requireSyscall: false);

    private bool Check(bool requireSyscall)
    {
        AuditRecord? syscall = null;
        var paths = 0;
        HashSet<int>? args = null;
        int? argc = null;
        foreach (var (_, p) in _records)
        {
            var r = p.Record;
            switch (r.TypeNumber)
            {
                case AuditRecordTypes.Syscall or AuditRecordTypes.Uringop: syscall ??= r; break;
                case AuditRecordTypes.Path: paths++; break;
                case AuditRecordTypes.Execve: CountArgs(r, args ??= [], ref argc); break;
            }
        }

        if (syscall is null) return !requireSyscall;
        if (int.TryParse(syscall.Get("items"), NumberStyles.None, CultureInfo.InvariantCulture, out var items) && paths < items) return false;
        return argc is null || (args?.Count ?? 0) >= argc;
    }

    private static void CountArgs(AuditRecord r, HashSet<int> args, ref int? argc)
    {
        foreach (var s in r.Spans)
        {
            var name = AuditRecordValues.NameSpan(r, s);
            if (name.SequenceEqual("argc"))
            {
                if (int.TryParse(AuditRecordValues.ValueSpan(r, s), NumberStyles.None, CultureInfo.InvariantCulture, out var n)) argc ??= n;
                continue;
            }

            if (name.Length < 2 || name[0] != 'a' || !char.IsAsciiDigit(name[1])) continue;
            var end = 1;
            while (end < name.Length && char.IsAsciiDigit(name[end])) end++;
            if (args.Count < 1_000_000 && int.TryParse(name[1..end], NumberStyles.None, CultureInfo.InvariantCulture, out var i)) args.Add(i);
        }
    }
}
