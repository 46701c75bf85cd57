using Audit.Domain.Parsing;
using Audit.Infrastructure.Database;
using Audit.Infrastructure.Ingest;
using Audit.Infrastructure.Integrity;
using Audit.Infrastructure.Keys;
using Audit.Infrastructure.Metrics;
using Audit.Infrastructure.Parsing;
using Audit.Infrastructure.Partitions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Audit.Infrastructure;

/// <summary>Explicit wiring of the database, ingest, parsing and partition services.</summary>
public static class InfrastructureServiceCollectionExtensions
{
    public static IServiceCollection AddAuditInfrastructure(this IServiceCollection services, IConfiguration configuration)
    {
        var connectionString = configuration.GetConnectionString("Audit")
            ?? throw new InvalidOperationException("ConnectionStrings:Audit (env ConnectionStrings__Audit) is not set.");

        services.TryAddTimeProvider();
        services.AddSingleton(_ => BuildDataSource(connectionString));
        var ownerConnectionString = configuration.GetConnectionString("AuditOwner");
        services.AddSingleton(_ => new OwnerDataSource(string.IsNullOrEmpty(ownerConnectionString) ? null : NpgsqlDataSource.Create(ownerConnectionString)));
        // Reads may go to a hot standby (ConnectionStrings:AuditRead); writes never do.
        var readConnectionString = configuration.GetConnectionString(ReadReplica.ConnectionName);
        services.AddOptions<ReadReplicaOptions>().BindConfiguration(ReadReplicaOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp => new ReadReplica(string.IsNullOrEmpty(readConnectionString) ? null : BuildDataSource(readConnectionString),
            sp.GetRequiredService<IOptions<ReadReplicaOptions>>(), sp.GetRequiredService<TimeProvider>()));
        services.AddDbContextPool<AuditDbContext>((sp, o) => o
            .UseNpgsql(sp.GetRequiredService<NpgsqlDataSource>())
            .UseSnakeCaseNamingConvention()
            .UseQueryTrackingBehavior(QueryTrackingBehavior.NoTracking));

        services.AddOptions<IngestOptions>().BindConfiguration(IngestOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ParsingOptions>().BindConfiguration(ParsingOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<PartitionOptions>().BindConfiguration(PartitionOptions.Section).ValidateDataAnnotations()
            .Validate(o => o.EventRetentionDays == 0 || o.EventRetentionDays >= o.MinimumRetentionDays, "Partitions:EventRetentionDays must be 0 (keep) or at least MinimumRetentionDays")
            .Validate(o => o.RawRetentionDays == 0 || o.RawRetentionDays >= o.MinimumRetentionDays, "Partitions:RawRetentionDays must be 0 (keep) or at least MinimumRetentionDays")
            .ValidateOnStart();

        services.AddSingleton(sp => new MigrationRunner(sp.GetRequiredService<OwnerDataSource>().DataSource ?? sp.GetRequiredService<NpgsqlDataSource>(), sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<MigrationRunner>>()));
        services.AddSingleton<ServiceSecrets>();
        services.AddHostedService<MigrationHostedService>();

        services.AddSingleton<PartitionManager>();
        // Retention drops tables: it runs on the owner connection when there is one.
        services.AddTransient(sp => ActivatorUtilities.CreateInstance<PartitionMaintenanceJob>(sp, sp.GetRequiredService<OwnerDataSource>().DataSource ?? sp.GetRequiredService<NpgsqlDataSource>()));

        services.AddSingleton<RawBatchWriter>();
        services.AddSingleton<AuditCounters>();
        services.AddSingleton<BacklogMonitor>();
        services.AddHostedService(sp => sp.GetRequiredService<BacklogMonitor>());

        services.AddSingleton(sp => new SourceRouter(sp.GetRequiredService<IOptions<ParsingOptions>>().Value.EffectiveRoutes()));
        services.AddSingleton<LineParser>();
        services.AddSingleton<ZoneResolver>();
        services.AddSingleton<BatchParser>();
        services.AddSingleton<ParsedRowsWriter>();
        services.AddSingleton<AuditAssemblyStage>();
        services.AddSingleton<SshConnectionStage>();
        services.AddSingleton<ParseStateStore>();
        services.AddSingleton<ParseDispatcher>();
        services.AddSingleton<ParseQueue>();
        services.AddTransient<ParseJob>();
        services.AddTransient<ReparseJob>();

        services.AddSingleton<ApiKeyStore>();
        services.AddSingleton<Queries.QueryLogWriter>();
        services.AddAuditIntegrity();
        return services;
    }

    /// <summary>
    /// Statements are prepared after a few uses, and planned generically: a query over day partitions
    /// then costs no planning per call (planning ~40 partitions took milliseconds), the partitions
    /// outside the window being pruned when it runs. Settings given in the connection string win.
    /// </summary>
    private static NpgsqlDataSource BuildDataSource(string connectionString)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        var csb = builder.ConnectionStringBuilder;
        if (!connectionString.Contains("Max Auto Prepare", StringComparison.OrdinalIgnoreCase)) csb.MaxAutoPrepare = 200;
        if (string.IsNullOrEmpty(csb.Options)) csb.Options = "-c plan_cache_mode=force_generic_plan";
        return builder.Build();
    }

    private static void TryAddTimeProvider(this IServiceCollection services)
    {
        if (services.All(d => d.ServiceType != typeof(TimeProvider))) services.AddSingleton(TimeProvider.System);
    }
}
