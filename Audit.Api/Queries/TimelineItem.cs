using System.Text.Json;

namespace Audit.Api.Queries;

/// <summary>One entry of the merged timeline or of a search: its kind, a one-line summary and the kind's own fields.</summary>
public sealed record TimelineItem(DateTimeOffset Time, string Kind, string Host, string? User, string Summary, JsonElement Detail, long RawId);
