using Audit.Api.Auth;
using Audit.Infrastructure.Ingest;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Audit.Api.Ingest;

/// <summary><c>POST /api/v1/ingest</c>: the native ingest endpoint (NDJSON/JSON documents or plain lines; committed before the 202).</summary>
public static class IngestEndpoints
{
    public static IEndpointRouteBuilder MapIngestEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1").WithTags("Ingest").RequireAuthorization(Policies.Ingest);
        group.MapPost("/ingest", IngestAsync)
            .WithName("Ingest")
            .WithSummary("Stage raw lines durably; they are parsed in the background.")
            .WithDescription("""
                Bodies: application/x-ndjson or application/json (one document per line, or an array) shaped like
                Filebeat events (message, @timestamp, host.name, log.file.path, log.offset, event.timezone, fields),
                flat ({"line","host","source","timestamp"}) or syslog-daemon documents (programname, hostname,
                timereported, msg); or text/plain, one raw line per line, with ?host= and ?source=.
                Content-Encoding: gzip is accepted. Answers 202 only after the lines are committed. A line with the
                same dedup key (_id, or host + path + offset) is absorbed; a repeated Idempotency-Key returns the first answer.
                """)
            .Accepts<string>("application/x-ndjson", "application/json", "text/plain")
            .Produces<IngestResponse>(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .DisableAntiforgery()
            .RequireIngestLimits();
        return app;
    }

    public static async Task<Results<Accepted<IngestResponse>, ProblemHttpResult>> IngestAsync(
        HttpContext http,
        [AsParameters] IngestQuery query,
        [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey,
        IngestPipeline pipeline,
        CancellationToken ct)
    {
        if (pipeline.Overloaded) return Unavailable(http, pipeline, "The parse backlog is over its bound or the database is away; retry later.");
        if (idempotencyKey is { Length: > 200 }) return Problem(400, "Idempotency-Key is longer than 200 characters.");

        var mediaType = (http.Request.ContentType ?? "").Split(';')[0].Trim().ToLowerInvariant();
        if (mediaType is not ("application/x-ndjson" or "application/json" or "text/plain" or "application/ndjson"))
        {
            return Problem(415, $"Unsupported Content-Type '{mediaType}'; send application/x-ndjson, application/json or text/plain.");
        }

        var (status, body) = await pipeline.ReadBodyAsync(http.Request, ct);
        if (status != BodyReadStatus.Ok) return BodyProblem(status, pipeline.Options.MaxBodyBytes);
        BodyParseResult parsed;
        using (body)
        {
            var defaults = new IngestDefaults(query.Host, query.Source, pipeline.Options.MaxLineBytes);
            parsed = mediaType == "text/plain"
                ? IngestBodyParser.ParseText(body!.Span, defaults, pipeline.Options.MaxLinesPerBatch)
                : IngestBodyParser.ParseJson(body!.Span, defaults, pipeline.Options.MaxLinesPerBatch);
        }

        if (!parsed.Ok) return Problem(parsed.TooManyLines ? 413 : 400, parsed.Error!);

        var batch = new IngestBatch("ingest", http.User.KeyIdOf(), string.IsNullOrWhiteSpace(idempotencyKey) ? null : idempotencyKey, parsed.Lines);
        var result = await pipeline.CommitAsync(batch, ct);
        if (result is null) return Unavailable(http, pipeline, "The database is not reachable; nothing was stored. Retry later.");
        return TypedResults.Accepted((string?)null, new IngestResponse(result.BatchId, result.Accepted, result.Duplicates));
    }

    internal static ProblemHttpResult BodyProblem(BodyReadStatus status, long maxBytes) => status switch
    {
        BodyReadStatus.TooLarge => Problem(413, $"The body is larger than {maxBytes} bytes (after decompression)."),
        BodyReadStatus.UnsupportedEncoding => Problem(415, "Unsupported Content-Encoding; send gzip, deflate or none."),
        _ => Problem(400, "The compressed body is corrupt."),
    };

    private static ProblemHttpResult Unavailable(HttpContext http, IngestPipeline pipeline, string detail)
    {
        pipeline.SetRetryAfter(http.Response);
        return Problem(503, detail);
    }

    private static ProblemHttpResult Problem(int status, string detail) => TypedResults.Problem(detail: detail, statusCode: status);
}

/// <summary>Query parameters of <c>POST /api/v1/ingest</c>.</summary>
/// <param name="Host">Host for lines whose documents do not name one (text/plain always uses it).</param>
/// <param name="Source">Source path for lines whose documents do not name one, e.g. <c>/var/log/auth.log</c>.</param>
public sealed record IngestQuery(string? Host, string? Source);

/// <summary>What <c>POST /api/v1/ingest</c> answers once the lines are committed.</summary>
/// <param name="BatchId">The id of the stored batch (the earlier one when an Idempotency-Key repeated).</param>
/// <param name="Accepted">Lines newly stored.</param>
/// <param name="Duplicates">Lines absorbed because the same dedup key was already stored.</param>
public sealed record IngestResponse(long BatchId, int Accepted, int Duplicates);
