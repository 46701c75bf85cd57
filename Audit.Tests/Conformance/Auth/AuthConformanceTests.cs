using Audit.Tests.Support;
using Xunit.Abstractions;

namespace Audit.Tests.Conformance.Auth;

/// <summary>
/// The auth.log parsers against other projects' expectations. Each corpus must stay at or above the
/// agreement it has today and have no unexplained difference; with AUDIT_WRITE_CONFORMANCE=1 the
/// report is written to docs/conformance/auth.md.
/// </summary>
public sealed class AuthConformanceTests(ITestOutputHelper output)
{
    [CorpusFact]
    public void Elastic_filebeat_expectations_agree()
    {
        Check(ElasticAuthCorpus.Beats(), minAgreement: 97, minRecognised: 95);
    }

    [CorpusFact]
    public void Elastic_integration_expectations_agree()
    {
        Check(ElasticAuthCorpus.Integrations(), minAgreement: 91, minRecognised: 100);
    }

    [CorpusFact]
    public void Fail2ban_annotations_agree()
    {
        Check(Fail2banCorpus.Run(), minAgreement: 92.5, minRecognised: 100);
    }

    [CorpusFact]
    public void Crowdsec_parser_assertions_agree()
    {
        Check(CrowdsecCorpus.Run(), minAgreement: 99.5, minRecognised: 98);
    }

    [CorpusFact]
    public void Loghub_openssh_headers_and_templates_agree()
    {
        Check(LoghubCorpus.OpenSsh(), minAgreement: 100, minRecognised: 100);
    }

    [CorpusFact]
    public void Loghub_linux_headers_agree()
    {
        // /var/log/messages of a whole server: most programs are not auth.log's, so few lines are events.
        Check(LoghubCorpus.Linux(), minAgreement: 99.7, minRecognised: 42);
    }

    [CorpusFact]
    public void Wazuh_auth_lines_are_recognised()
    {
        Check(WazuhCorpus.Run(), minAgreement: 97.5, minRecognised: 94);
    }

    [CorpusFact]
    public void Plaso_syslog_expectations_agree()
    {
        Check(PlasoCorpus.Run(), minAgreement: 90, minRecognised: 45);
    }

    [CorpusFact]
    public void Logstash_grok_expectations_agree()
    {
        Check(LogstashCorpus.Run(), minAgreement: 93, minRecognised: 31);
    }

    [CorpusFact]
    public void Writes_the_conformance_report()
    {
        var tallies = ConformanceReport.Corpora.Select(run => run()).ToList();
        var markdown = ConformanceReport.Render(tallies);
        output.WriteLine(markdown);
        Assert.All(tallies, t => Assert.Empty(t.Unexplained));
        if (Environment.GetEnvironmentVariable("AUDIT_WRITE_CONFORMANCE") != "1") return;
        var path = Path.Combine(RepositoryRoot(), "docs", "conformance", "auth.md");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, markdown);
    }

    /// <summary>Floors are today's figures: a parser change that loses agreement or recognition fails here.</summary>
    private void Check(AgreementTally tally, double minAgreement, double minRecognised)
    {
        foreach (var d in tally.Differences) output.WriteLine($"{d.Where} {d.Field}: expected [{d.Expected}] ours [{d.Actual}] — {d.Explanation ?? "UNEXPLAINED"}");
        output.WriteLine($"{tally.Corpus}: {tally.Agreed}/{tally.Compared} fields agree ({tally.AgreementPercent:0.0} %), {tally.Parsed}/{tally.Noise}/{tally.Unparsed} parsed/noise/unparsed");
        Assert.Empty(tally.Unexplained);
        Assert.True(tally.Compared > 0 || tally.Lines > 0, "corpus yielded nothing to compare");
        Assert.True(tally.AgreementPercent >= minAgreement, $"{tally.Corpus}: agreement {tally.AgreementPercent:0.0} % < {minAgreement} %");
        Assert.True(tally.RecognisedPercent >= minRecognised, $"{tally.Corpus}: recognised {tally.RecognisedPercent:0.0} % < {minRecognised} %");
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Audit.slnx"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Audit.slnx not found above the test binaries");
    }
}
