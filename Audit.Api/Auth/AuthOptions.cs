namespace Audit.Api.Auth;

public sealed class AuthOptions
{
    public const string Section = "Auth";

    /// <summary>Bootstrap admin key (env <c>Auth__AdminKey</c>); compared in constant time, never stored.</summary>
    public string? AdminKey { get; set; }

    /// <summary>A shorter bootstrap key is guessable; the service refuses to start with one.</summary>
    public const int MinAdminKeyLength = 32;

    /// <summary>Failed key checks one source address, or one key prefix, may make a minute before it is refused (429).</summary>
    [System.ComponentModel.DataAnnotations.Range(1, 1_000_000)]
    public int MaxFailuresPerMinute { get; set; } = 30;
}
