using System.Globalization;
using Audit.Api.Queries;
using Audit.Infrastructure.Database;
using Npgsql;

namespace Audit.Api.Hosting;

/// <summary>Endpoint metadata: a GET of this endpoint may be answered from the standby (<c>false</c> keeps an endpoint of such a group on the primary).</summary>
public sealed record ReplicaReads(bool Allowed = true);

/// <summary>
/// Routes reads to the hot standby without handlers knowing: for a GET (or HEAD) of an endpoint marked
/// <see cref="ReplicaReads"/>, while the standby answers and is within <c>ReadReplica:MaxLagSeconds</c>,
/// the request's services hand out the standby's <see cref="NpgsqlDataSource"/>, a read
/// <see cref="AuditDbContext"/> from the standby's pool and the query runners built over it; every
/// other service (the query log writer, key and session stores, the parse queue) is the same
/// singleton as always, over the primary. The answer says where it came from and how stale it may be:
/// <c>Audit-Read-Source: replica|primary</c>, and with <c>replica</c>, <c>Audit-Read-Lag</c> in seconds
/// (the data includes every commit the primary made until that long before the read began).
/// </summary>
public static class ReadReplicaRouting
{
    public const string SourceHeader = "Audit-Read-Source";
    public const string LagHeader = "Audit-Read-Lag";

    public static TBuilder WithReplicaReads<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder => builder.WithMetadata(new ReplicaReads());

    /// <summary>The query runners that hold a data source of their own, built once more over the standby.</summary>
    public static IServiceCollection AddReadReplicaRouting(this IServiceCollection services) =>
        services.AddSingleton(sp => sp.GetRequiredService<ReadReplica>().DataSource is { } standby
            ? new ReplicaServiceSet(new Dictionary<Type, object> { [typeof(UnionRunner)] = ActivatorUtilities.CreateInstance<UnionRunner>(sp, standby) })
            : new ReplicaServiceSet(new Dictionary<Type, object>()));

    public static IApplicationBuilder UseReadReplica(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        if (!HttpMethods.IsGet(http.Request.Method) && !HttpMethods.IsHead(http.Request.Method)
            || http.GetEndpoint()?.Metadata.GetMetadata<ReplicaReads>() is not { Allowed: true })
        {
            await next(http);
            return;
        }

        var replica = http.RequestServices.GetRequiredService<ReadReplica>();
        if (await replica.ProbeAsync(http.RequestAborted) is not { } state)
        {
            await next(http);
            return;
        }

        http.Response.Headers[SourceHeader] = state.Serving;
        if (!state.ServesReads)
        {
            await next(http);
            return;
        }

        http.Response.Headers[LagHeader] = state.LagSeconds?.ToString("0.###", CultureInfo.InvariantCulture) ?? "unknown";
        var primaryServices = http.RequestServices;
        http.RequestServices = new ReplicaServiceProvider(primaryServices, replica, http.RequestServices.GetRequiredService<ReplicaServiceSet>(), http);
        try
        {
            await next(http);
        }
        finally
        {
            http.RequestServices = primaryServices;
        }
    });
}

/// <summary>Services that exist twice, once over the primary (the ordinary registrations) and once over the standby.</summary>
public sealed record ReplicaServiceSet(IReadOnlyDictionary<Type, object> Twins);

/// <summary>A request's services with the standby's data source, read context and query runners in place of the primary's.</summary>
internal sealed class ReplicaServiceProvider(IServiceProvider primary, ReadReplica replica, ReplicaServiceSet set, HttpContext http)
    : IServiceProvider, IKeyedServiceProvider
{
    private AuditDbContext? _db;

    public object? GetService(Type serviceType)
    {
        if (serviceType == typeof(NpgsqlDataSource)) return replica.DataSource;
        if (serviceType == typeof(AuditDbContext)) return _db ??= Lease();
        if (serviceType == typeof(IServiceProvider)) return this;
        return set.Twins.TryGetValue(serviceType, out var twin) ? twin : primary.GetService(serviceType);
    }

    public object? GetKeyedService(Type serviceType, object? serviceKey) => ((IKeyedServiceProvider)primary).GetKeyedService(serviceType, serviceKey);

    public object GetRequiredKeyedService(Type serviceType, object? serviceKey) => ((IKeyedServiceProvider)primary).GetRequiredKeyedService(serviceType, serviceKey);

    private AuditDbContext Lease()
    {
        var db = replica.Contexts!.CreateDbContext();
        http.Response.RegisterForDisposeAsync(db); // back to the standby's pool when the answer is done
        return db;
    }
}
