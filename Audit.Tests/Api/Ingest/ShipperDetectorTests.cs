using Audit.Api.Ingest;
using Microsoft.AspNetCore.Http;

namespace Audit.Tests.Api.Ingest;

public sealed class ShipperDetectorTests
{
    // User-Agent values as the programs send them: syslog-ng and rsyslog captured from Debian 12's
    // binaries, the Beats forms as libbeat's useragent package builds them (7.x and 8.x).
    [Theory]
    [InlineData("Elastic-Filebeat/8.15.0 (linux; amd64; Unmanaged; Privileged)", null, ShipperKind.Beats)]
    [InlineData("Elastic-Filebeat/7.17.9 (linux; amd64; 9f7e5ba1a4; 2023-02-06 22:20:39 +0000 UTC)", null, ShipperKind.Beats)]
    [InlineData("Go-http-client/1.1", "beats", ShipperKind.Beats)]
    [InlineData("syslog-ng 3.38.1/libcurl 7.88.1", null, ShipperKind.SyslogNg)]
    [InlineData("", null, ShipperKind.Rsyslog)]
    [InlineData("rsyslog-omelasticsearch/8.2410.0", null, ShipperKind.Rsyslog)]
    [InlineData("curl/7.88.1", null, ShipperKind.Unknown)]
    [InlineData("Elastic-Agent/8.15.0 (linux)", null, ShipperKind.Unknown)]
    public void Names_the_shipper_from_its_headers(string agent, string? origin, ShipperKind expected)
    {
        IHeaderDictionary headers = new HeaderDictionary();
        if (agent.Length > 0) headers.UserAgent = agent;
        if (origin is not null) headers["X-Elastic-Product-Origin"] = origin;
        Assert.Equal(expected, ShipperDetector.Detect(headers));
    }

    [Theory]
    [InlineData(ShipperKind.Beats, PushbackKind.Http429)]
    [InlineData(ShipperKind.SyslogNg, PushbackKind.Http503)]
    [InlineData(ShipperKind.Rsyslog, PushbackKind.Item429)]
    [InlineData(ShipperKind.Unknown, PushbackKind.Http503)]
    public void Pushes_back_each_shipper_in_the_form_it_retries(ShipperKind shipper, PushbackKind expected) =>
        Assert.Equal(expected, PushbackPolicy.For(shipper));
}
