using Microsoft.EntityFrameworkCore;

namespace Audit.Infrastructure.Database;

/// <summary>
/// Read model over the partitioned parent tables (snake_case columns). The schema itself lives in
/// <c>migrations/*.sql</c> (EF cannot express partitioning); this context never creates or changes tables.
/// Table names come from <see cref="Tables"/>.
/// </summary>
public sealed class AuditDbContext(DbContextOptions<AuditDbContext> options) : DbContext(options)
{
    public DbSet<CommandRow> Commands => Set<CommandRow>();

    public DbSet<LoginRow> Logins => Set<LoginRow>();

    public DbSet<SessionEventRow> SessionEvents => Set<SessionEventRow>();

    public DbSet<SudoRow> Sudo => Set<SudoRow>();

    public DbSet<SuRow> Su => Set<SuRow>();

    public DbSet<AccountChangeRow> AccountChanges => Set<AccountChangeRow>();

    public DbSet<AppEventRow> AppEvents => Set<AppEventRow>();

    public DbSet<UnparsedRow> Unparsed => Set<UnparsedRow>();

    public DbSet<RawLineRow> RawLines => Set<RawLineRow>();

    public DbSet<QueryLogRow> QueryLog => Set<QueryLogRow>();

    public DbSet<ExecutionRow> Executions => Set<ExecutionRow>();

    public DbSet<AuditEventRow> AuditEvents => Set<AuditEventRow>();

    public DbSet<AuditLoginRow> AuditLogins => Set<AuditLoginRow>();

    public DbSet<ShellArtefactRow> ShellArtefacts => Set<ShellArtefactRow>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<CommandRow>(e => e.ToTable(Tables.Commands.Name).HasKey(x => new { x.RawId, x.OccurredAt }));
        modelBuilder.Entity<LoginRow>(e => e.ToTable(Tables.Logins.Name).HasKey(x => new { x.RawId, x.OccurredAt }));
        modelBuilder.Entity<SessionEventRow>(e => e.ToTable(Tables.SessionEvents.Name).HasKey(x => new { x.RawId, x.OccurredAt }));
        modelBuilder.Entity<SudoRow>(e => e.ToTable(Tables.SudoEvents.Name).HasKey(x => new { x.RawId, x.OccurredAt }));
        modelBuilder.Entity<SuRow>(e => e.ToTable(Tables.SuEvents.Name).HasKey(x => new { x.RawId, x.OccurredAt }));
        modelBuilder.Entity<AccountChangeRow>(e =>
        {
            e.ToTable(Tables.AccountChanges.Name).HasKey(x => new { x.RawId, x.OccurredAt });
        });
        modelBuilder.Entity<AppEventRow>(e => e.ToTable(Tables.AppEvents.Name).HasKey(x => new { x.RawId, x.OccurredAt }));
        modelBuilder.Entity<UnparsedRow>(e => e.ToTable(Tables.UnparsedLines.Name).HasKey(x => new { x.RawId, x.ReceivedOn }));
        modelBuilder.Entity<RawLineRow>(e => e.ToTable(Tables.RawLines.Name).HasKey(x => new { x.Id, x.ReceivedOn }));
        modelBuilder.Entity<QueryLogRow>(e => e.ToTable(Tables.QueryLog.Name).HasKey(x => new { x.Id, x.At }));
        modelBuilder.Entity<ExecutionRow>(e => e.ToTable(Tables.Executions.Name).HasKey(x => new { x.RawId, x.Serial, x.OccurredAt }));
        modelBuilder.Entity<AuditEventRow>(e => e.ToTable(Tables.AuditEvents.Name).HasKey(x => new { x.RawId, x.Serial, x.OccurredAt }));
        modelBuilder.Entity<AuditLoginRow>(e => e.ToTable(Tables.AuditLogins.Name).HasKey(x => new { x.RawId, x.Serial, x.OccurredAt }));
        modelBuilder.Entity<ShellArtefactRow>(e => e.ToTable(Tables.ShellArtefacts.Name).HasKey(x => new { x.RawId, x.OccurredAt }));
    }
}
