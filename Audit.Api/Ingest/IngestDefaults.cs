using Audit.Domain.Text;
using Audit.Infrastructure.Ingest;

namespace Audit.Api.Ingest;

/// <summary>
/// Where lines came from when the documents do not say (<c>?host=</c>, <c>?source=</c>), and the longest line
/// stored (<see cref="IngestOptions.MaxLineBytes"/>; 0 means its default).
/// </summary>
public readonly record struct IngestDefaults(string? Host, string? Source, int MaxLineBytes = 0)
{
    public const string UnknownHost = "unknown";

    public int LineLimit => MaxLineBytes > 0 ? MaxLineBytes : IngestOptions.DefaultMaxLineBytes;

    /// <summary>Raw bytes as storable text: cut at <see cref="LineLimit"/>, exact bytes kept when escapes were needed, the cut noted.</summary>
    public string Text(ReadOnlySpan<byte> raw, out byte[]? exactBytes, out string? note)
    {
        var text = LineText.DecodeBounded(raw, LineLimit, out var exact, out var kept, out var cut);
        exactBytes = exact ? null : raw[..kept].ToArray();
        note = cut ? CutNote(raw.Length, kept) : null;
        return text;
    }

    public static string CutNote(long length, long kept) =>
        $"line cut: {length} bytes sent, the first {kept} kept (Ingest:MaxLineBytes)";
}
