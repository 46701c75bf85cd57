using Audit.Infrastructure.Database;
using Audit.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Audit.Tests.Infrastructure.Database;

/// <summary>
/// The descriptions in <see cref="Tables"/> against the database the real migrations leave: a migration
/// that adds, drops, reorders or retypes a column, or partitions a table, fails here until the
/// description says the same.
/// </summary>
public sealed class TablesTests : IAsyncLifetime
{
    private TestDatabase _db = null!;

    public async Task InitializeAsync() => _db = await TestDatabase.CreateAsync("audit_tables");

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task Each_description_lists_its_tables_columns_in_order_with_their_types()
    {
        // The type PostgreSQL gives a parameter sent as the description's NpgsqlDbType: what a COPY of the column writes.
        var sent = new Dictionary<NpgsqlTypes.NpgsqlDbType, string>();
        foreach (var type in Tables.All.SelectMany(t => t.Columns).Select(c => c.Type).Distinct())
        {
            await using var cmd = _db.DataSource.CreateCommand("SELECT pg_typeof($1)::text");
            cmd.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = type, Value = DBNull.Value });
            sent[type] = (string)(await cmd.ExecuteScalarAsync())!;
        }

        foreach (var table in Tables.All)
        {
            var stored = new List<string>();
            await using var cmd = _db.DataSource.CreateCommand("""
                SELECT column_name || ' ' || udt_name::text::regtype::text FROM information_schema.columns
                WHERE table_schema = 'public' AND table_name = $1 ORDER BY ordinal_position
                """);
            cmd.Parameters.AddWithValue(table.Name);
            await using var r = await cmd.ExecuteReaderAsync();
            while (await r.ReadAsync()) stored.Add(r.GetString(0));

            Assert.True(stored.Count > 0, $"{table.Name} is described but no migration creates it");
            Assert.Equal(stored, table.Columns.Select(c => $"{c.Name} {sent[c.Type]}").ToList());
        }
    }

    [Fact]
    public async Task The_tables_described_by_day_are_the_ones_the_migrations_partition_by_that_column()
    {
        var registered = new List<string>();
        await using (var cmd = _db.DataSource.CreateCommand("""
            SELECT r.table_name || ' ' || r.key_column FROM partitioned_tables r
            JOIN pg_class c ON c.relname = r.table_name AND c.relkind = 'p' ORDER BY 1
            """))
        await using (var r = await cmd.ExecuteReaderAsync())
        {
            while (await r.ReadAsync()) registered.Add(r.GetString(0));
        }

        var partitioned = await _db.ScalarAsync<long>("SELECT count(*) FROM pg_class WHERE relkind = 'p' AND NOT relispartition");
        Assert.Equal(partitioned, registered.Count);
        Assert.Equal(registered, Tables.All.Where(t => t.ByDay).Select(t => $"{t.Name} {t.DayColumn}").Order(StringComparer.Ordinal).ToList());
    }

    [Fact]
    public void Reparse_rewrites_every_described_table_keyed_by_raw_line()
    {
        Assert.Equal(Tables.All.Where(t => t.Columns.Any(c => c.Name == "raw_id")).Select(t => t.Name), Tables.Derived.Select(t => t.Name));
        Assert.Contains(Tables.UnparsedLines, Tables.Derived);
        Assert.DoesNotContain(Tables.RawLines, Tables.Derived);
    }

    [Fact]
    public void Ef_reads_only_described_tables_and_columns()
    {
        var services = new ServiceCollection();
        services.AddDbContext<AuditDbContext>(o => o.UseNpgsql(_db.DataSource).UseSnakeCaseNamingConvention());
        using var provider = services.BuildServiceProvider();
        var model = provider.GetRequiredService<AuditDbContext>().Model;
        var described = Tables.All.ToDictionary(t => t.Name, t => t.Columns.Select(c => c.Name).ToHashSet());
        var entities = model.GetEntityTypes().ToList();
        Assert.NotEmpty(entities);
        foreach (var entity in entities)
        {
            var table = entity.GetTableName()!;
            Assert.True(described.ContainsKey(table), $"{entity.ClrType.Name} maps {table}, which has no description");
            var unknown = entity.GetProperties().Select(p => p.GetColumnName()).Where(c => !described[table].Contains(c)).ToList();
            Assert.True(unknown.Count == 0, $"{entity.ClrType.Name} reads {table}.{string.Join(", ", unknown)}, not in its description");
        }
    }

    [Fact]
    public async Task A_row_writing_more_values_than_its_table_has_columns_is_a_bug_not_a_refused_line()
    {
        await using var conn = await _db.DataSource.OpenConnectionAsync();
        await using var copy = await TableCopy.BeginAsync(conn, Tables.UnparsedLines, CancellationToken.None);
        await copy.StartRowAsync(CancellationToken.None);
        await copy.Date(new DateOnly(2026, 11, 20), CancellationToken.None);
        await copy.Long(1, CancellationToken.None);
        await copy.Time(DateTimeOffset.UnixEpoch, CancellationToken.None);
        foreach (var text in new[] { "web-1", "auth.log", "reason" }) await copy.Text(text, CancellationToken.None);

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => copy.Text("one too many", CancellationToken.None));
        Assert.Contains("unparsed_lines", e.Message, StringComparison.Ordinal);
        Assert.False(DataErrors.IsRefusal(e, CancellationToken.None));
    }
}
