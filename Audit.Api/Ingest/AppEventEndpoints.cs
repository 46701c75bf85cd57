using System.Text.Json;
using Audit.Api.AppEvents;
using Audit.Api.Auth;
using Audit.Api.Endpoints;
using Audit.Api.Queries;
using Audit.Api.Validation;
using Audit.Infrastructure.Ingest;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Audit.Api.Ingest;

/// <summary><c>POST /api/v1/app-events</c>: platform audit events, staged like every other line.</summary>
public static class AppEventEndpoints
{
    public const string Source = "app-events";
    public const string ReservedField = "extra_reserved";

    public static IEndpointRouteBuilder MapAppEventEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1").WithTags("App events");
        group.MapPost("/app-events", PostAppEventsAsync)
            .RequireAuthorization(Policies.Ingest)
            .RequireIngestLimits()
            .WithName("PostAppEvents")
            .WithSummary("Record platform audit events (one object or an array).")
            .WithDescription("Each event needs actor and action. Events are staged durably (and sealed into the hash chain) like shipped lines, then parsed into /app-events.")
            .AddEndpointFilter<ValidationFilter<AppEventBatch>>()
            .Accepts<AppEventRequest>("application/json")
            .Produces<IngestResponse>(StatusCodes.Status202Accepted)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        app.MapReadGroup("App events").MapList("/app-events", AppEventQueries.AppEvents).WithName("ListAppEvents")
            .WithSummary("Platform audit events: who did what to which resource.");
        return app;
    }

    public static async Task<Results<Accepted<IngestResponse>, ProblemHttpResult>> PostAppEventsAsync(
        AppEventBatch batch, HttpContext http, IngestPipeline pipeline, TimeProvider time, CancellationToken ct)
    {
        if (pipeline.Overloaded)
        {
            pipeline.SetRetryAfter(http.Response);
            return TypedResults.Problem(detail: "Busy; retry later.", statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        var now = time.GetUtcNow();
        var lines = batch.Events.Select(e => new RawLine(
            e.Host ?? e.Service ?? "platform", Source, ToLine(e), ShipperTime: e.Time is null ? now : null)).ToList();
        var result = await pipeline.CommitAsync(new IngestBatch("app-events", http.User.KeyIdOf(), null, lines), ct);
        if (result is null)
        {
            pipeline.SetRetryAfter(http.Response);
            return TypedResults.Problem(detail: "The database is not reachable; nothing was stored.", statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        return TypedResults.Accepted((string?)null, new IngestResponse(result.BatchId, result.Accepted, result.Duplicates));
    }

    /// <summary>The event as the JSON line the app-event parser reads (the same shape as an app's own log).</summary>
    private static string ToLine(AppEventRequest e)
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms))
        {
            w.WriteStartObject();
            Write(w, "time", e.Time);
            Write(w, "actor", e.Actor);
            Write(w, "action", e.Action);
            Write(w, "resource", e.Resource);
            Write(w, "outcome", e.Outcome);
            Write(w, "source_ip", e.SourceIp);
            Write(w, "service", e.Service);
            Write(w, "host", e.Host);
            WriteObject(w, "before", e.Before);
            WriteObject(w, "after", e.After);
            if (e.Extra is { ValueKind: JsonValueKind.Object } extra)
            {
                // A reserved name in extra (actor, action, time, …) would override the validated field: it is
                // kept, but under extra_reserved, where the parser does not look.
                foreach (var p in extra.EnumerateObject())
                {
                    if (!Audit.Domain.App.AppEventParser.ReservedNames.Contains(p.Name) && p.Name != ReservedField) p.WriteTo(w);
                }

                if (extra.EnumerateObject().Any(p => Audit.Domain.App.AppEventParser.ReservedNames.Contains(p.Name) || p.Name == ReservedField))
                {
                    w.WriteStartObject(ReservedField);
                    foreach (var p in extra.EnumerateObject().Where(p => Audit.Domain.App.AppEventParser.ReservedNames.Contains(p.Name) || p.Name == ReservedField)) p.WriteTo(w);
                    w.WriteEndObject();
                }
            }

            w.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(ms.ToArray());
    }

    private static void Write(Utf8JsonWriter w, string name, string? value)
    {
        if (value is not null) w.WriteString(name, value);
    }

    private static void WriteObject(Utf8JsonWriter w, string name, JsonElement? value)
    {
        if (value is { ValueKind: JsonValueKind.Object } v)
        {
            w.WritePropertyName(name);
            v.WriteTo(w);
        }
    }
}
