using System.Globalization;
using System.Text;

namespace Audit.Domain.Auditd;

/// <summary>
/// Rebuilds argv from an event's EXECVE records: <c>argc</c>, <c>aN</c> (quoted or hex), and long
/// arguments split as <c>aN_len=</c> + <c>aN[i]=</c> pieces, possibly over several records. Pieces are
/// joined before hex decoding so a UTF-8 character cut at a piece boundary survives. Arguments argc
/// announces but the records lack are reported, never invented.
/// </summary>
internal sealed class ExecveArgvBuilder
{
    private readonly Dictionary<int, Arg> _args = [];

    public int? Argc { get; private set; }

    public bool Any { get; private set; }

    public void Add(AuditRecord record)
    {
        Any = true;
        foreach (var s in record.Spans)
        {
            if (s.Enrichment || s.Synthetic != AuditSyntheticName.None) continue;
            var name = AuditRecordValues.NameSpan(record, s);
            if (name.SequenceEqual("argc"))
            {
                if (Argc is null && int.TryParse(AuditRecordValues.ValueSpan(record, s), NumberStyles.None, CultureInfo.InvariantCulture, out var argc)) Argc = argc;
                continue;
            }

            if (name.Length < 2 || name[0] != 'a' || !char.IsAsciiDigit(name[1])) continue;
            var digits = 1;
            while (digits < name.Length && char.IsAsciiDigit(name[digits])) digits++;
            if (!int.TryParse(name[1..digits], NumberStyles.None, CultureInfo.InvariantCulture, out var index)) continue;
            var rest = name[digits..];
            if (!_args.TryGetValue(index, out var arg)) _args[index] = arg = new Arg();
            if (rest.IsEmpty)
            {
                arg.Whole ??= AuditRecordValues.Decode(record, s).Value ?? string.Empty;
            }
            else if (rest.SequenceEqual("_len"))
            {
                if (long.TryParse(AuditRecordValues.ValueSpan(record, s), NumberStyles.None, CultureInfo.InvariantCulture, out var len)) arg.Length = len;
            }
            else if (rest.Length > 2 && rest[0] == '[' && rest[^1] == ']'
                && int.TryParse(rest[1..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var piece))
            {
                arg.Pieces ??= [];
                arg.Pieces.TryAdd(piece, (AuditRecordValues.ValueSpan(record, s).ToString(), s.Quoted));
            }
        }
    }

    /// <summary>The arguments found, in order, and what is missing.</summary>
    public List<(int Index, string Value)> Build(List<string> anomalies)
    {
        var indices = new int[_args.Count];
        _args.Keys.CopyTo(indices, 0);
        Array.Sort(indices);
        var argv = new List<(int Index, string Value)>(_args.Count);
        var missing = 0;
        var expected = 0;
        foreach (var index in indices)
        {
            var arg = _args[index];
            missing += index - expected;
            expected = index + 1;
            var value = arg.Value(out var truncated);
            if (truncated) anomalies.Add(string.Create(CultureInfo.InvariantCulture, $"a{index} shorter than a{index}_len"));
            if (value is not null) argv.Add((index, value));
            else missing++;
        }

        if (Argc is { } n && n > expected) missing += n - expected;
        if (missing > 0) anomalies.Add(string.Create(CultureInfo.InvariantCulture, $"argc={Argc} but {argv.Count} arguments"));
        Missing = missing;
        return argv;
    }

    public int Missing { get; private set; }

    private sealed class Arg
    {
        public string? Whole;
        public long? Length;
        public SortedDictionary<int, (string Raw, bool Quoted)>? Pieces;

        public string? Value(out bool truncated)
        {
            truncated = false;
            if (Whole is not null) return Whole;
            if (Pieces is null) return null;
            var sb = new StringBuilder();
            var allHex = true;
            foreach (var (raw, quoted) in Pieces.Values) allHex &= !quoted && AuditValueDecoder.IsHex(raw);
            foreach (var (raw, _) in Pieces.Values) sb.Append(raw);
            var joined = sb.ToString();
            var bytes = allHex ? joined.Length / 2 : Encoding.UTF8.GetByteCount(joined);
            truncated = Length is { } len && bytes < len;
            return allHex ? AuditValueDecoder.HexToText(joined) : joined;
        }
    }
}
