using Microsoft.EntityFrameworkCore;

namespace Audit.Infrastructure.Database;

/// <summary>
/// Read model over the partitioned parent tables. The schema itself lives in <c>migrations/*.sql</c>
/// (EF cannot express partitioning); this context never creates or changes tables.
/// </summary>
public sealed class AuditDbContext(DbContextOptions<AuditDbContext> options) : DbContext(options)
{
    public DbSet<CommandRow> Commands => Set<CommandRow>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<CommandRow>(e =>
        {
            e.ToTable("commands");
            e.HasKey(x => new { x.RawId, x.OccurredAt });
            e.Property(x => x.OccurredAt).HasColumnName("occurred_at");
            e.Property(x => x.RawId).HasColumnName("raw_id");
            e.Property(x => x.Host).HasColumnName("host");
            e.Property(x => x.LoginUser).HasColumnName("login_user");
            e.Property(x => x.RunAs).HasColumnName("run_as");
            e.Property(x => x.Command).HasColumnName("command");
            e.Property(x => x.ExitCode).HasColumnName("exit_code");
            e.Property(x => x.ShellPid).HasColumnName("shell_pid");
            e.Property(x => x.HistoryNo).HasColumnName("history_no");
            e.Property(x => x.Shell).HasColumnName("shell");
            e.Property(x => x.Source).HasColumnName("source");
        });
    }
}
