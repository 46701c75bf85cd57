using System.Globalization;
using Audit.Api.Queries;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.WebUtilities;

namespace Audit.Api.Ui;

/// <summary>
/// What every console page shares. All of a page's state is in its URL; a page opened without
/// <c>from</c>/<c>to</c> is redirected to the same view with the window written out (the API's default,
/// the last 24 hours), so a pasted link shows a colleague the same rows later.
/// </summary>
public abstract class ConsolePageModel : PageModel
{
    public IReadOnlyList<string> Errors { get; protected set; } = [];

    /// <summary>A redirect to this URL with the window pinned, or null when both bounds are given.</summary>
    protected IActionResult? PinWindow(string? from, string? to, TimeProvider time)
    {
        if (!string.IsNullOrEmpty(from) && !string.IsNullOrEmpty(to)) return null;
        if ((!string.IsNullOrEmpty(from) && !QueryWindow.TryParseTime(from, out _)) || (!string.IsNullOrEmpty(to) && !QueryWindow.TryParseTime(to, out _))) return null;
        var (f, t) = QueryWindow.Resolve(from, to, time.GetUtcNow());
        return Redirect(With(("from", ConsoleHtml.Iso(f)), ("to", ConsoleHtml.Iso(t))));
    }

    /// <summary>This page's URL with some parameters replaced (null or empty removes one).</summary>
    public string With(params (string Name, string? Value)[] changes)
    {
        var q = Request.Query.ToDictionary(p => p.Key, p => (string?)p.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in changes) q[name] = value;
        return QueryHelpers.AddQueryString(Request.Path, q.Where(p => !string.IsNullOrEmpty(p.Value)));
    }

    protected static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}

/// <summary>HTML pieces the pages share.</summary>
public static class ConsoleHtml
{
    public static string Iso(DateTimeOffset t) => t.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>A time as UTC; console.js shows it in the viewer's zone and keeps UTC on hover.</summary>
    public static IHtmlContent Time(DateTimeOffset? t)
    {
        if (t is not { } v) return new HtmlString("<span class=\"none\">—</span>");
        var utc = v.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss.fff 'UTC'", CultureInfo.InvariantCulture);
        var iso = v.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        return new HtmlString($"<time datetime=\"{iso}\" title=\"{utc}\">{utc}</time>");
    }

    public static string Link(string path, params (string Name, string? Value)[] query) =>
        QueryHelpers.AddQueryString(path, query.Where(p => !string.IsNullOrEmpty(p.Value)).Select(p => new KeyValuePair<string, string?>(p.Name, p.Value)));
}
