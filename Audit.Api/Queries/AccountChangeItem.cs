namespace Audit.Api.Queries;

/// <summary>A user or group account change.</summary>
public sealed record AccountChangeItem(
    DateTimeOffset Time, string Host, string Action, string Target, string? Group, string? Actor, long? Uid, long? Gid,
    string? Home, string? Shell, string? Detail, string Program, long RawId);
