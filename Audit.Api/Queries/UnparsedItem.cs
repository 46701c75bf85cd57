namespace Audit.Api.Queries;

/// <summary>
/// A kept line no parser took. <c>line</c> is the stored text (NUL and invalid UTF-8 as \xNN);
/// <c>lineBytes</c> holds the exact bytes, base64, when they differ from the text.
/// </summary>
public sealed record UnparsedItem(DateTimeOffset ReceivedAt, string Host, string Source, string Reason, string Line, string? LineBytes, long RawId);
