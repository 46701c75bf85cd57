using System.Globalization;
using System.Text.Json;

namespace Audit.Tests.Conformance.Auth;

/// <summary>
/// One expected document of Elastic's pipeline tests, read by dotted path whether the file nests
/// (<c>"user": {"name": …}</c>, integrations) or flattens (<c>"user.name"</c>, Filebeat).
/// </summary>
internal readonly struct EcsDocument(JsonElement root)
{
    public bool Has(string path) => TryGet(path, out _);

    public string? Get(string path) => TryGet(path, out var value) ? value : null;

    public IReadOnlyList<string> GetList(string path)
    {
        if (!TryElement(path, out var element)) return [];
        return element.ValueKind == JsonValueKind.Array ? element.EnumerateArray().Select(Scalar).ToList() : [Scalar(element)];
    }

    public static List<EcsDocument> Load(string path)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(path));
        var docs = json.RootElement.ValueKind == JsonValueKind.Array ? json.RootElement : json.RootElement.GetProperty("expected");
        return docs.EnumerateArray().Select(d => new EcsDocument(d.Clone())).ToList();
    }

    private bool TryGet(string path, out string? value)
    {
        value = null;
        if (!TryElement(path, out var element) || element.ValueKind is JsonValueKind.Object or JsonValueKind.Null) return false;
        value = element.ValueKind == JsonValueKind.Array ? string.Join(",", element.EnumerateArray().Select(Scalar)) : Scalar(element);
        return true;
    }

    private bool TryElement(string path, out JsonElement element)
    {
        if (root.TryGetProperty(path, out element)) return true;
        element = root;
        foreach (var part in path.Split('.'))
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(part, out element)) return false;
        }

        return true;
    }

    private static string Scalar(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => e.GetString()!,
        JsonValueKind.Number => e.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => e.GetRawText(),
    };

    public static DateTimeOffset? Instant(string? text) =>
        text is not null && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t : null;
}
