using System.Text.Json;
using Audit.Api.Ui;
using Audit.Infrastructure.Keys;
using Audit.Tests.Support;
using OpenQA.Selenium;

namespace Audit.Tests.Ui;

/// <summary>The /ui console in a real browser, on logs that went through ingest and parsing.</summary>
public sealed class ConsoleBrowserTests(ConsoleBrowser browser) : IClassFixture<ConsoleBrowser>
{
    private IWebDriver Driver => browser.Driver;

    private string Path => Driver.Url[browser.Api.Address.ToString().TrimEnd('/').Length..];

    [Fact]
    public async Task A_wrong_key_is_refused_on_the_sign_in_page_with_a_message()
    {
        browser.SignOutEverywhere();
        browser.SignIn("audit_not-a-key-at-all-0000000000000000");
        Assert.StartsWith("/ui", Path);
        Assert.Contains("not valid", Driver.FindElement(By.Id("signin-error")).Text);
        Assert.Null(Driver.Manage().Cookies.GetCookieNamed(ConsoleAuthenticationHandler.CookieName));

        browser.SignIn(await browser.CreateKeyAsync("shipper only", ApiKeyScopes.Ingest));
        Assert.Contains("no read scope", Driver.FindElement(By.Id("signin-error")).Text);
        Assert.Null(Driver.Manage().Cookies.GetCookieNamed(ConsoleAuthenticationHandler.CookieName));

        browser.Open("/ui/search?q=shadow");
        Assert.StartsWith("/ui?returnUrl=", Path);
        browser.AssertNoScriptErrors();
    }

    [Fact]
    public async Task An_investigation_goes_from_a_search_hit_to_the_whole_session_as_a_tree_and_on_to_the_timeline()
    {
        var host = Unique.Host("web");
        var story = new Investigation(host, DateTimeOffset.UtcNow.AddMinutes(-30));
        await browser.IngestAsync(host, "/var/log/auth.log", story.AuthLog);
        await browser.IngestAsync(host, "/var/log/audit/audit.log", story.AuditLog);
        await browser.IngestAsync(host, "/var/log/commands.log", story.CommandsLog);
        await browser.Api.ParseAllAsync();
        var keyName = "investigator " + host;
        var key = await browser.CreateKeyAsync(keyName, ApiKeyScopes.Read);

        // A link from a ticket, opened before signing in, comes back after sign-in, with the window written into the URL.
        browser.SignOutEverywhere();
        browser.Open($"/ui/search?q=shadow&host={host}");
        Assert.StartsWith("/ui?returnUrl=", Path);
        browser.SignIn(key, onThisPage: true);
        Assert.StartsWith($"/ui/search?q=shadow&host={host}&from=", Path);
        var searchUrl = Driver.Url;
        var cookie = Driver.Manage().Cookies.GetCookieNamed(ConsoleAuthenticationHandler.CookieName);
        Assert.True(cookie!.IsHttpOnly);
        Assert.Equal("Strict", cookie.SameSite);
        Assert.NotNull(cookie.Expiry);
        Assert.DoesNotContain(key, Driver.Url);
        Assert.Equal(0L, ((IJavaScriptExecutor)Driver).ExecuteScript("return localStorage.length + sessionStorage.length"));

        var hits = Driver.FindElements(By.CssSelector("table.items tbody tr"));
        Assert.Contains(hits, r => r.Text.Contains("cat /etc/shadow"));
        browser.Screenshot("search");

        // Times are shown in the viewer's zone with UTC on hover.
        var time = Driver.FindElement(By.CssSelector("table.items time"));
        var utc = DateTimeOffset.Parse(time.GetAttribute("datetime")!, System.Globalization.CultureInfo.InvariantCulture);
        var local = TimeZoneInfo.ConvertTime(utc, TimeZoneInfo.FindSystemTimeZoneById(ConsoleBrowser.ViewerZone));
        Assert.Equal($"{local:yyyy-MM-dd HH:mm:ss.fff} UTC{local:zzz}", time.Text);
        Assert.Equal($"{utc.UtcDateTime:yyyy-MM-dd HH:mm:ss.fff} UTC", time.GetAttribute("title"));

        // Keyboard: / jumps to the search box, j and k move between result rows.
        Driver.FindElement(By.TagName("h1")).Click();
        new OpenQA.Selenium.Interactions.Actions(Driver).SendKeys("/").Perform();
        Assert.Equal("q", Driver.SwitchTo().ActiveElement().GetAttribute("id"));
        Driver.FindElement(By.TagName("h1")).Click();
        new OpenQA.Selenium.Interactions.Actions(Driver).SendKeys("jj").Perform();
        Assert.Equal(hits[1].FindElement(By.TagName("a")), Driver.SwitchTo().ActiveElement());
        new OpenQA.Selenium.Interactions.Actions(Driver).SendKeys("k").Perform();
        Assert.Equal(hits[0].FindElement(By.TagName("a")), Driver.SwitchTo().ActiveElement());

        var hit = hits.First(r => r.Text.Contains("cat /etc/shadow") && r.Text.Contains("execution"));
        hit.FindElement(By.CssSelector("a.to-session")).Click();
        Assert.Matches("^/ui/sessions/[^/]+$", Path);
        var sessionUrl = Driver.Url;
        browser.Screenshot("session");
        AssertSessionPage();

        // A reload, and a second browser session signing in through the same link, show the same view.
        Driver.Navigate().Refresh();
        AssertSessionPage();
        browser.SignOutEverywhere();
        Driver.Navigate().GoToUrl(sessionUrl);
        Assert.StartsWith("/ui?returnUrl=", Path);
        browser.SignIn(key, onThisPage: true);
        Assert.Equal(sessionUrl, Driver.Url);
        AssertSessionPage();

        // On to everything carol did on the host.
        Driver.FindElement(By.LinkText(Investigation.User)).Click();
        Assert.StartsWith("/ui/timeline?", Path);
        var kinds = Driver.FindElements(By.CssSelector("table.items tbody tr .kind")).Select(k => k.Text).ToHashSet();
        Assert.Superset(new HashSet<string> { "login", "command", "execution", "sudo" }, kinds);
        var timelineUrl = Driver.Url;
        Driver.Navigate().Refresh();
        Assert.Equal(timelineUrl, Driver.Url);
        browser.Screenshot("timeline");

        Driver.Navigate().GoToUrl(searchUrl);
        Assert.Contains(Driver.FindElements(By.CssSelector("table.items tbody tr")), r => r.Text.Contains("cat /etc/shadow"));
        browser.AssertNoScriptErrors();

        // Every page read is in the query log under the key's name, with its /ui path.
        var paths = await QueryLogPathsAsync(keyName);
        Assert.Contains("/ui/search", paths);
        Assert.Contains("/ui/timeline", paths);
        Assert.Contains(paths, p => p.StartsWith("/ui/sessions/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_revoked_key_ends_its_console_session_and_sign_out_ends_it_too()
    {
        var (info, key) = await browser.Keys.CreateAsync("to revoke", [ApiKeyScopes.Read], "test", CancellationToken.None);
        browser.SignOutEverywhere();
        browser.SignIn(key);
        Assert.StartsWith("/ui/dashboard", Path);
        await browser.Keys.RevokeAsync(info.Id, CancellationToken.None);
        browser.Open("/ui/sessions");
        Assert.StartsWith("/ui?returnUrl=", Path);

        browser.SignIn(await browser.CreateKeyAsync("signs out", ApiKeyScopes.Read));
        Assert.StartsWith("/ui/dashboard", Path);
        var token = Driver.Manage().Cookies.GetCookieNamed(ConsoleAuthenticationHandler.CookieName)!.Value;
        Driver.FindElement(By.CssSelector("form.signout button")).Click();
        await Eventually.ReachAsync(() => Task.FromResult(Path), p => p == "/ui", TimeSpan.FromSeconds(10));
        Assert.Equal("/ui", Path);
        Driver.Manage().Cookies.AddCookie(new Cookie(ConsoleAuthenticationHandler.CookieName, token, "/ui"));
        browser.Open("/ui/sessions");
        Assert.StartsWith("/ui?returnUrl=", Path); // the old token is dead on the server, not only forgotten by the browser
        browser.AssertNoScriptErrors();
    }

    [Fact]
    public async Task The_dashboard_draws_its_charts_and_admin_pages_are_for_admins_only()
    {
        var host = Unique.Host("dash");
        var story = new Investigation(host, DateTimeOffset.UtcNow.AddMinutes(-50));
        await browser.IngestAsync(host, "/var/log/auth.log", story.AuthLog);
        await browser.IngestAsync(host, "/var/log/auth.log", ["this line is no known format at all"]);
        await browser.Api.ParseAllAsync();

        browser.SignOutEverywhere();
        browser.SignIn(AuditApiFactory.AdminKey);
        browser.Open($"/ui/dashboard?host={host}");
        var drawn = await Eventually.ReachAsync(
            () => Task.FromResult(Convert.ToInt64(((IJavaScriptExecutor)Driver).ExecuteScript(
                "return Array.from(document.querySelectorAll('canvas[data-chart]')).filter(c => window.Chart && window.Chart.getChart(c)).length"))),
            n => n >= 6, TimeSpan.FromSeconds(10));
        Assert.Equal(6L, drawn);
        Assert.Contains("203.0.113.77", Driver.FindElement(By.Id("failed-data")).GetAttribute("textContent"));
        browser.Screenshot("dashboard");

        browser.Open($"/ui/unparsed?host={host}");
        Assert.Contains("no known format", Driver.FindElement(By.CssSelector("table.items")).Text);
        Driver.FindElement(By.CssSelector("table.items tbody a")).Click();
        Assert.Contains("no known format", Driver.FindElement(By.CssSelector("pre.raw")).Text);

        browser.Open("/ui/admin/keys");
        Assert.Contains("Create key", Driver.PageSource);
        browser.Screenshot("keys");
        browser.Open("/ui/admin/query-log");
        Assert.Contains("/ui/dashboard", Driver.FindElement(By.CssSelector("table.items")).Text);
        browser.Screenshot("query-log");
        browser.AssertNoScriptErrors();

        browser.SignOutEverywhere();
        browser.SignIn(await browser.CreateKeyAsync("reader", ApiKeyScopes.Read));
        Assert.Empty(Driver.FindElements(By.LinkText("Keys")));
        browser.Open("/ui/admin/keys");
        Assert.Contains("lacks the scope", Driver.PageSource);
    }

    [Fact]
    public void Pages_carry_a_script_policy_that_the_browser_enforces_and_the_log_check_sees()
    {
        browser.SignOutEverywhere();
        browser.Open("/ui");
        browser.TakeLog();
        ((IJavaScriptExecutor)Driver).ExecuteScript("var s = document.createElement('script'); s.textContent = 'window.injected = 1'; document.body.appendChild(s);");
        Assert.Null(((IJavaScriptExecutor)Driver).ExecuteScript("return window.injected === undefined ? null : window.injected"));
        Assert.Contains(browser.TakeLog(), l => l.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase));
    }

    private void AssertSessionPage()
    {
        var login = Driver.FindElement(By.CssSelector("section.login")).Text;
        Assert.Contains(Investigation.SourceIp, login);
        Assert.Contains("publickey", login);
        Assert.Contains("auditd session 31", login);

        // bash → sudo -i → bash (root) → cat /etc/shadow, as nested tree items.
        var tree = Driver.FindElement(By.CssSelector("ul.tree"));
        var cat = tree.FindElements(By.XPath("./li[contains(., '-bash')]//li[contains(., 'sudo -i')]//li[contains(@class,'root') and contains(., '-bash')]//li[contains(@class,'root')]//code[.='cat /etc/shadow']"));
        Assert.True(cat.Count == 1, tree.GetAttribute("outerHTML"));
        var times = Driver.FindElements(By.CssSelector("#all-h ~ table.items tbody time")).Select(t => DateTimeOffset.Parse(t.GetAttribute("datetime")!, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.True(times.Count >= 8, $"only {times.Count} entries");
        Assert.Equal(times.Order().ToList(), times);
        var rows = Driver.FindElements(By.CssSelector("#all-h ~ table.items tbody tr")).Select(r => r.Text).ToList();
        Assert.Contains(rows, r => r.Contains("command") && r.Contains("cat /etc/shadow") && r.Contains("root"));
    }

    private async Task<List<string>> QueryLogPathsAsync(string actor)
    {
        await using var cmd = browser.Database.DataSource.CreateCommand("SELECT path FROM query_log WHERE actor = @a");
        cmd.Parameters.AddWithValue("a", actor);
        var list = new List<string>();
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync()) list.Add(r.GetString(0));
        return list;
    }
}
