namespace Audit.Domain.Parsing;

/// <summary>The kinds of source SPEC §2 names; decides which parsers see a line first.</summary>
public enum SourceKind
{
    Unknown = 0,
    Bash = 1,
    Auth = 2,
    Auditd = 3,
    IPython = 4,
    App = 5,
}
