namespace Audit.Tests.Support;

/// <summary>Names no other test uses, so tests sharing a database never see each other's rows.</summary>
public static class Unique
{
    public static string Host(string prefix = "host") => $"{prefix}-{Guid.NewGuid().ToString("N")[..10]}";

    public static string Source(string name = "commands.log") => $"/var/log/{Guid.NewGuid().ToString("N")[..8]}/{name}";
}
