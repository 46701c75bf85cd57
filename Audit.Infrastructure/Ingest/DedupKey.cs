using System.Security.Cryptography;
using System.Text;

namespace Audit.Infrastructure.Ingest;

/// <summary>
/// SPEC §3's dedup key, as a 16-byte hash: the document <c>_id</c> when the shipper set one, else
/// (host, file path, file identity, offset) when an offset is known, else none.
/// </summary>
public static class DedupKey
{
    public static Guid FromDocumentId(string id) => Hash("id", id);

    public static Guid FromOffset(string host, string path, string? fileIdentity, long offset) =>
        Hash("off", host, path, fileIdentity ?? string.Empty, offset.ToString(System.Globalization.CultureInfo.InvariantCulture));

    private static Guid Hash(params string[] parts)
    {
        var sb = new StringBuilder();
        foreach (var p in parts)
        {
            // Length-prefixed, so ("a b", "c") and ("a", "b c") differ.
            sb.Append(p.Length).Append(':').Append(p).Append('|');
        }

        Span<byte> digest = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(sb.ToString()), digest);
        return new Guid(digest[..16]);
    }
}
