using System.Globalization;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using System.Text.Json;
using Audit.Infrastructure.Database;

namespace Audit.Infrastructure.Parsing;

/// <summary>
/// Bounds the text that goes into btree index keys. A btree entry may not exceed 2704 bytes, so one
/// line with a 6,000-character user name used to fail every write of its chunk (54000). Values of at
/// most <see cref="MaxChars"/> characters (≤ 768 UTF-8 bytes, so even two of them fit one entry) are
/// written as they are; longer ones are cut to a prefix and a hash of the whole value, so equal long
/// values still land on equal keys. The whole value stays in the row's <c>long_values</c> column and
/// in the raw line.
/// </summary>
public static class KeyText
{
    /// <summary>Longest key value kept whole (Linux user names stop at 32, DNS names at 253).</summary>
    public const int MaxChars = 256;

    private const int PrefixChars = 200;

    public static bool IsLong(string? value) => value is { Length: > MaxChars };

    /// <summary>The value as written to an indexed column.</summary>
    public static string? Cut(string? value)
    {
        if (!IsLong(value)) return value;
        var v = value!;
        var prefix = PrefixChars;
        if (char.IsHighSurrogate(v[prefix - 1])) prefix--;
        var hash = XxHash3.HashToUInt64(MemoryMarshal.AsBytes(v.AsSpan()));
        return string.Concat(v.AsSpan(0, prefix), "…#", hash.ToString("x16", CultureInfo.InvariantCulture));
    }

    /// <summary>Text for an indexed column, <see cref="Cut"/> when too long for a btree key.</summary>
    public static Task Key(this TableCopy w, string? value, CancellationToken ct) => w.Text(Cut(value), ct);

    /// <summary>Keys as stored (<see cref="Cut"/>) → the whole values they stand for, to map rows read back by key.</summary>
    public static Dictionary<string, string> ByKey(IEnumerable<string> values)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var v in values) map[Cut(v)!] = v;
        return map;
    }

    /// <summary>
    /// The whole values of the key columns that <see cref="Cut"/> shortened, as a JSON object
    /// (column → value), or null when none was (nearly always).
    /// </summary>
    public static string? LongValues(string c1, string? v1, string c2 = "", string? v2 = null, string c3 = "", string? v3 = null, string c4 = "", string? v4 = null)
    {
        if (!IsLong(v1) && !IsLong(v2) && !IsLong(v3) && !IsLong(v4)) return null;
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        if (IsLong(v1)) values[c1] = v1!;
        if (IsLong(v2)) values[c2] = v2!;
        if (IsLong(v3)) values[c3] = v3!;
        if (IsLong(v4)) values[c4] = v4!;
        return JsonSerializer.Serialize(values);
    }
}
