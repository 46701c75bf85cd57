using System.Text.Json;

namespace Audit.Api.AppEvents;

/// <summary>The body of <c>POST /api/v1/app-events</c>: one event object or an array of them.</summary>
public sealed record AppEventBatch(IReadOnlyList<AppEventRequest> Events)
{
    private const int MaxBodyBytes = 4 * 1024 * 1024;

    public static async ValueTask<AppEventBatch?> BindAsync(HttpContext http)
    {
        // Counted on the bytes read, not on Content-Length: a chunked body has none.
        var (status, body) = await Audit.Api.Ingest.RequestBodyReader.ReadAsync(http.Request, MaxBodyBytes, http.RequestAborted);
        using var held = body;
        switch (status)
        {
            case Audit.Api.Ingest.BodyReadStatus.TooLarge: throw new BadHttpRequestException("The body is larger than 4 MiB.", StatusCodes.Status413PayloadTooLarge);
            case Audit.Api.Ingest.BodyReadStatus.UnsupportedEncoding: throw new BadHttpRequestException("Unsupported Content-Encoding; send gzip, deflate or none.", StatusCodes.Status415UnsupportedMediaType);
            case Audit.Api.Ingest.BodyReadStatus.Corrupt: throw new BadHttpRequestException("The compressed body is corrupt.", StatusCodes.Status400BadRequest);
        }

        var options = http.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
        JsonElement root;
        try
        {
            using var doc = JsonDocument.Parse(body!.Memory, new JsonDocumentOptions { MaxDepth = 32 });
            root = doc.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new BadHttpRequestException($"Malformed JSON (line {(e.LineNumber ?? 0) + 1}): {e.Message}", StatusCodes.Status400BadRequest);
        }

        var events = root.ValueKind switch
        {
            JsonValueKind.Array => root.EnumerateArray().Select(e => Read(e, options)).ToList(),
            JsonValueKind.Object => [Read(root, options)],
            _ => throw new BadHttpRequestException("Send a JSON object or an array of objects.", StatusCodes.Status400BadRequest),
        };
        return new AppEventBatch(events);
    }

    private static AppEventRequest Read(JsonElement e, JsonSerializerOptions options)
    {
        if (e.ValueKind != JsonValueKind.Object) return new AppEventRequest(null, null, null, null, null, null, null, null, null, null, null);
        try
        {
            return e.Deserialize<AppEventRequest>(options) ?? throw new BadHttpRequestException("Empty event.");
        }
        catch (JsonException ex)
        {
            throw new BadHttpRequestException($"An event has a field of the wrong type: {ex.Path}", StatusCodes.Status400BadRequest);
        }
    }
}

/// <summary>A platform audit event as a client posts it.</summary>
/// <param name="Time">When it happened (ISO 8601); default: when it was received.</param>
/// <param name="Actor">Who did it (user, service account).</param>
/// <param name="Action">What was done, e.g. <c>deploy</c>, <c>role.grant</c>.</param>
/// <param name="Resource">To what, e.g. <c>payments@v42</c>.</param>
/// <param name="Outcome">e.g. <c>success</c>, <c>denied</c>.</param>
/// <param name="SourceIp">From where.</param>
/// <param name="Service">Which platform or service reports it.</param>
/// <param name="Host">Host the event concerns; default the service.</param>
/// <param name="Before">State before the change (JSON object).</param>
/// <param name="After">State after the change (JSON object).</param>
/// <param name="Extra">Anything else worth keeping (JSON object).</param>
public sealed record AppEventRequest(
    string? Time,
    string? Actor,
    string? Action,
    string? Resource,
    string? Outcome,
    string? SourceIp,
    string? Service,
    string? Host,
    JsonElement? Before,
    JsonElement? After,
    JsonElement? Extra);
