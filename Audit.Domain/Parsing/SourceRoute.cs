namespace Audit.Domain.Parsing;

/// <summary>A path pattern (<c>*</c> matches anything, <c>?</c> one character) and the kind of source it names.</summary>
public sealed record SourceRoute(string Pattern, SourceKind Kind);
