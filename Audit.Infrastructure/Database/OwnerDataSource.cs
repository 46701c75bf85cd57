using Npgsql;

namespace Audit.Infrastructure.Database;

/// <summary>
/// The owner connection (<c>ConnectionStrings:AuditOwner</c>): migrations, partition maintenance,
/// retention and archive. Null when the service runs with its least-privilege login alone; then it
/// neither migrates nor drops anything.
/// </summary>
public sealed class OwnerDataSource(NpgsqlDataSource? dataSource)
{
    public NpgsqlDataSource? DataSource { get; } = dataSource;
}
