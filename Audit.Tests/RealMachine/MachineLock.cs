namespace Audit.Tests.RealMachine;

/// <summary>
/// One real-machine run at a time on this machine, across processes (other checkouts run the same
/// suite): /dev/log, the audit daemon slot and the undo journal are machine-wide. An exclusive open
/// (flock on Linux) that the kernel releases if the holder dies.
/// </summary>
public sealed class MachineLock : IDisposable
{
    public static readonly string LockPath = Path.Combine(Path.GetTempPath(), "audit-realmachine.lock");

    private readonly FileStream _file;

    private MachineLock(FileStream file) => _file = file;

    public static async Task<MachineLock> AcquireAsync(TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (true)
        {
            try
            {
                return new MachineLock(new FileStream(LockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(500);
            }
            catch (IOException e)
            {
                throw new TimeoutException($"another real-machine run held {LockPath} for {within}", e);
            }
        }
    }

    public void Dispose() => _file.Dispose();
}
