namespace Audit.Infrastructure.Database;

/// <summary>One <c>migrations/NNN_name.sql</c> file.</summary>
public sealed record Migration(int Version, string Name, string Sql, string Checksum);
