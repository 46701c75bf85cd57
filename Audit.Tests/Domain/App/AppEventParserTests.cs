using Audit.Domain.App;
using Audit.Domain.Events;
using Audit.Domain.Parsing;

namespace Audit.Tests.Domain.App;

public sealed class AppEventParserTests
{
    private static readonly LineContext Ctx = new("deploy-api", "/var/log/platform/audit.jsonl", null, new DateTimeOffset(2026, 11, 26, 9, 0, 0, TimeSpan.Zero), DateTimeOffset.UnixEpoch, TimeZoneInfo.Utc);

    [Theory]
    [InlineData("""{"time":"2026-11-26T10:00:00Z","actor":"alice","action":"deploy","resource":"payments@v42","outcome":"success"}""", "alice", "deploy", "payments@v42", "success")]
    [InlineData("""{"@timestamp":"2026-11-26T10:00:00Z","user":{"name":"bob","id":7},"event":{"action":"role.grant"},"target":{"id":"team/ops"}}""", "bob", "role.grant", "team/ops", null)]
    [InlineData("""{"timestamp":1795687200,"actor":{"email":"carol@example.com"},"action":"secret.read","object":"vault/db","result":"denied"}""", "carol@example.com", "secret.read", "vault/db", "denied")]
    public void Reads_common_spellings(string line, string actor, string action, string resource, string? outcome)
    {
        var e = Assert.IsType<AppEvent>(AppEventParser.Parse(line, Ctx).Event);
        Assert.Equal((actor, action, resource, outcome), (e.Actor, e.Action, e.Resource, e.Outcome));
    }

    [Fact]
    public void Keeps_before_after_and_the_rest_as_json()
    {
        var e = Assert.IsType<AppEvent>(AppEventParser.Parse("""{"actor":"a","action":"update","changes":{"before":{"replicas":2},"after":{"replicas":5}},"ticket":"OPS-1","ip":"10.1.2.3"}""", Ctx).Event);
        Assert.Equal("""{"replicas":2}""", e.BeforeJson);
        Assert.Equal("""{"replicas":5}""", e.AfterJson);
        Assert.Equal("""{"ticket":"OPS-1"}""", e.ExtraJson);
        Assert.Equal("10.1.2.3", e.SourceIp);
        Assert.Equal(Ctx.ShipperTime, e.OccurredAt);
        Assert.Equal("deploy-api", e.Host);
    }

    [Theory]
    [InlineData("""{"action":"x"}""", "app event without actor and action")]
    [InlineData("""{"actor":"x"}""", "app event without actor and action")]
    [InlineData("""{"actor": """, "malformed JSON")]
    [InlineData("not json", "not a JSON object")]
    [InlineData("""{"actor":"a","action":"b","nest":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}""", "malformed JSON")]
    public void Refuses_what_is_not_an_app_event(string line, string reason)
    {
        var r = AppEventParser.Parse(line, Ctx);
        Assert.Equal(ParseStatus.Unparsed, r.Status);
        Assert.Equal(reason, r.Reason);
    }
}
