using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Audit.Tests.Support;

namespace Audit.Tests.Api;

[Collection(ApiCollection.Name)]
public sealed class MetricsEndpointsTests(AuditApiFactory api)
{
    [Fact]
    public async Task Metrics_count_ingested_and_parsed_lines_and_need_a_key()
    {
        using var anonymous = api.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/metrics")).StatusCode);

        using var client = api.CreateClientWithKey();
        var before = Value(await client.GetStringAsync("/metrics"), "audit_ingest_lines_total{endpoint=\"ingest\"}");
        await client.PostAsync($"/api/v1/ingest?host={Unique.Host()}", new StringContent("a\nb\nc\n", Encoding.UTF8, "text/plain"));
        await api.ParseAllAsync();
        var text = await client.GetStringAsync("/metrics");
        Assert.Equal(before + 3, Value(text, "audit_ingest_lines_total{endpoint=\"ingest\"}"));
        Assert.True(Value(text, "audit_parse_lines_total{status=\"unparsed\"}") >= 3);
        Assert.Contains("# TYPE audit_parse_backlog_lines gauge", text, StringComparison.Ordinal);
        Assert.Contains("audit_parse_lag_seconds_p50 ", text, StringComparison.Ordinal);
    }

    private static double Value(string text, string series)
    {
        var m = Regex.Match(text, "^" + Regex.Escape(series) + " ([0-9.]+)$", RegexOptions.Multiline, TimeSpan.FromSeconds(1));
        return m.Success ? double.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;
    }
}
