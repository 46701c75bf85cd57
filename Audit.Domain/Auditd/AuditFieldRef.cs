using System.Globalization;

namespace Audit.Domain.Auditd;

/// <summary>A field found in a record, read lazily: numbers parse from the text without allocating.</summary>
internal readonly struct AuditFieldRef(AuditRecord? record, AuditFieldSpan span)
{
    public bool Found => record is not null;

    public ReadOnlySpan<char> Raw => record is null ? default : AuditRecordValues.ValueSpan(record, span);

    public string? Text => record is null ? null : AuditRecordValues.Decode(record, span).Value;

    /// <summary>A uid/gid/ses: null when absent, unset (4294967295 or -1) or not a number.</summary>
    public long? Id => IdOf(Raw);

    public int? Int => IntOf(Raw);

    public static long? IdOf(ReadOnlySpan<char> text) =>
        long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v) && v is >= 0 and < 4294967295 ? v : null;

    public static int? IntOf(ReadOnlySpan<char> text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : null;

    public long? Long => long.TryParse(Raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v) ? v : null;

    /// <summary>The value when it is a name rather than a number (ausearch -i style <c>auid=alice</c>).</summary>
    public string? NameText
    {
        get
        {
            var raw = Raw;
            return raw.IsEmpty || char.IsAsciiDigit(raw[0]) || raw[0] == '-' || raw.SequenceEqual("unset") ? null : Text;
        }
    }
}
