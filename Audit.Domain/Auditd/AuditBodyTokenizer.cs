using System.Buffers;

namespace Audit.Domain.Auditd;

/// <summary>
/// Splits a record body into <c>name=value</c> spans the way auditd writes them: <c>"…"</c> text,
/// bare values, user-space <c>msg='…'</c> (its fields flattened, marked as message fields), ENRICHED
/// fields after 0x1d (or upper-case names), <c>{ … }</c> groups, and the old spellings (RHEL 5/6
/// <c>old auid=</c>, <c>(hostname=?, addr=?, terminal=cron res=success)</c>, SELinux
/// <c>avc:  denied  { read }</c>, shadow-utils' unquoted <c>op=adding group to /etc/group</c>).
/// Linear, allocation-free, never throws.
/// </summary>
internal static class AuditBodyTokenizer
{
    public const int MaxFields = 65_536;

    private static readonly SearchValues<char> KeyStops = SearchValues.Create(" \t\r\n=\u001d\"{'\\#");
    private static readonly SearchValues<char> BareStops = SearchValues.Create(" \t\r\n\u001d'\\#(");

    /// <summary>Adds the fields of <c>s[pos..]</c>; returns where the record ends (a second record may follow on a joined line).</summary>
    public static int Tokenize(ReadOnlySpan<char> s, int pos, List<AuditFieldSpan> into)
    {
        var state = new State();
        while (pos < s.Length && into.Count < MaxFields)
        {
            var c = s[pos];
            if (c is ' ' or '\t' or '\r' or '\n') { pos++; continue; }
            if (c == '\u001d') { state.Enrich = true; state.InMsg = false; pos++; continue; }
            if (c is '\\' or '#' && IsEscapedSeparator(s[pos..], out var escLength)) { state.Enrich = true; state.InMsg = false; pos += escLength; continue; }
            if (c == '\'') { state.InMsg = false; pos++; continue; }
            if (c == '"') { pos = SkipPast(s, pos + 1, '"'); continue; }
            if (c == '{') { pos = BraceGroup(s, pos, ref state, into); continue; }

            var start = pos;
            var rel = s[pos..].IndexOfAny(KeyStops);
            pos = rel < 0 ? s.Length : pos + rel;
            if (pos < s.Length && s[pos] == '=' && pos > start)
            {
                if (!state.InMsg && !state.Enrich && EmbeddedRecordStarts(s, start, pos)) return start;
                pos = Field(s, start, pos, ref state, into);
            }
            else
            {
                Word(s[start..pos], start, ref state, into);
                if (pos == start) pos++;
            }
        }

        return s.Length;
    }

    private static int Field(ReadOnlySpan<char> s, int start, int eq, ref State state, List<AuditFieldSpan> into)
    {
        var nameStart = start;
        if (s[nameStart] == '(') { nameStart++; state.Paren = true; }
        var name = s[nameStart..eq];
        var pos = eq + 1;
        var synthetic = state.OldPrefix ? AuditSyntheticName.OldPrefix : AuditSyntheticName.None;
        state.OldPrefix = false;
        if (name.IsEmpty) return pos;

        var flags = state.InMsg ? AuditSpanFlags.Message : AuditSpanFlags.None;
        if (state.Enrich || AuditFieldNames.IsEnrichmentName(name)) flags |= AuditSpanFlags.Enrichment;

        if (pos < s.Length && s[pos] == '"')
        {
            var close = s[(pos + 1)..].IndexOf('"');
            if (close < 0)
            {
                var end = SegmentEnd(s, pos + 1);
                into.Add(new AuditFieldSpan(nameStart, name.Length, pos + 1, end - pos - 1, flags | AuditSpanFlags.Quoted | AuditSpanFlags.Unterminated, synthetic));
                return end;
            }

            into.Add(new AuditFieldSpan(nameStart, name.Length, pos + 1, close, flags | AuditSpanFlags.Quoted, synthetic));
            return pos + close + 2;
        }

        if (pos < s.Length && s[pos] == '\'' && !state.InMsg && name.SequenceEqual("msg"))
        {
            state.InMsg = true;
            return pos + 1;
        }

        if (pos < s.Length && s[pos] == '{')
        {
            var close = s[(pos + 1)..].IndexOf('}');
            var end = close < 0 ? s.Length : pos + 1 + close;
            var unterminated = close < 0 ? AuditSpanFlags.Unterminated : AuditSpanFlags.None;
            into.Add(new AuditFieldSpan(nameStart, name.Length, pos + 1, end - pos - 1, flags | AuditSpanFlags.Braced | unterminated, synthetic));
            return close < 0 ? end : end + 1;
        }

        var valueEnd = BareEnd(s, pos, state.InMsg);
        var next = valueEnd;
        if (state.InMsg && name.SequenceEqual("op")) valueEnd = next = ExtendOverWords(s, valueEnd);
        var length = TrimmedLength(s[pos..valueEnd], ref state);
        into.Add(new AuditFieldSpan(nameStart, name.Length, pos, length, flags, synthetic));
        return next;
    }

    private static void Word(ReadOnlySpan<char> word, int start, ref State state, List<AuditFieldSpan> into)
    {
        state.OldPrefix = word.SequenceEqual("old");
        if (word.SequenceEqual("avc:"))
        {
            state.AfterAvc = true;
        }
        else if (state.AfterAvc && (word.SequenceEqual("denied") || word.SequenceEqual("granted")))
        {
            into.Add(new AuditFieldSpan(start, 0, start, word.Length, AuditSpanFlags.None, AuditSyntheticName.SeResult));
        }
    }

    private static int BraceGroup(ReadOnlySpan<char> s, int pos, ref State state, List<AuditFieldSpan> into)
    {
        var close = s[(pos + 1)..].IndexOf('}');
        var end = close < 0 ? s.Length : pos + 1 + close;
        if (state.AfterAvc)
        {
            into.Add(new AuditFieldSpan(pos, 0, pos + 1, end - pos - 1, AuditSpanFlags.Braced, AuditSyntheticName.SePerms));
            state.AfterAvc = false;
        }

        return close < 0 ? end : end + 1;
    }

    private static int BareEnd(ReadOnlySpan<char> s, int pos, bool inMsg)
    {
        while (true)
        {
            var rel = s[pos..].IndexOfAny(BareStops);
            if (rel < 0) return s.Length;
            pos += rel;
            var c = s[pos];
            if (c is '\\' or '#')
            {
                if (IsEscapedSeparator(s[pos..], out _)) return pos;
            }
            else if (c == '(')
            {
                // "(null)" glued to an ENRICHED name when a copy lost the 0x1d: "key=(null)ARCH=x86_64".
                if (s[pos..].StartsWith("(null)", StringComparison.Ordinal) && pos + 6 < s.Length && char.IsAsciiLetterUpper(s[pos + 6])
                    && (pos == 0 || s[pos - 1] == '=')) return pos + 6;
            }
            else if (c != '\'' || (inMsg && (pos + 1 == s.Length || s[pos + 1] is ' ' or '\t' or '\r' or '\n' or '\u001d')))
            {
                // Inside msg='…' a quote ends the message only where a word ends; elsewhere it is text.
                return pos;
            }

            pos++;
        }
    }

    // shadow-utils writes op= with spaces unquoted: "op=adding group to /etc/group id=1004".
    private static int ExtendOverWords(ReadOnlySpan<char> s, int end)
    {
        while (end + 1 < s.Length && s[end] == ' ' && s[end + 1] is not (' ' or '\'' or '\u001d'))
        {
            var wordEnd = BareEnd(s, end + 1, inMsg: true);
            if (s[(end + 1)..wordEnd].Contains('=')) break;
            end = wordEnd;
        }

        return end;
    }

    private static int TrimmedLength(ReadOnlySpan<char> value, ref State state)
    {
        if (value.Length > 1 && value[^1] == ',') value = value[..^1];
        if (state.Paren && value.Length > 0 && value[^1] == ')')
        {
            value = value[..^1];
            state.Paren = false;
        }

        // "uid=848:" (RHEL 5 user-space records) and "key=…\"" (a stray closing quote).
        if (value.Length > 1 && value[^1] == ':' && !value[..^1].ContainsAnyExceptInRange('0', '9')) value = value[..^1];
        if (value.Length > 1 && value[^1] == '"' && value[..^1].IndexOf('"') < 0) value = value[..^1];
        return value.Length;
    }

    private static bool EmbeddedRecordStarts(ReadOnlySpan<char> s, int keyStart, int eq)
    {
        var name = s[keyStart..eq];
        if (!name.SequenceEqual("type") && !name.SequenceEqual("node")) return false;
        var valueEnd = s[(eq + 1)..].IndexOf(' ');
        if (valueEnd < 0) return false;
        var rest = s[(eq + 1 + valueEnd)..].TrimStart(' ');
        return name.SequenceEqual("node")
            ? rest.StartsWith("type=", StringComparison.Ordinal)
            : rest.StartsWith("msg=audit(", StringComparison.Ordinal) || rest.StartsWith("audit(", StringComparison.Ordinal);
    }

    // The ENRICHED separator as others write it: rsyslog escapes control characters as "#035",
    // JSON-minded tools as "\u001D" or "\x1d". Only where an upper-case ENRICHED name follows.
    private static bool IsEscapedSeparator(ReadOnlySpan<char> s, out int length)
    {
        length = s.StartsWith("#035", StringComparison.Ordinal) ? 4
            : s.StartsWith("\\u001D", StringComparison.OrdinalIgnoreCase) ? 6
            : s.StartsWith("\\x1D", StringComparison.OrdinalIgnoreCase) ? 4 : 0;
        return length > 0 && length < s.Length && char.IsAsciiLetterUpper(s[length]);
    }

    private static int SegmentEnd(ReadOnlySpan<char> s, int from)
    {
        var sep = s[from..].IndexOf('\u001d');
        return sep < 0 ? s.Length : from + sep;
    }

    private static int SkipPast(ReadOnlySpan<char> s, int from, char close)
    {
        var rel = s[from..].IndexOf(close);
        return rel < 0 ? s.Length : from + rel + 1;
    }

    private struct State
    {
        public bool Enrich;
        public bool InMsg;
        public bool Paren;
        public bool OldPrefix;
        public bool AfterAvc;
    }
}
