using Audit.Api.Redis;
using Audit.Infrastructure.Redis;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Audit.Api.Elastic;

/// <summary>Explicit wiring of what stock shippers talk to: the Elasticsearch-compatible routes and the Redis consumer.</summary>
public static class ShipperServiceCollectionExtensions
{
    public static IServiceCollection AddAuditShipperIngest(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ElasticOptions>().BindConfiguration(ElasticOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<PushbackCounter>();
        services.AddSingleton<ElasticPushback>();
        services.AddSingleton<ElasticBulkHandler>();

        // Elasticsearch-style 401/403 and back-pressure for those routes; the default for every other route.
        services.RemoveAll<IAuthorizationMiddlewareResultHandler>();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, ElasticAuthorizationResultHandler>();

        services.AddSingleton<IRedisEntryDecoder, FilebeatEntryDecoder>();
        services.AddAuditRedisConsumer(configuration);
        return services;
    }
}
