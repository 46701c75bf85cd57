using Microsoft.EntityFrameworkCore;

namespace Audit.Infrastructure.Database;

/// <summary>
/// Read model over the partitioned parent tables (snake_case columns). The schema itself lives in
/// <c>migrations/*.sql</c> (EF cannot express partitioning); this context never creates or changes tables.
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
        modelBuilder.Entity<CommandRow>(e => e.ToTable("commands").HasKey(x => new { x.RawId, x.OccurredAt }));
        modelBuilder.Entity<LoginRow>(e => e.ToTable("logins").HasKey(x => new { x.RawId, x.OccurredAt }));
        modelBuilder.Entity<SessionEventRow>(e => e.ToTable("session_events").HasKey(x => new { x.RawId, x.OccurredAt }));
        modelBuilder.Entity<SudoRow>(e => e.ToTable("sudo_events").HasKey(x => new { x.RawId, x.OccurredAt }));
        modelBuilder.Entity<SuRow>(e => e.ToTable("su_events").HasKey(x => new { x.RawId, x.OccurredAt }));
        modelBuilder.Entity<AccountChangeRow>(e =>
        {
            e.ToTable("account_changes").HasKey(x => new { x.RawId, x.OccurredAt });
        });
        modelBuilder.Entity<AppEventRow>(e => e.ToTable("app_events").HasKey(x => new { x.RawId, x.OccurredAt }));
        modelBuilder.Entity<UnparsedRow>(e => e.ToTable("unparsed_lines").HasKey(x => new { x.RawId, x.ReceivedOn }));
        modelBuilder.Entity<RawLineRow>(e => e.ToTable("raw_lines").HasKey(x => new { x.Id, x.ReceivedOn }));
        modelBuilder.Entity<QueryLogRow>(e => e.ToTable("query_log").HasKey(x => new { x.Id, x.At }));
        modelBuilder.Entity<ExecutionRow>(e => e.ToTable("executions").HasKey(x => new { x.RawId, x.Serial, x.OccurredAt }));
        modelBuilder.Entity<AuditEventRow>(e => e.ToTable("audit_events").HasKey(x => new { x.RawId, x.Serial, x.OccurredAt }));
        modelBuilder.Entity<AuditLoginRow>(e => e.ToTable("audit_logins").HasKey(x => new { x.RawId, x.Serial, x.OccurredAt }));
        modelBuilder.Entity<ShellArtefactRow>(e => e.ToTable("shell_artefacts").HasKey(x => new { x.RawId, x.OccurredAt }));
    }
}
