namespace Audit.Api.Queries;

/// <summary>A user or group account change; <c>success</c> is false for a change the tool reported as failed.</summary>
public sealed record AccountChangeItem(
    DateTimeOffset Time, string Host, string Action, string Target, string? Group, string? Actor, long? Uid, long? Gid,
    string? Home, string? Shell, string? Detail, string Program, bool Success, long RawId);
