using Audit.Api.Admin;
using Audit.Api.AppEvents;
using Audit.Api.Auth;
using Audit.Api.Ingest;
using Audit.Api.Queries;
using Audit.Api.Validation;
using Audit.Infrastructure.Ingest;
using Audit.Infrastructure.Parsing;
using FluentValidation;
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
        // Validators are stateless; building one compiles its rule expressions, so it is built once, not per request.
        services.AddSingleton<IValidator<CommandQuery>, CommandQueryValidator>();
        services.AddSingleton<IValidator<ShellArtefactQuery>, ShellArtefactQueryValidator>();
        services.AddSingleton<IValidator<CreateKeyRequest>, CreateKeyRequestValidator>();
        services.AddSingleton<IValidator<AppEventBatch>, AppEventBatchValidator>();
        services.AddSingleton<IValidator<LoginQuery>, LoginQueryValidator>();
        services.AddSingleton<IValidator<SudoQuery>, SudoQueryValidator>();
        services.AddSingleton<IValidator<AccountChangeQuery>, AccountChangeQueryValidator>();
        services.AddSingleton<IValidator<AppEventQuery>, AppEventQueryValidator>();
        services.AddSingleton<IValidator<UnparsedQuery>, UnparsedQueryValidator>();
        services.AddSingleton<IValidator<TimelineQuery>, TimelineQueryValidator>();
        services.AddSingleton<IValidator<SearchQuery>, SearchQueryValidator>();
        services.AddSingleton<IValidator<StatsQuery>, StatsQueryValidator>();
        services.AddSingleton<IValidator<Endpoints.StatsSeriesQuery>, Endpoints.StatsSeriesQueryValidator>();
        services.AddSingleton<IValidator<QueryLogQuery>, QueryLogQueryValidator>();
        services.AddSingleton<IValidator<ExecutionQuery>, ExecutionQueryValidator>();
        services.AddSingleton<IValidator<AuditEventQuery>, AuditEventQueryValidator>();
        services.AddSingleton<IValidator<SessionQuery>, SessionQueryValidator>();
        services.AddSingleton<IValidator<ReparseRequest>, ReparseRequestValidator>();

        services.AddSingleton<CursorCodec>();
        services.AddSingleton<ListRunner>();
        services.AddSingleton<UnionRunner>();
        services.AddReadReplicaRouting();
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
