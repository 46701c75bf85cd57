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
/// <see cref="AuditDbContext"/> from the standby's pool and the <see cref="QueryStore"/> over both,
/// through which every query handler reads; every other service (the query log writer, key and session stores, the parse queue) is the same
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
        http.RequestServices = new ReplicaServiceProvider(primaryServices, replica, http);
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

/// <summary>A request's services with the standby's data source, read context and query store in place of the primary's.</summary>
internal sealed class ReplicaServiceProvider(IServiceProvider primary, ReadReplica replica, HttpContext http)
    : IServiceProvider, IKeyedServiceProvider
{
    private AuditDbContext? _db;
    private QueryStore? _store;

    public object? GetService(Type serviceType)
    {
        if (serviceType == typeof(NpgsqlDataSource)) return replica.DataSource;
        if (serviceType == typeof(AuditDbContext)) return _db ??= Lease();
        if (serviceType == typeof(QueryStore)) return _store ??= new QueryStore((AuditDbContext)GetService(typeof(AuditDbContext))!, replica.DataSource!);
        if (serviceType == typeof(IServiceProvider)) return this;
        return primary.GetService(serviceType);
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
