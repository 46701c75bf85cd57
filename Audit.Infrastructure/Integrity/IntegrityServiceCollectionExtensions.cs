using Microsoft.Extensions.DependencyInjection;

namespace Audit.Infrastructure.Integrity;

/// <summary>Wiring of the sealer, checkpoints, verifier and their background worker.</summary>
public static class IntegrityServiceCollectionExtensions
{
    public static IServiceCollection AddAuditIntegrity(this IServiceCollection services)
    {
        services.AddOptions<IntegrityOptions>().BindConfiguration(IntegrityOptions.Section).ValidateDataAnnotations()
            .Validate(o => o.CheckpointInterval >= TimeSpan.FromSeconds(1), "Integrity:CheckpointInterval must be at least a second")
            .Validate(o => o.SelfVerifyMaxDeferral >= TimeSpan.Zero, "Integrity:SelfVerifyMaxDeferral must not be negative")
            .Validate(o => o.SealInterval >= TimeSpan.FromMilliseconds(100), "Integrity:SealInterval must be at least 100 ms")
            .Validate(o => o.SigningKeyPath.Length == 0 || o.CreateSigningKey || File.Exists(o.SigningKeyPath), "Integrity:SigningKeyPath names a file that does not exist")
            .ValidateOnStart();
        services.AddSingleton<IntegrityRunLog>();
        services.AddSingleton<IntegrityStatus>();
        services.AddSingleton<SealingJob>();
        services.AddSingleton<CheckpointJob>();
        services.AddSingleton<SelfVerifyJob>();
        services.AddHostedService<IntegrityWorker>();
        return services;
    }
}
