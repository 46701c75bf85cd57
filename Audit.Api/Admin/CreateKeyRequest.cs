namespace Audit.Api.Admin;

/// <summary>A key to create.</summary>
/// <param name="Name">What the key is for, e.g. "filebeat web-01".</param>
/// <param name="Scopes">Any of ingest, read, admin (admin implies the others).</param>
public sealed record CreateKeyRequest(string Name, string[] Scopes);
