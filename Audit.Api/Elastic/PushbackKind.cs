namespace Audit.Api.Elastic;

/// <summary>How a bulk request is refused while ingest pushes back, chosen so the shipper retries.</summary>
public enum PushbackKind
{
    /// <summary>HTTP 503 with Retry-After: syslog-ng retries 5xx (and drops on any 4xx, 429 included).</summary>
    Http503 = 0,

    /// <summary>HTTP 429 with Retry-After: what Elasticsearch answers when it rejects; Beats retry the batch.</summary>
    Http429 = 1,

    /// <summary>
    /// HTTP 200 with a 429 per item: rsyslog's omelasticsearch treats any reply without items as a data
    /// failure and retries only failed items (with <c>retryfailures="on"</c>).
    /// </summary>
    Item429 = 2,
}
