using System.Text;
using System.Text.Json;
using Audit.Infrastructure.Ingest;

namespace Audit.Tests.Infrastructure.Ingest;

public sealed class BulkBodyParserTests
{
    private static BulkParseResult Parse(string body, int max = 1000) => BulkBodyParser.Parse(Encoding.UTF8.GetBytes(body), default(IngestDefaults), max);

    [Fact]
    public void Reads_a_filebeat_create_pair()
    {
        var r = Parse("""
            {"create":{"_index":"filebeat-8.15.0","_id":"fp-1","pipeline":"x"}}
            {"@timestamp":"2026-03-01T10:00:00.000Z","message":"Mar  1 10:00:00 web1 sshd[9]: Accepted publickey for bob","log":{"offset":120,"file":{"path":"/var/log/auth.log"}},"host":{"name":"web1"}}

            """);
        var item = Assert.Single(r.Items);
        Assert.Equal((BulkAction.Create, "filebeat-8.15.0", "fp-1"), (item.Action, item.Index, item.Id));
        Assert.Equal("web1", item.Line!.Host);
        Assert.Equal("/var/log/auth.log", item.Line.Source);
        Assert.Equal(DedupKey.FromDocumentId("fp-1"), item.Line.DedupKey);
    }

    // Real bodies, as captured from rsyslog 8.2302 (note the space after "_index": and the blank
    // line a jsonf template leaves) and syslog-ng 3.38 (no-parse file source, UNIQID as _id).
    [Theory]
    [InlineData("{\"index\":{\"_index\": \"audit\",\"_type\":\"events\", \"_id\":\"26F44D19\"}}\n{ \"message\": \"line 1\", \"host\": { \"name\": \"h1\" }, \"log\": { \"file\": { \"path\": \"\\/var\\/log\\/commands.log\" }, \"offset\": \"20\" } }\n\n", "index", "h1", "/var/log/commands.log", "line 1")]
    [InlineData("{\"index\":{\"_index\":\"audit\",\"_id\":\"7082fa91@0000000000000002\"}}\n{\"PRIORITY\":\"notice\",\"MESSAGE\":\"2026-11-26T13:08:06.810097+00:00 web1 alice: alice [121]: ls [0]\",\"ISODATE\":\"2026-11-26T14:34:37+00:00\",\"HOST\":\"vm\",\"FILE_NAME\":\"/var/log/commands.log\",\"FACILITY\":\"user\",\"@timestamp\":\"2026-11-26T14:34:37+00:00\"}\n", "index", "vm", "/var/log/commands.log", "2026-11-26T13:08:06.810097+00:00 web1 alice: alice [121]: ls [0]")]
    [InlineData("{\"index\":{\"_index\": \"audit\",\"_type\":\"events\"}}\r\n{\"timereported\":\"2026-11-26T13:08:06+00:00\",\"hostname\":\"web2\",\"programname\":\"sshd\",\"procid\":\"812\",\"msg\":\" Accepted password for root\"}\r\n", "index", "web2", "", " Accepted password for root")]
    public void Reads_the_bodies_real_shippers_send(string body, string action, string host, string source, string line)
    {
        var item = Assert.Single(Parse(body).Items);
        Assert.Equal(action, item.ActionName);
        Assert.Equal((host, source, line), (item.Line!.Host, item.Line.Source, item.Line.Line));
    }

    [Fact]
    public void Keeps_operations_in_order_and_stores_nothing_for_delete_or_update()
    {
        var r = Parse("""
            {"delete":{"_index":"a","_id":"1"}}
            {"create":{"_index":"a"}}
            {"message":"kept"}
            {"update":{"_index":"a","_id":"2"}}
            {"doc":{"message":"not kept"}}
            {"index":{}}
            {"message":"also kept"}
            """);
        Assert.Equal([BulkAction.Delete, BulkAction.Create, BulkAction.Update, BulkAction.Index], r.Items.Select(i => i.Action));
        Assert.Equal([null, "kept", null, "also kept"], r.Items.Select(i => i.Line?.Line));
    }

    [Theory]
    [InlineData("{\"message\": \"unterminated}")]
    [InlineData("{\"message\": \"a\"} trailing")]
    [InlineData("[1,2,3]")]
    [InlineData("not json at all \u0001")]
    public void Keeps_a_malformed_document_as_a_raw_line_with_the_reason(string doc)
    {
        var item = Assert.Single(Parse("{\"create\":{\"_id\":\"m1\"}}\n" + doc + "\n").Items);
        Assert.Equal(doc, item.Line!.Line);
        Assert.Equal(DedupKey.FromDocumentId("m1"), item.Line.DedupKey);
        using var fields = JsonDocument.Parse(item.Line.FieldsJson!);
        Assert.Contains("line 2", fields.RootElement.GetProperty(DocumentLineReader.IngestErrorField).GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Keeps_invalid_utf8_and_nul_in_a_malformed_document_exactly()
    {
        byte[] doc = [.. "{\"message\":\"a"u8, 0xFF, 0x00, .. "\" broken"u8];
        var body = Encoding.UTF8.GetBytes("{\"index\":{}}\n").Concat(doc).ToArray();
        var item = Assert.Single(BulkBodyParser.Parse(body, default(IngestDefaults), 10).Items);
        Assert.Equal(doc, item.Line!.LineBytes);
        Assert.Contains("\\xFF", item.Line.Line, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("{\"create\":{}}\n{\"message\":\"a\"}\n{\"upsert\":{}}\n{}\n", "line 3", "[upsert]")]
    [InlineData("{\"create\":{}\n{\"message\":\"a\"}\n", "line 1", "malformed")]
    [InlineData("{\"create\":{},\"index\":{}}\n{}\n", "line 1", "exactly one")]
    [InlineData("{\"create\":{}}\n", "line 1", "not followed by a document")]
    [InlineData("\n\n  \n", null, "no operations")]
    [InlineData("{\"create\":[]}\n{}\n", "line 1", "must hold an object")]
    public void Refuses_a_body_whose_action_lines_are_broken(string body, string? where, string what)
    {
        var r = Parse(body);
        Assert.False(r.Ok);
        Assert.Empty(r.Items);
        if (where is not null) Assert.Contains(where, r.Error, StringComparison.Ordinal);
        Assert.Contains(what, r.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_more_operations_than_the_limit_as_too_many()
    {
        var r = Parse(string.Concat(Enumerable.Repeat("{\"index\":{}}\n{\"message\":\"x\"}\n", 11)), max: 10);
        Assert.True(r.TooMany);
    }

    [Fact]
    public void Hostile_bodies_do_not_throw_and_keep_what_is_valid()
    {
        var deep = "{\"create\":{}}\n" + new string('[', 100_000) + "\n";
        var huge = "{\"create\":{}}\n{\"message\":\"" + new string('a', 1_000_000) + "\"}\n";
        var nested = "{\"create\":" + new string('{', 5000) + "\n{}\n";
        Assert.Single(Parse(deep).Items);
        Assert.Equal(1_000_000, Assert.Single(Parse(huge).Items).Line!.Line.Length);
        Assert.False(Parse(nested).Ok);
    }

    [Fact]
    public void Counts_operations_without_reading_documents()
    {
        var n = BulkBodyParser.CountOperations("{\"index\":{}}\n{broken\n{\"delete\":{}}\n{\"create\":{}}\n{}\n"u8, out var actions);
        Assert.Equal(3, n);
        Assert.Equal([BulkAction.Index, BulkAction.Delete, BulkAction.Create], actions);
    }
}
