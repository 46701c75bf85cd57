using Audit.Api.Ingest;

namespace Audit.Tests.Api.Ingest;

public sealed class FilterPathTests
{
    [Theory]
    [InlineData("errors,items.*.error,items.*.status", "errors", FilterDecision.Include)]
    [InlineData("errors,items.*.error,items.*.status", "took", FilterDecision.Exclude)]
    [InlineData("errors,items.*.error,items.*.status", "items", FilterDecision.Partial)]
    [InlineData("errors,items.*.error,items.*.status", "items.create", FilterDecision.Partial)]
    [InlineData("errors,items.*.error,items.*.status", "items.create.status", FilterDecision.Include)]
    [InlineData("errors,items.*.error,items.*.status", "items.index.error.reason", FilterDecision.Include)]
    [InlineData("errors,items.*.error,items.*.status", "items.create._id", FilterDecision.Exclude)]
    [InlineData("items.index.status,items.index.error", "items.create.status", FilterDecision.Exclude)]
    [InlineData("items.index.status,items.index.error", "items.index.status", FilterDecision.Include)]
    [InlineData("**.status", "items.create.status", FilterDecision.Include)]
    [InlineData("**.status", "took", FilterDecision.Partial)]
    [InlineData("items.cr*.status", "items.create.status", FilterDecision.Include)]
    [InlineData("items.cr*.status", "items.index.status", FilterDecision.Exclude)]
    [InlineData("-took", "took", FilterDecision.Exclude)]
    [InlineData("-took", "items.create.status", FilterDecision.Include)]
    [InlineData("-items.*._id", "items", FilterDecision.Partial)]
    [InlineData("-items.*._id", "items.create._id", FilterDecision.Exclude)]
    public void Decides_like_elasticsearch(string filter, string path, FilterDecision expected)
    {
        var f = FilterPath.Parse(filter)!;
        Assert.Equal(expected, f.Decide(path.Split('.')));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" , ,")]
    public void Absent_or_empty_filter_keeps_everything(string? filter) => Assert.Null(FilterPath.Parse(filter));

    [Fact]
    public void Hostile_patterns_decide_like_plain_ones()
    {
        // Runs of stars and chains of ** that a backtracking matcher would explore exponentially.
        var stars = FilterPath.Parse(string.Join(',', Enumerable.Repeat(new string('*', 200) + "x", 50)))!;
        Assert.Equal(FilterDecision.Include, stars.Decide(["index"]));
        Assert.Equal(FilterDecision.Exclude, stars.Decide(["took"]));
        var globstars = FilterPath.Parse(string.Join('.', Enumerable.Repeat("**", 40)) + ".status")!;
        Assert.Equal(FilterDecision.Include, globstars.Decide(["items", "create", "status"]));
        Assert.Equal(FilterDecision.Partial, globstars.Decide(["items", "create", "error"]));
    }
}
