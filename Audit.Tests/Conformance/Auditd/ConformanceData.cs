using System.Globalization;
using System.Text.Json;
using Audit.Domain.Auditd;
using Audit.Tests.Support;

namespace Audit.Tests.Conformance.Auditd;

/// <summary>Reading corpus files and normalising peers' values for comparison.</summary>
internal static class ConformanceData
{
    public static readonly DateTimeOffset Arrival = new(2026, 11, 26, 0, 0, 0, TimeSpan.Zero);

    public static string File(params string[] parts) => Corpus.Path(parts);

    /// <summary>Parses every line; returns the records with their 1-based line numbers as raw ids.</summary>
    public static List<PendingAuditRecord> Records(IEnumerable<string> lines, string host = "corpus-host")
    {
        var list = new List<PendingAuditRecord>();
        var n = 0L;
        foreach (var line in lines)
        {
            n++;
            if (AuditRecordParser.TryParse(line, host, out var r)) list.Add(new PendingAuditRecord(n, r, Arrival));
        }

        return list;
    }

    /// <summary>Assembles as one pass long after arrival (every window has passed).</summary>
    public static IReadOnlyList<AssembledAuditEvent> Events(IEnumerable<PendingAuditRecord> records) =>
        new AuditEventAssembler().Assemble(records, Arrival.AddHours(1)).Events;

    /// <summary>A JSON scalar as text: strings as they are, numbers invariant, booleans true/false.</summary>
    public static string? Text(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => e.GetString(),
        JsonValueKind.Number => e.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        _ => e.GetRawText(),
    };

    /// <summary>Flattens nested objects to dotted keys (ECS documents).</summary>
    public static Dictionary<string, JsonElement> Flatten(JsonElement e, string prefix = "", Dictionary<string, JsonElement>? into = null)
    {
        into ??= new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var p in e.EnumerateObject())
        {
            if (p.Value.ValueKind == JsonValueKind.Object) Flatten(p.Value, prefix + p.Name + ".", into);
            else into[prefix + p.Name] = p.Value;
        }

        return into;
    }

    /// <summary>Peers' success spellings to one: success / fail.</summary>
    public static string? Outcome(string? s) => s switch
    {
        "success" or "yes" or "1" or "true" => "success",
        "failure" or "failed" or "fail" or "no" or "0" or "false" => "fail",
        null => null,
        _ => s,
    };

    public static string Outcome(bool? success) => success switch { true => "success", false => "fail", null => "unknown" };

    /// <summary>An id as peers print it: the number, or <c>unset</c>.</summary>
    public static string Id(long? id) => id?.ToString(CultureInfo.InvariantCulture) ?? "unset";

    public static string Iso(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>Peers trim trailing zeros of milliseconds (<c>…:29.03Z</c>).</summary>
    public static string? IsoLoose(string? s) => s is null ? null : DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out var t) ? Iso(t) : s;

    /// <summary>Values equal as numbers whether written hex (<c>0x1f</c>, bare hex) or octal (<c>0o755</c>).</summary>
    public static bool SameNumber(string? peer, string? ours, int ourBase)
    {
        if (peer is null || ours is null) return false;
        var p = peer.StartsWith("0x", StringComparison.Ordinal) ? Parse(peer[2..], 16)
            : peer.StartsWith("0o", StringComparison.Ordinal) ? Parse(peer[2..], 8) : Parse(peer, 10);
        var o = Parse(ours, ourBase);
        return p is not null && p == o;
    }

    private static ulong? Parse(string s, int b)
    {
        try
        {
            return s.Length is > 0 and <= 22 ? Convert.ToUInt64(s, b) : null;
        }
        catch (FormatException)
        {
            return null;
        }
        catch (OverflowException)
        {
            return null;
        }
    }
}
