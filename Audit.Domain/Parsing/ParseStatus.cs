namespace Audit.Domain.Parsing;

public enum ParseStatus
{
    /// <summary>The line became an event.</summary>
    Parsed = 0,

    /// <summary>Understood, deliberately not an event (pam_limits chatter, a shell's first prompt).</summary>
    Noise = 1,

    /// <summary>No parser took it; kept with the reason.</summary>
    Unparsed = 2,
}
