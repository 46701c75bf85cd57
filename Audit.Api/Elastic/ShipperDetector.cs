namespace Audit.Api.Elastic;

/// <summary>
/// Names the shipper from what it really sends (captured from the programs): Beats send
/// <c>User-Agent: Elastic-Filebeat/8.x (…)</c> and <c>X-Elastic-Product-Origin: beats</c>; syslog-ng's http
/// driver sends <c>User-Agent: syslog-ng 3.38.1/libcurl 7.88.1</c>; rsyslog's omelasticsearch (8.2302)
/// sends no User-Agent at all, so a missing one is taken for rsyslog.
/// </summary>
public static class ShipperDetector
{
    public static ShipperKind Detect(IHeaderDictionary headers)
    {
        var agent = headers.UserAgent.ToString();
        if (string.Equals(headers["X-Elastic-Product-Origin"].ToString(), "beats", StringComparison.OrdinalIgnoreCase)
            || (agent.StartsWith("Elastic-", StringComparison.OrdinalIgnoreCase) && agent.Contains("beat/", StringComparison.OrdinalIgnoreCase)))
        {
            return ShipperKind.Beats;
        }

        if (agent.StartsWith("syslog-ng", StringComparison.OrdinalIgnoreCase)) return ShipperKind.SyslogNg;
        if (agent.Length == 0 || agent.Contains("rsyslog", StringComparison.OrdinalIgnoreCase)) return ShipperKind.Rsyslog;
        return ShipperKind.Unknown;
    }
}
