namespace Audit.Api.Admin;

/// <summary>What to reparse: the raw lines received between <c>from</c> and <c>to</c> (ISO 8601).</summary>
/// <param name="OnlyUnparsed">Only lines no parser took last time (default false: every line, its old rows replaced).</param>
public sealed record ReparseRequest(string? From, string? To, bool OnlyUnparsed);
