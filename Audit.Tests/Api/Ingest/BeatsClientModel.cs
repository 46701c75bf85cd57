using System.Text.Json;

namespace Audit.Tests.Api.Ingest;

/// <summary>
/// How Filebeat reads our answers, rebuilt (not copied) from libbeat: <c>eslegclient.Connection.Ping</c>
/// (non-2xx fails the connection; <c>version.number</c> is read), the version check registered by the
/// Beat (ErrTooOld when the cluster's major.minor is below the Beat's, unless allow_older_versions), the
/// x-pack licenser (400/405 mean OSS, which Filebeat refuses; older Beats read <c>mode</c>, newer ones
/// <c>type</c>), and <c>bulkCollectPublishFails</c>/<c>applyItemStatus</c> for the bulk answer.
/// </summary>
public static class BeatsClientModel
{
    private static readonly HashSet<string> LicenseTypes = ["oss", "trial", "standard", "basic", "gold", "platinum", "enterprise"];
    private static readonly string[] Ranked = ["oss", "trial", "basic", "standard", "gold", "platinum", "enterprise"];

    /// <summary>Ping: the version string, or the error Filebeat would log.</summary>
    public static (string? Version, string? Error) Ping(int status, byte[] body)
    {
        if (status >= 300) return (null, $"non 2xx response code: {status}");
        try
        {
            using var doc = JsonDocument.Parse(body);
            var version = doc.RootElement.GetProperty("version");
            var serverless = version.TryGetProperty("build_flavor", out var flavor) && flavor.GetString() == "serverless";
            return serverless ? (null, "serverless flavor: version checks bypassed") : (version.GetProperty("number").GetString(), null);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return (null, "failed to parse JSON response: " + e.Message);
        }
    }

    /// <summary>libbeat's LessThanMajorMinor(es, beat): the Beat refuses the cluster (ErrTooOld).</summary>
    public static bool IsTooOld(string esVersion, string beatVersion, bool allowOlderVersions)
    {
        if (allowOlderVersions) return false;
        var es = Version.Parse(esVersion);
        var beat = Version.Parse(beatVersion);
        return es.Major < beat.Major || (es.Major == beat.Major && es.Minor < beat.Minor);
    }

    /// <summary>The licence check (basic or an unexpired trial, active); <paramref name="readsMode"/> for older Beats.</summary>
    public static string? CheckLicense(int status, byte[] body, bool readsMode)
    {
        if (status is 400 or 405) return "requires the default distribution of Elasticsearch (OSS licence assumed)";
        if (status == 401) return "unauthorized access, could not connect to the xpack endpoint";
        if (status != 200) return $"error from server, response code: {status}";
        using var doc = JsonDocument.Parse(body);
        var license = doc.RootElement.GetProperty("license");
        string? Read(string name)
        {
            if (!license.TryGetProperty(name, out var v)) return null;
            var s = v.GetString();
            return s is not null && (name == "status" ? s is "active" or "inactive" or "expired" : LicenseTypes.Contains(s)) ? s : throw new JsonException($"unknown {name}: '{s}'");
        }

        var effective = readsMode ? Read("mode") : Read("type");
        var state = Read("status");
        if (!readsMode && effective == "trial" && !license.TryGetProperty("expiry_date_in_millis", out _)) return "missing expiry_date_in_millis on trial license";
        var covers = Array.IndexOf(Ranked, effective ?? "oss") >= Array.IndexOf(Ranked, "basic");
        return covers && state == "active" ? null : $"invalid license found, requires a basic or a valid trial license and received {effective}";
    }

    public sealed record BulkOutcome(int Acked, int Duplicates, int Retried, int Dropped, bool Split);

    /// <summary>What Filebeat does with each of <paramref name="events"/> given the bulk answer.</summary>
    public static BulkOutcome Classify(int status, byte[] body, int events)
    {
        if (status == 413) return new BulkOutcome(0, 0, events, 0, Split: true);
        if (status != 200) return new BulkOutcome(0, 0, events, 0, false);
        var statuses = ReadItemStatuses(body, events);
        int acked = 0, dup = 0, retry = 0, drop = 0;
        for (var i = 0; i < events; i++)
        {
            var s = i < statuses.Count ? statuses[i] : -1;
            if (s < 0) retry++;
            else if (s < 300) acked++;
            else if (s == 409) dup++;
            else if (s == 429) retry++;
            else if (s < 500) drop++;
            else retry++;
        }

        return new BulkOutcome(acked, dup, retry, drop, false);
    }

    // The strict streaming read libbeat does: an object; skip fields up to "items"; an array; each
    // element an object with exactly one key whose value is an object holding an integer "status".
    // A parse failure leaves the remaining events to be retried (-1).
    private static List<int> ReadItemStatuses(byte[] body, int events)
    {
        var result = new List<int>();
        var reader = new Utf8JsonReader(body);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return result;
            while (true)
            {
                if (!reader.Read() || reader.TokenType != JsonTokenType.PropertyName) return result;
                var isItems = reader.ValueTextEquals("items");
                reader.Read();
                if (isItems) break;
                reader.Skip();
            }

            if (reader.TokenType != JsonTokenType.StartArray) return result;
            for (var i = 0; i < events; i++)
            {
                if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return result;
                if (!reader.Read() || reader.TokenType != JsonTokenType.PropertyName) return result;
                if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return result;
                var status = -1;
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var isStatus = reader.ValueTextEquals("status");
                    reader.Read();
                    if (isStatus)
                    {
                        if (reader.TokenType != JsonTokenType.Number || reader.ValueSpan.IndexOfAny("."u8) >= 0) return result;
                        status = reader.GetInt32();
                    }
                    else
                    {
                        reader.Skip();
                    }
                }

                if (status < 0) return result;
                if (!reader.Read() || reader.TokenType != JsonTokenType.EndObject) return result; // exactly one key
                result.Add(status);
            }
        }
        catch (JsonException)
        {
            // what was read stands; the rest is retried
        }

        return result;
    }
}
