namespace Audit.Api.Elastic;

/// <summary>Which stock shipper sent a request; each reacts differently to being pushed back.</summary>
public enum ShipperKind
{
    Unknown = 0,

    /// <summary>Filebeat and the other Beats (libbeat's Elasticsearch output).</summary>
    Beats = 1,

    /// <summary>rsyslog's omelasticsearch.</summary>
    Rsyslog = 2,

    /// <summary>syslog-ng's elasticsearch-http() / http() destinations.</summary>
    SyslogNg = 3,
}
