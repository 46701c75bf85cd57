using Audit.Api.Auth;
using Audit.Api.Ingest;
using Audit.Api.Queries;
using Audit.Api.Validation;
using Audit.Infrastructure.Ingest;
using Audit.Infrastructure.Parsing;
using Hangfire;
using Hangfire.PostgreSql;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Serilog;

namespace Audit.Api.Hosting;

/// <summary>Explicit wiring of the HTTP side: auth, validation, Swagger, Hangfire, logging.</summary>
public static class ApiServiceCollectionExtensions
{
    public static WebApplicationBuilder AddAuditApi(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var config = builder.Configuration;

        services.AddSerilog((sp, log) => log
            .ReadFrom.Configuration(config)
            .Enrich.FromLogContext()
            .WriteTo.Console(formatProvider: System.Globalization.CultureInfo.InvariantCulture));

        services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.Section)
            .Validate(o => string.IsNullOrEmpty(o.AdminKey) || o.AdminKey.Length >= AuthOptions.MinAdminKeyLength, $"Auth:AdminKey must be at least {AuthOptions.MinAdminKeyLength} characters (or unset)")
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<FailedAuthThrottle>();
        services.AddOptions<HangfireOptions>().BindConfiguration(HangfireOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder().AddScopePolicies();

        services.AddProblemDetails();
        services.AddExceptionHandler<BadRequestExceptionHandler>();
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.Never);
        services.AddApiValidators();

        // Every query handler reads through QueryStore: the one place to point reads elsewhere.
        services.AddScoped(sp => new QueryStore(sp.GetRequiredService<Audit.Infrastructure.Database.AuditDbContext>(), sp.GetRequiredService<Npgsql.NpgsqlDataSource>()));
        services.AddSingleton<CursorCodec>();
        services.AddSingleton<ListRunner>();
        services.AddSingleton<UnionRunner>();
        services.AddSingleton<IngestPipeline>();
        services.AddIngestRateLimits();
        services.AddHostedService<StartupTasks>();

        services.AddEndpointsApiExplorer();
        services.AddAuditSwagger();

        // Kestrel's own limit sits just above ours, so that our 413 (with a reason) answers first.
        var maxBody = config.GetValue<long?>($"{IngestOptions.Section}:{nameof(IngestOptions.MaxBodyBytes)}") ?? new IngestOptions().MaxBodyBytes;
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = maxBody + 1);

        AddHangfire(services, config);
        return builder;
    }

    private static void AddHangfire(IServiceCollection services, IConfiguration config)
    {
        var connectionString = config.GetConnectionString("Audit")!;
        var hangfire = config.GetSection(HangfireOptions.Section).Get<HangfireOptions>() ?? new HangfireOptions();
        services.AddHangfire(c => c
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UsePostgreSqlStorage(o => o.UseNpgsqlConnection(connectionString), new PostgreSqlStorageOptions
            {
                SchemaName = "hangfire",
                PrepareSchemaIfNecessary = true,
                QueuePollInterval = TimeSpan.FromMilliseconds(hangfire.PollIntervalMs),
                EnableLongPolling = true,
                InvisibilityTimeout = TimeSpan.FromMinutes(30),
            }));

        if (!hangfire.ServerEnabled) return;
        services.AddHangfireServer((sp, o) =>
        {
            o.ServerName = $"{Environment.MachineName}:parse";
            o.Queues = [ParseDispatcher.Queue];
            o.WorkerCount = sp.GetRequiredService<IOptions<ParsingOptions>>().Value.Workers;
        });
        services.AddHangfireServer(o =>
        {
            o.ServerName = $"{Environment.MachineName}:default";
            o.Queues = ["default"];
            o.WorkerCount = 2;
        });
    }
}
