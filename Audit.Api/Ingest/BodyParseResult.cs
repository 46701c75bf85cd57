using Audit.Infrastructure.Ingest;

namespace Audit.Api.Ingest;

/// <summary>The lines of a body, or the first error (naming the line) that made it unreadable.</summary>
public sealed record BodyParseResult(IReadOnlyList<RawLine> Lines, string? Error, bool TooManyLines = false)
{
    public bool Ok => Error is null;
}
