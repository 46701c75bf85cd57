using Microsoft.AspNetCore.Http.HttpResults;
using System.Text.Json;
using Audit.Api.Endpoints;
using Audit.Api.Queries;
using Audit.Infrastructure.Ingest;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc;

namespace Audit.Api.Ui.Pages;

/// <summary>
/// <c>/ui/dashboard</c>: <c>GET /api/v1/stats/summary</c> and <c>/stats/series</c> as charts. The
/// chart data travels in <c>application/json</c> script blocks (data, never run, so the CSP stays
/// free of inline script); console.js hands it to Chart.js.
/// </summary>
public sealed class DashboardModel(ConsoleReads reads, QueryStore store, BacklogMonitor backlog, TimeProvider time) : ConsolePageModel
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string? Host { get; private set; }
    public string? From { get; private set; }
    public string? To { get; private set; }
    public StatsSummary? Summary { get; private set; }
    public StatsSeries? Series { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? host, string? from, string? to)
    {
        (Host, From, To) = (Blank(host), Blank(from), Blank(to));
        if (PinWindow(From, To, time) is { } pinned) return pinned;
        var summary = await reads.RunAsync<StatsQuery, Results<Ok<StatsSummary>, ProblemHttpResult>, StatsSummary>(HttpContext, new StatsQuery(Host, From, To, 10),
            q => StatsEndpoints.SummaryAsync(q, store, time, HttpContext.RequestAborted));
        var series = await reads.RunAsync<StatsSeriesQuery, Results<Ok<StatsSeries>, ProblemHttpResult>, StatsSeries>(HttpContext, new StatsSeriesQuery(Host, From, To, 24, 5),
            q => StatsEndpoints.SeriesAsync(q, store, backlog, time, HttpContext.RequestAborted));
        (Summary, Series, Errors) = (summary.Value, series.Value, summary.Errors.Concat(series.Errors).Distinct().ToList());
        return Page();
    }

    public IHtmlContent ChartData(string id, string type, IReadOnlyList<Series> series, bool stacked = false) =>
        Block(id, new { type, time = true, stacked, horizontal = false, labels = Series!.Buckets.Select(ConsoleHtml.Iso), series = series.Select(s => new { name = s.Name, values = s.Values }) });

    public IHtmlContent BarData(string id, IReadOnlyList<NamedCount> counts) =>
        Block(id, new { type = "bar", time = false, stacked = false, horizontal = true, labels = counts.Select(c => c.Name), series = new[] { new { name = "events", values = counts.Select(c => (double)c.Count) } } });

    // System.Text.Json escapes <, > and & by default, so the JSON cannot close the script element.
    private static HtmlString Block(string id, object value) =>
        new($"<script type=\"application/json\" id=\"{id}\">{JsonSerializer.Serialize(value, Json)}</script>");
}
