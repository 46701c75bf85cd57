using Audit.Tests.Support;

namespace Audit.Tests.Shippers;

/// <summary>
/// A file of deploy/ made runnable in a sandbox: every placeholder replaced (each must be present, so
/// the test breaks when the kit changes shape) and every /var/… path moved under the test's folder.
/// </summary>
public static class DeployTemplate
{
    public static string Render(string deployFile, string sandbox, params (string Placeholder, string Value)[] replacements)
    {
        var text = File.ReadAllText(RepoPaths.Deploy(deployFile));
        foreach (var (placeholder, value) in replacements)
        {
            if (!text.Contains(placeholder, StringComparison.Ordinal)) throw new InvalidOperationException($"deploy/{deployFile} no longer contains '{placeholder}'");
            text = text.Replace(placeholder, value, StringComparison.Ordinal);
        }

        return text.Replace("\"/var/", $"\"{sandbox}/var/", StringComparison.Ordinal);
    }
}
