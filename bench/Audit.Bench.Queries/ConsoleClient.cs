using System.Net;
using System.Text.RegularExpressions;

namespace Audit.Bench.Queries;

/// <summary>An HTTP client signed in to the /ui console as a browser is: the sign-in form (with its antiforgery token) posted once, then the session cookie.</summary>
public static partial class ConsoleClient
{
    public static async Task<HttpClient> SignInAsync(string baseUrl, string key)
    {
        var client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = true }) { BaseAddress = new Uri(baseUrl) };
        var form = await client.GetStringAsync("/ui");
        var token = TokenField().Match(form) is { Success: true } m ? m.Groups[1].Value : throw new InvalidOperationException("no antiforgery token on /ui");
        using var answer = await client.PostAsync("/ui", new FormUrlEncodedContent(new Dictionary<string, string> { ["key"] = key, ["__RequestVerificationToken"] = token }));
        if (answer.RequestMessage?.RequestUri?.AbsolutePath.StartsWith("/ui/dashboard", StringComparison.Ordinal) != true)
        {
            throw new InvalidOperationException($"console sign-in failed ({(int)answer.StatusCode})");
        }

        return client;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"", RegexOptions.None, 1000)]
    private static partial Regex TokenField();
}
