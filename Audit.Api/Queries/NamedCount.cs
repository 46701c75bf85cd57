namespace Audit.Api.Queries;

public sealed record NamedCount(string Name, long Count);
