using Audit.Api.Queries;
using Audit.Api.Validation;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Audit.Api.Endpoints;

/// <summary>Filters of <c>GET /api/v1/timeline</c>: a user and/or a host (at least one).</summary>
/// <param name="Kinds">Comma-separated kinds to include (command, login, sudo, su, account, session, app, execution); default all.</param>
public sealed record TimelineQuery(string? Host, string? User, string? From, string? To, int? Limit, string? Cursor, string? Kinds) : IListQuery
{
    public string Signature => $"timeline|{Host}|{User}|{From}|{To}|{Kinds}";
}

/// <summary>Parameters of <c>GET /api/v1/search</c>.</summary>
/// <param name="Q">Case-insensitive substring (at least 3 characters) looked for in commands, executions, sudo commands and app events.</param>
/// <param name="Kinds">Comma-separated kinds to search (command, sudo, app, execution); default all.</param>
public sealed record SearchQuery(string? Q, string? Host, string? User, string? From, string? To, int? Limit, string? Cursor, string? Kinds) : IListQuery
{
    public string Signature => $"search|{Q}|{Host}|{User}|{From}|{To}|{Kinds}";
}

public sealed class TimelineQueryValidator : ListQueryValidator<TimelineQuery>
{
    public TimelineQueryValidator()
    {
        RuleFor(q => q).Must(q => !string.IsNullOrEmpty(q.User) || !string.IsNullOrEmpty(q.Host)).OverridePropertyName("user")
            .WithMessage("Give a user, a host, or both.");
        RuleFor(q => q.Kinds).Must(KindsAreKnown)
            .WithMessage($"'kinds' is a comma-separated list of: {string.Join(", ", EventKind.All.Select(k => k.Name))}.");
    }

    public static bool KindsAreKnown(string? kinds) =>
        kinds is null || kinds.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).All(k => EventKind.All.Any(e => e.Name == k));
}

public sealed class SearchQueryValidator : ListQueryValidator<SearchQuery>
{
    public SearchQueryValidator()
    {
        RuleFor(q => q.Q).NotEmpty().MinimumLength(3).MaximumLength(1000)
            .WithMessage("'q' must be 3 to 1000 characters.");
        RuleFor(q => q.Kinds).Must(TimelineQueryValidator.KindsAreKnown)
            .WithMessage($"'kinds' is a comma-separated list of: {string.Join(", ", EventKind.All.Where(k => k.SearchColumn is not null).Select(k => k.Name))}.");
    }
}

/// <summary><c>GET /api/v1/timeline</c> and <c>GET /api/v1/search</c>: every kind merged in time order (<see cref="UnionRunner"/>).</summary>
public static class TimelineEndpoints
{
    public static IEndpointRouteBuilder MapTimelineEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapReadGroup("Timeline");
        group.MapGet("/timeline", TimelineAsync).WithName("Timeline")
            .WithSummary("Everything a user and/or host did, every kind merged, newest first.")
            .AddEndpointFilter<ValidationFilter<TimelineQuery>>().ProducesList<TimelineItem>();
        group.MapGet("/search", SearchAsync).WithName("Search")
            .WithSummary("Substring search across commands, executions, sudo commands and app events.")
            .AddEndpointFilter<ValidationFilter<SearchQuery>>().ProducesList<TimelineItem>();
        return app;
    }

    public static Task<Results<Ok<Page<TimelineItem>>, PushStreamHttpResult, ProblemHttpResult>> TimelineAsync(
        [AsParameters] TimelineQuery query, HttpContext http, QueryStore store, UnionRunner runner, CancellationToken ct) =>
        runner.RunAsync(http, query, store, UnionRunner.KindsOf(query.Kinds), query.Host, query.User, null, ct);

    public static Task<Results<Ok<Page<TimelineItem>>, PushStreamHttpResult, ProblemHttpResult>> SearchAsync(
        [AsParameters] SearchQuery query, HttpContext http, QueryStore store, UnionRunner runner, CancellationToken ct) =>
        runner.RunAsync(http, query, store, UnionRunner.KindsOf(query.Kinds), query.Host, query.User, LikePattern.Contains(query.Q!), ct);
}
