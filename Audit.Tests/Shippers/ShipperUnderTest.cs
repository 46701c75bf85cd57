using Audit.Api.Ingest;
using Audit.Tests.Support;

namespace Audit.Tests.Shippers;

/// <summary>A real shipper process, configured from deploy/, tailing one file in its sandbox.</summary>
public abstract class ShipperUnderTest : IDisposable
{
    protected ShipperUnderTest()
    {
        Sandbox = Directory.CreateTempSubdirectory("audit-shipper-").FullName;
        foreach (var d in new[] { "var/log/audit", "var/log/ipython", "var/lib/syslog-ng", "work" }) Directory.CreateDirectory(Path.Combine(Sandbox, d));
    }

    public string Sandbox { get; }

    public abstract ShipperKind Kind { get; }

    /// <summary>The file the shipper tails; its path is the source of every line it ships.</summary>
    public abstract string InputFile { get; }

    protected ManagedProcess? Process { get; set; }

    public string Output => Process?.Output ?? "";

    public abstract Task StartAsync(int port, string ingestKey);

    public void Append(IEnumerable<string> lines) => File.AppendAllLines(InputFile, lines);

    public virtual void Dispose()
    {
        Process?.Dispose();
        try
        {
            Directory.Delete(Sandbox, recursive: true);
        }
        catch (IOException)
        {
            // a temp folder left behind is harmless
        }

        GC.SuppressFinalize(this);
    }
}
