using System.Globalization;
using Audit.Domain.Events;

namespace Audit.Domain.Auditd;

/// <summary>
/// One auditd record (one line of audit.log): <c>[node=N ]type=T msg=audit(&lt;epoch&gt;.&lt;ms&gt;:&lt;serial&gt;): …</c>.
/// Records sharing host, time and serial form one event (<see cref="AuditEventAssembler"/>).
/// <see cref="Host"/> is the <c>node=</c> name when present, else the host the line came from.
/// Fields keep their order; values are decoded when read, so parsing stays cheap.
/// <see cref="Text"/> is the record as parsed: <see cref="AuditRecordParser"/> turns it back into an
/// equal record, which is how pending records are persisted.
/// </summary>
public sealed record AuditRecord : AuditEvent
{
    private readonly AuditFieldSpan[] _spans;

    internal AuditRecord(string host, string text, string? node, string type, int? typeNumber, long epochMilliseconds, long serial, AuditFieldSpan[] spans)
        : base(DateTimeOffset.FromUnixTimeMilliseconds(epochMilliseconds), host)
    {
        Text = text;
        Node = node;
        Type = type;
        TypeNumber = typeNumber;
        EpochMilliseconds = epochMilliseconds;
        Serial = serial;
        _spans = spans;
        foreach (var s in spans) Enriched |= s.Enrichment;
    }

    public string Text { get; }

    public string? Node { get; }

    /// <summary>Type name (<c>SYSCALL</c>); numeric and <c>UNKNOWN[n]</c> types are named when known.</summary>
    public string Type { get; }

    public int? TypeNumber { get; }

    public long EpochMilliseconds { get; }

    public long Serial { get; }

    /// <summary>True when the record carries ENRICHED fields (after 0x1d, upper-case names).</summary>
    public bool Enriched { get; }

    /// <summary>auditd's event id as written: <c>1615114232.375:15558</c>.</summary>
    public string EventId => string.Create(CultureInfo.InvariantCulture, $"{EpochMilliseconds / 1000}.{EpochMilliseconds % 1000:D3}:{Serial}");

    public int FieldCount => _spans.Length;

    /// <summary>All fields in order, decoded (allocates; the assembler reads spans instead).</summary>
    public IReadOnlyList<AuditField> Fields
    {
        get
        {
            var list = new AuditField[_spans.Length];
            for (var i = 0; i < list.Length; i++) list[i] = GetField(i);
            return list;
        }
    }

    internal ReadOnlySpan<AuditFieldSpan> Spans => _spans;

    internal bool IsExecve => TypeNumber == AuditRecordTypes.Execve;

    public AuditField GetField(int index)
    {
        var s = _spans[index];
        var (value, kind) = AuditRecordValues.Decode(this, s);
        var scope = s.Enrichment ? AuditFieldScope.Enrichment : s.InMessage ? AuditFieldScope.Message : AuditFieldScope.Record;
        return new AuditField(AuditRecordValues.Name(this, s), value, AuditRecordValues.Raw(this, s), kind, scope);
    }

    /// <summary>The decoded value of the first field named <paramref name="name"/>; null when absent or <c>(null)</c>.</summary>
    public string? Get(string name)
    {
        foreach (var s in _spans)
        {
            if (AuditRecordValues.NameIs(this, s, name)) return AuditRecordValues.Decode(this, s).Value;
        }

        return null;
    }

    /// <summary>The rule keys of <c>key=</c>: none for <c>(null)</c>, several when hex-joined with 0x01.</summary>
    public IReadOnlyList<string> RuleKeys()
    {
        foreach (var s in _spans)
        {
            if (!s.Enrichment && AuditRecordValues.NameIs(this, s, "key")) return AuditRecordValues.Keys(this, s);
        }

        return [];
    }

    /// <summary>True when a field named <paramref name="name"/> is present.</summary>
    public bool Contains(string name)
    {
        foreach (var s in _spans)
        {
            if (AuditRecordValues.NameIs(this, s, name)) return true;
        }

        return false;
    }

    // The text decides everything else; records parsed from the same text for the same host are equal.
    public bool Equals(AuditRecord? other) =>
        other is not null && string.Equals(Host, other.Host, StringComparison.Ordinal) && string.Equals(Text, other.Text, StringComparison.Ordinal);

    public override int GetHashCode() => HashCode.Combine(Host, Text);
}
