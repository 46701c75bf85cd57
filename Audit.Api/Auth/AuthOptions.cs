namespace Audit.Api.Auth;

public sealed class AuthOptions
{
    public const string Section = "Auth";

    /// <summary>Bootstrap admin key (env <c>Auth__AdminKey</c>); compared in constant time, never stored.</summary>
    public string? AdminKey { get; set; }

    /// <summary>A shorter bootstrap key is guessable; the service refuses to start with one.</summary>
    public const int MinAdminKeyLength = 32;
}
