namespace Audit.Domain.Auditd;

/// <summary>Reads names and values of a record's field spans: the decoding rules in one place.</summary>
internal static class AuditRecordValues
{
    public static ReadOnlySpan<char> NameSpan(AuditRecord r, scoped in AuditFieldSpan s) => r.Text.AsSpan(s.NameStart, s.NameLength);

    public static ReadOnlySpan<char> ValueSpan(AuditRecord r, scoped in AuditFieldSpan s) => r.Text.AsSpan(s.ValueStart, s.ValueLength);

    public static string Name(AuditRecord r, in AuditFieldSpan s) => s.Synthetic switch
    {
        AuditSyntheticName.SeResult => "seresult",
        AuditSyntheticName.SePerms => "seperms",
        AuditSyntheticName.OldPrefix => NameSpan(r, s) switch
        {
            "auid" => "old-auid",
            "ses" => "old-ses",
            var other => string.Concat("old-", other),
        },
        _ => AuditFieldNames.Intern(NameSpan(r, s)),
    };

    public static bool NameIs(AuditRecord r, in AuditFieldSpan s, string name)
    {
        if (s.Synthetic == AuditSyntheticName.None) return NameSpan(r, s).SequenceEqual(name);
        return string.Equals(Name(r, s), name, StringComparison.Ordinal);
    }

    public static string Raw(AuditRecord r, in AuditFieldSpan s)
    {
        // A synthesised field has no "name=value" text; its raw form is the value (as auparse shows it).
        if (s.Synthetic == AuditSyntheticName.SePerms) return JoinWords(ValueSpan(r, s));
        if ((s.Flags & (AuditSpanFlags.Quoted | AuditSpanFlags.Braced)) == 0) return ValueSpan(r, s).ToString();
        var closed = (s.Flags & AuditSpanFlags.Unterminated) == 0 ? 1 : 0;
        var end = Math.Min(r.Text.Length, s.ValueStart + s.ValueLength + closed);
        return r.Text[(s.ValueStart - 1)..end];
    }

    public static (string? Value, AuditValueKind Kind) Decode(AuditRecord r, in AuditFieldSpan s)
    {
        var raw = ValueSpan(r, s);
        if (s.Synthetic == AuditSyntheticName.SePerms) return (JoinWords(raw), AuditValueKind.Braced);
        if (s.Quoted) return (raw.ToString(), AuditValueKind.Quoted);
        if ((s.Flags & AuditSpanFlags.Braced) != 0) return (raw.Trim().ToString(), AuditValueKind.Braced);
        if (raw.SequenceEqual("(null)")) return (null, AuditValueKind.Null);
        if (s.Synthetic == AuditSyntheticName.None && AuditValueDecoder.IsHex(raw) && AuditFieldNames.IsEncoded(NameSpan(r, s), s.Enrichment, r.IsExecve))
        {
            return (DecodeHex(NameSpan(r, s), raw), AuditValueKind.Hex);
        }

        return (raw.ToString(), AuditValueKind.Bare);
    }

    /// <summary>The rule keys of a <c>key=</c> value: one, or several hex-joined with 0x01.</summary>
    public static List<string> Keys(AuditRecord r, in AuditFieldSpan s)
    {
        var raw = ValueSpan(r, s);
        if (!s.Quoted && AuditValueDecoder.IsHex(raw)) return AuditValueDecoder.HexToNulSeparated(raw, 0x01);
        var value = Decode(r, s).Value;
        return value is null ? [] : [value];
    }

    private static string DecodeHex(ReadOnlySpan<char> name, ReadOnlySpan<char> hex)
    {
        if (name.SequenceEqual("proctitle")) return string.Join(' ', AuditValueDecoder.HexToNulSeparated(hex));
        if (name.SequenceEqual("key")) return string.Join(',', AuditValueDecoder.HexToNulSeparated(hex, 0x01));
        return AuditValueDecoder.HexToText(hex);
    }

    private static string JoinWords(ReadOnlySpan<char> words)
    {
        var parts = new List<string>();
        foreach (var range in words.Split(' '))
        {
            var w = words[range];
            if (!w.IsEmpty) parts.Add(w.ToString());
        }

        return string.Join(',', parts);
    }
}
