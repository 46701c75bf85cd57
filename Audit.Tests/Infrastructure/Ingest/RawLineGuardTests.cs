using System.Text.Json;
using Audit.Domain.Text;
using Audit.Infrastructure.Ingest;

namespace Audit.Tests.Infrastructure.Ingest;

public class RawLineGuardTests
{
    [Theory]
    [InlineData("""{"k":"v"}""", true)]
    [InlineData("""{"k":"caf\u00e9 \ud83d\ude00"}""", true)]
    [InlineData("""{"k":1.5e300,"n":-12}""", true)]
    [InlineData("""{"k":"a\u0000b"}""", false)]
    [InlineData("""{"a\u0000":1}""", false)]
    [InlineData("""{"k":"\ud800"}""", false)]
    [InlineData("""{"k":"\udc00"}""", false)]
    [InlineData("""{"k":1e999999999}""", false)]
    public void Tells_what_jsonb_would_refuse(string json, bool storable)
    {
        Assert.Equal(storable, RawLineGuard.IsStorableJsonb(json, out _));
    }

    [Fact]
    public void A_clean_line_comes_back_as_the_same_instance()
    {
        var line = new RawLine("web-1", "/var/log/auth.log", "Accepted publickey for alice", FieldsJson: """{"env":"prod"}""");
        Assert.Same(line, RawLineGuard.MakeStorable(line, 1024));
    }

    [Fact]
    public void Refused_fields_are_kept_as_text_with_the_reason_and_the_other_fields_of_the_note()
    {
        var line = new RawLine("web\u00011", "/var/log/auth.log", "x", FieldsJson: """{"k":"\u0000"}""");
        var stored = RawLineGuard.MakeStorable(line, 1024);
        using var fields = JsonDocument.Parse(stored.FieldsJson!);
        Assert.Equal("""{"k":"\u0000"}""", fields.RootElement.GetProperty(RawLineGuard.RawFieldsField).GetString());
        var note = fields.RootElement.GetProperty(RawLineGuard.ErrorField).GetString()!;
        Assert.Contains("host: control characters escaped", note, StringComparison.Ordinal);
        Assert.Contains("fields:", note, StringComparison.Ordinal);
        Assert.Equal("web\\x011", stored.Host);
    }

    [Fact]
    public void Scoped_keys_differ_between_ingest_keys_and_keep_the_offset_order()
    {
        var key = DedupKey.FromOffset("web-1", "/var/log/auth.log", null, 1000);
        var a = DedupKey.Scoped(key, Guid.NewGuid());
        var b = DedupKey.Scoped(key, Guid.NewGuid());
        Assert.NotEqual(a, b);
        var id = Guid.NewGuid();
        Assert.Equal(DedupKey.Scoped(key, id), DedupKey.Scoped(key, id));
        Assert.Equal(key.ToByteArray(bigEndian: true)[8..], a.ToByteArray(bigEndian: true)[8..]);
        var next = DedupKey.Scoped(DedupKey.FromOffset("web-1", "/var/log/auth.log", null, 1001), id).ToByteArray(bigEndian: true);
        Assert.Equal(DedupKey.Scoped(key, id).ToByteArray(bigEndian: true)[..8], next[..8]);
    }

    [Theory]
    [InlineData(10, 4, "\\x00")]       // 10 NULs, limit 4: the text stops at 4 characters
    [InlineData(3, 4, "\\x00")]        // 3 NULs: 12 characters of escapes, cut to 4
    public void Escaped_text_never_grows_past_the_limit(int nuls, int limit, string expected)
    {
        var text = LineText.DecodeBounded(new byte[nuls], limit, out var exact, out var kept, out var cut);
        Assert.Equal(expected, text);
        Assert.False(exact);
        Assert.True(cut);
        Assert.Equal(Math.Min(nuls, limit), kept);
    }

    [Fact]
    public void A_valid_line_is_cut_at_a_character_boundary()
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes("abé"); // 61 62 C3 A9
        var text = LineText.DecodeBounded(bytes, 3, out var exact, out var kept, out var cut);
        Assert.Equal("ab", text);
        Assert.True(exact);
        Assert.True(cut);
        Assert.Equal(2, kept);
    }
}
