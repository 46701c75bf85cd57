using System.Globalization;
using System.Text.Json;
using Audit.Domain.Events;
using Audit.Domain.Parsing;

namespace Audit.Domain.App;

/// <summary>
/// One JSON line of a platform's audit log → <see cref="AppEvent"/>. Accepts the common spellings:
/// actor (<c>actor</c>, <c>user</c>, <c>actor.name</c>/<c>id</c>, <c>user.name</c>), action
/// (<c>action</c>, <c>event</c>, <c>event.action</c>), resource (<c>resource</c>, <c>target</c>,
/// <c>object</c>, or their <c>id</c>/<c>name</c>), time (<c>time</c>, <c>timestamp</c>,
/// <c>@timestamp</c>, <c>occurred_at</c>), <c>outcome</c>/<c>result</c>, <c>source_ip</c>/<c>ip</c>,
/// <c>service</c>/<c>app</c>, <c>before</c>/<c>after</c> (or <c>changes.before</c>/<c>after</c>).
/// Everything else is kept as extra JSON. Without actor and action it is not an app event.
/// </summary>
public static class AppEventParser
{
    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 32 };

    /// <summary>Names the parser reads itself; a client's free-form <c>extra</c> must not carry them.</summary>
    public static IReadOnlySet<string> ReservedNames => Known;

    private static readonly HashSet<string> Known = new(StringComparer.Ordinal)
    {
        "actor", "user", "action", "event", "resource", "target", "object", "time", "timestamp", "@timestamp", "occurred_at",
        "outcome", "result", "source_ip", "ip", "client_ip", "sourceIp", "service", "app", "application", "before", "after", "changes", "host",
    };

    public static ParseResult Parse(ReadOnlySpan<char> line, in LineContext ctx)
    {
        var text = line.Trim();
        if (text.IsEmpty || text[0] != '{') return ParseResult.Unparsed("not a JSON object");
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(text.ToString(), Options);
        }
        catch (JsonException)
        {
            return ParseResult.Unparsed("malformed JSON");
        }

        using (doc)
        {
            var root = doc.RootElement;
            var actor = Name(root, "actor") ?? Name(root, "user");
            var action = Str(root, "action") ?? Name(root, "event", "action");
            if (actor is null || action is null) return ParseResult.Unparsed("app event without actor and action");

            var time = Time(root) ?? ctx.ShipperTime ?? ctx.ReceivedAt;
            var resource = Name(root, "resource") ?? Name(root, "target") ?? Name(root, "object");
            var changes = root.TryGetProperty("changes", out var c) && c.ValueKind == JsonValueKind.Object ? c : default;
            var before = Json(root, "before") ?? (changes.ValueKind == JsonValueKind.Object ? Json(changes, "before") : null);
            var after = Json(root, "after") ?? (changes.ValueKind == JsonValueKind.Object ? Json(changes, "after") : null);
            var host = Str(root, "host") ?? ctx.Host;
            return ParseResult.Parsed(new AppEvent(
                time, host, actor, action, resource,
                Str(root, "outcome") ?? Str(root, "result"),
                Str(root, "source_ip") ?? Str(root, "sourceIp") ?? Str(root, "ip") ?? Str(root, "client_ip"),
                Str(root, "service") ?? Str(root, "app") ?? Str(root, "application"),
                before, after, Extra(root)));
        }
    }

    private static string? Str(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) ? v.ValueKind switch
        {
            JsonValueKind.String => NullIfEmpty(v.GetString()),
            JsonValueKind.Number => v.GetRawText(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => null,
        } : null;

    /// <summary>A string, or an object's name/id/email (actor: {"id": 7, "name": "alice"}).</summary>
    private static string? Name(JsonElement e, string name, string? inner = null)
    {
        if (!e.TryGetProperty(name, out var v)) return null;
        if (v.ValueKind == JsonValueKind.Object)
        {
            return inner is not null ? Str(v, inner) : Str(v, "name") ?? Str(v, "email") ?? Str(v, "id") ?? Str(v, "username");
        }

        return inner is null ? Str(e, name) : null;
    }

    private static string? Json(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind is JsonValueKind.Object or JsonValueKind.Array ? v.GetRawText() : null;

    private static DateTimeOffset? Time(JsonElement root)
    {
        foreach (var name in (string[])["time", "timestamp", "@timestamp", "occurred_at"])
        {
            if (!root.TryGetProperty(name, out var v)) continue;
            if (v.ValueKind == JsonValueKind.String && DateTimeOffset.TryParse(v.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t)) return t.ToUniversalTime();
            if (v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var epoch) && epoch is > 0 and < 100_000_000_000_000)
            {
                // seconds or milliseconds since the epoch
                return epoch < 100_000_000_000 ? DateTimeOffset.FromUnixTimeSeconds(epoch) : DateTimeOffset.FromUnixTimeMilliseconds(epoch);
            }
        }

        return null;
    }

    private static string? Extra(JsonElement root)
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms))
        {
            w.WriteStartObject();
            var any = false;
            foreach (var p in root.EnumerateObject())
            {
                if (Known.Contains(p.Name)) continue;
                p.WriteTo(w);
                any = true;
            }

            w.WriteEndObject();
            w.Flush();
            if (!any) return null;
        }

        return System.Text.Encoding.UTF8.GetString(ms.ToArray());
    }

    private static string? NullIfEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s;
}
