using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Audit.Infrastructure.Redis;

/// <summary>Explicit wiring of the optional Redis list consumer (off unless <c>Redis:Enabled</c>).</summary>
public static class RedisServiceCollectionExtensions
{
    /// <summary>Registers the options always (so they are validated) and the consumer only when enabled.</summary>
    public static IServiceCollection AddAuditRedisConsumer(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RedisOptions>().BindConfiguration(RedisOptions.Section).ValidateDataAnnotations()
            .Validate(o => !o.Enabled || !string.IsNullOrWhiteSpace(o.ConnectionString), "Redis:ConnectionString is required when Redis:Enabled is true")
            .Validate(o => o.EffectiveProcessingListKey != o.ListKey, "Redis:ProcessingListKey must differ from Redis:ListKey")
            .ValidateOnStart();

        if (!configuration.GetValue<bool>($"{RedisOptions.Section}:{nameof(RedisOptions.Enabled)}")) return services;
        services.AddSingleton<RedisListConsumer>();
        services.AddHostedService(sp => sp.GetRequiredService<RedisListConsumer>());
        return services;
    }
}
