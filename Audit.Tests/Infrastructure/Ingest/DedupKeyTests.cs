using Audit.Infrastructure.Ingest;

namespace Audit.Tests.Infrastructure.Ingest;

public class DedupKeyTests
{
    [Fact]
    public void Same_file_line_gives_the_same_key_every_time()
    {
        Assert.Equal(DedupKey.FromOffset("web-1", "/var/log/auth.log", "42/2049", 1234), DedupKey.FromOffset("web-1", "/var/log/auth.log", "42/2049", 1234));
    }

    [Fact]
    public void Keys_of_one_file_share_a_prefix_and_order_by_offset()
    {
        var a = DedupKey.FromOffset("web-1", "/var/log/auth.log", null, 10).ToByteArray(bigEndian: true);
        var b = DedupKey.FromOffset("web-1", "/var/log/auth.log", null, 300).ToByteArray(bigEndian: true);
        Assert.Equal(a[..8], b[..8]);
        Assert.True(a.AsSpan().SequenceCompareTo(b) < 0);
    }

    [Theory]
    [InlineData("web-2", "/var/log/auth.log", "42/2049")]
    [InlineData("web-1", "/var/log/secure", "42/2049")]
    [InlineData("web-1", "/var/log/auth.log", "43/2049")]
    [InlineData("web-1", "/var/log/auth.log", null)]
    [InlineData("web-1 /var/log", "auth.log", "42/2049")]
    public void Another_file_gives_another_key_for_the_same_offset(string host, string path, string? identity)
    {
        Assert.NotEqual(DedupKey.FromOffset("web-1", "/var/log/auth.log", "42/2049", 7), DedupKey.FromOffset(host, path, identity, 7));
    }

    [Fact]
    public void Interleaved_files_keep_their_own_keys()
    {
        var first = DedupKey.FromOffset("h1", "/a.log", null, 5);
        var other = DedupKey.FromOffset("h2", "/b.log", null, 5);
        Assert.Equal(first, DedupKey.FromOffset("h1", "/a.log", null, 5));
        Assert.Equal(other, DedupKey.FromOffset("h2", "/b.log", null, 5));
        Assert.NotEqual(first, other);
    }

    [Fact]
    public void Document_ids_and_file_offsets_never_share_keys()
    {
        Assert.NotEqual(DedupKey.FromDocumentId("abc"), DedupKey.FromDocumentId("abd"));
        Assert.Equal(DedupKey.FromDocumentId("abc"), DedupKey.FromDocumentId("abc"));
        Assert.NotEqual(DedupKey.FromDocumentId("h1"), DedupKey.FromOffset("h1", "", null, 0));
    }

    [Fact]
    public void Long_host_and_path_are_hashed_whole()
    {
        var path = "/var/log/" + new string('x', 4000);
        Assert.NotEqual(DedupKey.FromOffset("h", path + "a", null, 1), DedupKey.FromOffset("h", path + "b", null, 1));
    }
}
