using System.Net;
using System.Text;
using Audit.Infrastructure.Keys;
using Audit.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;

namespace Audit.Tests.Ui;

/// <summary>
/// The real API on a real Kestrel port and Debian's chromium, headless, driven by Selenium through
/// Debian's chromedriver (nothing is downloaded). Every browser log entry is kept, so a test can
/// fail on any script error or CSP violation.
/// </summary>
public sealed class ConsoleBrowser : IAsyncLifetime
{
    public const string Chromium = "/usr/bin/chromium";
    public const string ChromeDriver = "/usr/bin/chromedriver";

    private readonly List<string> _log = [];

    public TestDatabase Database { get; private set; } = null!;
    public ShipperApiHost Api { get; private set; } = null!;
    public ChromeDriver Driver { get; private set; } = null!;
    public ApiKeyStore Keys => Api.Services.GetRequiredService<ApiKeyStore>();

    public async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync("audit_ui");
        Api = new ShipperApiHost(Database, port: FreePort.Next());
        var options = new ChromeOptions { BinaryLocation = Chromium };
        options.AddArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1360,900", "--lang=en-US");
        options.SetLoggingPreference(LogType.Browser, LogLevel.All);
        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(ChromeDriver)!, Path.GetFileName(ChromeDriver));
        service.SuppressInitialDiagnosticInformation = true;
        service.HideCommandPromptWindow = true;
        Driver = new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
        // The viewer sits in another zone than the server (UTC), so local times are seen to be local.
        Driver.ExecuteCdpCommand("Emulation.setTimezoneOverride", new Dictionary<string, object?> { ["timezoneId"] = ViewerZone });
    }

    /// <summary>The browser's time zone: UTC+01:00 in winter, UTC+02:00 in summer.</summary>
    public const string ViewerZone = "Europe/Berlin";

    public Uri Url(string pathAndQuery) => new(Api.Address, pathAndQuery);

    public void Open(string pathAndQuery) => Driver.Navigate().GoToUrl(Url(pathAndQuery));

    /// <summary>Signs in with <paramref name="key"/> typed into the password field, as a person would: on /ui, or on the sign-in page the browser is on.</summary>
    public void SignIn(string key, bool onThisPage = false)
    {
        if (!onThisPage) Open("/ui");
        var field = Driver.FindElement(By.Id("key"));
        field.Clear();
        field.SendKeys(key);
        field.Submit();
    }

    public void SignOutEverywhere()
    {
        Open("/ui");
        Driver.Manage().Cookies.DeleteAllCookies();
    }

    /// <summary>Browser log entries seen since the last call (errors, CSP violations, warnings).</summary>
    public IReadOnlyList<string> TakeLog()
    {
        _log.AddRange(Driver.Manage().Logs.GetLog(LogType.Browser).Select(e => $"{e.Level}: {e.Message}"));
        var copy = _log.ToList();
        _log.Clear();
        return copy;
    }

    /// <summary>Fails when the browser reported any script error or policy violation.</summary>
    public void AssertNoScriptErrors()
    {
        // A page answered with 401/403/404 is logged as a failed load too; that is the page's status, not a
        // broken page. A failed script, style sheet or image (a path with an extension) still counts.
        var bad = TakeLog().Where(l => l.StartsWith("Severe", StringComparison.OrdinalIgnoreCase) || l.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            .Where(l => !(l.Contains("Failed to load resource", StringComparison.Ordinal) && IsPage(l))).ToList();
        Assert.True(bad.Count == 0, "browser reported:\n" + string.Join('\n', bad));
    }

    private static bool IsPage(string logLine)
    {
        var url = logLine.Split(' ').FirstOrDefault(w => w.StartsWith("http", StringComparison.Ordinal));
        return url is not null && Uri.TryCreate(url, UriKind.Absolute, out var u) && !System.IO.Path.HasExtension(u.AbsolutePath);
    }

    /// <summary>Saves a screenshot of the page when AUDIT_UI_SCREENSHOTS names a folder (docs/ui is made this way).</summary>
    public void Screenshot(string name)
    {
        if (Environment.GetEnvironmentVariable("AUDIT_UI_SCREENSHOTS") is not { Length: > 0 } folder) return;
        Directory.CreateDirectory(folder);
        Driver.GetScreenshot().SaveAsFile(Path.Combine(folder, name + ".png"));
    }

    public async Task<string> CreateKeyAsync(string name, params string[] scopes) =>
        (await Keys.CreateAsync(name, scopes, "test", CancellationToken.None)).Key;

    /// <summary>Ships lines through POST /api/v1/ingest, as a shipper does.</summary>
    public async Task IngestAsync(string host, string source, IEnumerable<string> lines)
    {
        using var client = new HttpClient { BaseAddress = Api.Address };
        client.DefaultRequestHeaders.Add("X-Api-Key", AuditApiFactory.AdminKey);
        var r = await client.PostAsync($"/api/v1/ingest?host={Uri.EscapeDataString(host)}&source={Uri.EscapeDataString(source)}",
            new StringContent(string.Join('\n', lines) + "\n", Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.Accepted, r.StatusCode);
    }

    public async Task DisposeAsync()
    {
        Driver.Quit();
        Driver.Dispose();
        await Api.DisposeAsync();
        await Database.DisposeAsync();
    }
}
