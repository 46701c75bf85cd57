using Audit.Tests.Support;
using Xunit.Abstractions;

namespace Audit.Tests.Conformance.Auth;

/// <summary>
/// The auth.log parsers against other projects' expectations. Each corpus must stay at or above the
/// figures it has today and have no difference outside known-differences.tsv; the report must equal the
/// committed docs/conformance/auth.md (with AUDIT_WRITE_CONFORMANCE=1 it is written there instead).
/// </summary>
public sealed class AuthConformanceTests(ITestOutputHelper output)
{
    [CorpusFact]
    public void Elastic_filebeat_expectations_agree()
    {
        Check(ElasticAuthCorpus.Beats(), new Floor(Lines: 21, Parsed: 19, Recognised: 20, Compared: 144, Agreed: 140));
    }

    [CorpusFact]
    public void Elastic_integration_expectations_agree()
    {
        Check(ElasticAuthCorpus.Integrations(), new Floor(Lines: 176, Parsed: 147, Recognised: 176, Compared: 219, Agreed: 200));
    }

    [CorpusFact]
    public void Fail2ban_annotations_agree()
    {
        Check(Fail2banCorpus.Run(), new Floor(Lines: 293, Parsed: 232, Recognised: 293, Compared: 335, Agreed: 311));
    }

    [CorpusFact]
    public void Crowdsec_parser_assertions_agree()
    {
        Check(CrowdsecCorpus.Run(), new Floor(Lines: 52, Parsed: 45, Recognised: 51, Compared: 428, Agreed: 426));
    }

    [CorpusFact]
    public void Loghub_openssh_headers_and_templates_agree()
    {
        Check(LoghubCorpus.OpenSsh(), new Floor(Lines: 2000, Parsed: 1646, Recognised: 2000, Compared: 10000, Agreed: 10000));
    }

    [CorpusFact]
    public void Loghub_linux_headers_agree()
    {
        // /var/log/messages of a whole server: most programs are not auth.log's, so few lines are events.
        Check(LoghubCorpus.Linux(), new Floor(Lines: 2000, Parsed: 736, Recognised: 853, Compared: 10000, Agreed: 9975));
    }

    [CorpusFact]
    public void Wazuh_auth_lines_are_recognised()
    {
        Check(WazuhCorpus.Run(), new Floor(Lines: 95, Parsed: 65, Recognised: 90, Compared: 138, Agreed: 135));
    }

    [CorpusFact]
    public void Plaso_syslog_expectations_agree()
    {
        Check(PlasoCorpus.Run(), new Floor(Lines: 63, Parsed: 7, Recognised: 29, Compared: 30, Agreed: 27));
    }

    [CorpusFact]
    public void Logstash_grok_expectations_agree()
    {
        Check(LogstashCorpus.Run(), new Floor(Lines: 16, Parsed: 4, Recognised: 5, Compared: 45, Agreed: 42));
    }

    [CorpusFact]
    public void Writes_the_conformance_report()
    {
        var tallies = ConformanceReport.Corpora.Select(run => run()).ToList();
        var markdown = ConformanceReport.Render(tallies);
        output.WriteLine(markdown);
        Assert.All(tallies, t => Assert.Empty(t.Unexplained));
        ConformanceDocs.WriteOrCompare(Path.Combine("docs", "conformance", "auth.md"), markdown);
    }

    /// <summary>Today's figures of one corpus; a run below any of them fails.</summary>
    private sealed record Floor(int Lines, int Parsed, int Recognised, int Compared, int Agreed);

    /// <summary>
    /// Floors are today's figures: a loader that finds fewer lines or fields, or a parser change that loses an
    /// event, a recognised line or an agreeing field, fails here; so does any difference not listed in
    /// known-differences.tsv and any listed one no longer seen.
    /// </summary>
    private void Check(AgreementTally tally, Floor floor)
    {
        foreach (var d in tally.Differences) output.WriteLine($"{d.Where} {d.Field}: expected [{d.Expected}] ours [{d.Actual}] — {d.Explanation ?? "UNEXPLAINED"}");
        output.WriteLine($"{tally.Corpus}: {tally.Agreed}/{tally.Compared} fields agree ({tally.AgreementPercent:0.0} %), {tally.Parsed}/{tally.Noise}/{tally.Unparsed} parsed/noise/unparsed");
        var unexplained = tally.Unexplained.Select(d => KnownDifferences.Row(new KnownDifference(tally.Corpus, d.Where, d.Field, d.Expected, d.Actual))).ToList();
        Assert.True(unexplained.Count == 0, $"{tally.Corpus}: {unexplained.Count} differences without a listed explanation:\n" + string.Join('\n', unexplained.Take(30)));
        Assert.True(tally.Stale.Count == 0, $"{tally.Corpus}: listed in known-differences.tsv but no longer seen (delete the rows):\n" + string.Join('\n', tally.Stale.Select(KnownDifferences.Row)));
        Assert.True(tally.Lines >= floor.Lines, $"{tally.Corpus}: {tally.Lines} lines, today {floor.Lines}");
        Assert.True(tally.Parsed >= floor.Parsed, $"{tally.Corpus}: {tally.Parsed} lines parsed to an event, today {floor.Parsed}");
        Assert.True(tally.Parsed + tally.Noise >= floor.Recognised, $"{tally.Corpus}: {tally.Parsed + tally.Noise} lines recognised, today {floor.Recognised}");
        Assert.True(tally.Compared >= floor.Compared, $"{tally.Corpus}: {tally.Compared} fields compared, today {floor.Compared}");
        Assert.True(tally.Agreed >= floor.Agreed, $"{tally.Corpus}: {tally.Agreed} fields agree, today {floor.Agreed}");
    }
}
