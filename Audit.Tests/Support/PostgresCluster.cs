using System.Globalization;
using Npgsql;

namespace Audit.Tests.Support;

/// <summary>
/// A private PostgreSQL cluster for a test that must change a server (a standby, paused replay, a crash):
/// initdb into a temporary folder, on a free port, run as the postgres user when the tests run as root
/// (initdb and pg_ctl refuse root). Never the shared AUDIT_TEST_PG cluster. Stopped and deleted when
/// disposed.
/// </summary>
public sealed class PostgresCluster : IAsyncDisposable
{
    private PostgresCluster(string directory, int port)
    {
        Directory = directory;
        Port = port;
    }

    public string Directory { get; }

    public int Port { get; }

    /// <summary>Superuser connections to this cluster (no database named).</summary>
    public string Server => $"Host=127.0.0.1;Port={Port};Username=postgres";

    public static string Bin =>
        System.IO.Directory.Exists("/usr/lib/postgresql")
            ? System.IO.Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(d => File.Exists(Path.Combine(d, "initdb"))).Order().LastOrDefault()
              ?? throw new InvalidOperationException("no initdb under /usr/lib/postgresql (scripts/install-deps.sh installs PostgreSQL)")
            : throw new InvalidOperationException("PostgreSQL is not installed (scripts/install-deps.sh installs it)");

    /// <summary>A new primary, streaming replication allowed from 127.0.0.1 (initdb's default pg_hba with trust).</summary>
    public static async Task<PostgresCluster> InitPrimaryAsync()
    {
        var cluster = new PostgresCluster(await MakeFolderAsync("primary"), FreePort.Next());
        try
        {
            await AsPostgresAsync(Path.Combine(Bin, "initdb"), "-D", cluster.Directory, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8", "-N");
            await cluster.AppendConfAsync("""
                wal_level = replica
                max_wal_senders = 5
                wal_keep_size = 256MB
                shared_buffers = 64MB
                max_connections = 100
                fsync = off
                """);
            await cluster.StartAsync();
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>Unpooled: after a crash and restart, no pooled connection to the dead server is left to fail.</summary>
    public string UnpooledServer => Server + ";Pooling=false";

    /// <summary>A new cluster with <paramref name="settings"/> appended to its postgresql.conf (fsync stays on: a crash test needs it).</summary>
    public static async Task<PostgresCluster> InitAsync(string settings)
    {
        var cluster = new PostgresCluster(await MakeFolderAsync("crash"), FreePort.Next());
        try
        {
            await AsPostgresAsync(Path.Combine(Bin, "initdb"), "-D", cluster.Directory, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8");
            await cluster.AppendConfAsync($"shared_buffers = 128MB\nmax_connections = 60\n{settings}");
            await cluster.StartAsync();
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>What a power cut does to PostgreSQL's processes: they die without writing anything more (crash recovery at the next start).</summary>
    public Task CrashAsync() => AsPostgresAsync(Path.Combine(Bin, "pg_ctl"), "-D", Directory, "-m", "immediate", "-w", "-t", "30", "stop");

    /// <summary>A hot standby of <paramref name="primary"/>: <c>pg_basebackup -R</c>, then started streaming.</summary>
    public static async Task<PostgresCluster> StartStandbyAsync(PostgresCluster primary)
    {
        var cluster = new PostgresCluster(await MakeFolderAsync("standby"), FreePort.Next());
        try
        {
            await AsPostgresAsync(Path.Combine(Bin, "pg_basebackup"), "-h", "127.0.0.1", "-p", primary.Port.ToString(CultureInfo.InvariantCulture), "-U", "postgres",
                "-D", cluster.Directory, "-R", "-X", "stream", "-c", "fast");
            await cluster.AppendConfAsync("""
                hot_standby = on
                hot_standby_feedback = on
                """);
            await cluster.StartAsync();
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    public async Task<T> ScalarAsync<T>(string database, string sql)
    {
        await using var conn = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(Server) { Database = database, Pooling = false }.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        return (T)(await cmd.ExecuteScalarAsync())!;
    }

    private async Task AppendConfAsync(string settings)
    {
        // Later lines win: a standby's copy of the primary's file gets its own port and socket folder.
        var conf = $"{settings}\nlisten_addresses = '127.0.0.1'\nport = {Port}\nunix_socket_directories = '{Directory}'\n";
        await AsPostgresWithInputAsync("/bin/sh", ["-c", $"cat >> '{Path.Combine(Directory, "postgresql.conf")}'"], conf);
    }

    public Task StartAsync() =>
        AsPostgresAsync(Path.Combine(Bin, "pg_ctl"), "-D", Directory, "-l", Path.Combine(Directory, "server.log"), "-w", "-t", "60", "start");

    /// <summary>A folder the postgres user owns, under the temporary folder.</summary>
    private static async Task<string> MakeFolderAsync(string role)
    {
        var dir = Path.Combine(Path.GetTempPath(), $"audit-pg-{role}-{Guid.NewGuid():N}"[..30]);
        System.IO.Directory.CreateDirectory(dir);
        if (Environment.UserName == "root") await RunAsync("chown", "postgres:postgres", dir);
        await RunAsync("chmod", "700", dir);
        return dir;
    }

    private static Task AsPostgresAsync(string program, params string[] args) => AsPostgresWithInputAsync(program, args, null);

    private static async Task AsPostgresWithInputAsync(string program, string[] args, string? input)
    {
        var (file, argv) = Environment.UserName == "root" ? ("runuser", new[] { "-u", "postgres", "--", program }.Concat(args).ToArray()) : (program, args);
        if (input is null)
        {
            await RunAsync(file, argv);
            return;
        }

        // Only the configuration goes through stdin: a shell "cat >>" run as postgres.
        var info = new System.Diagnostics.ProcessStartInfo(file) { RedirectStandardInput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in argv) info.ArgumentList.Add(a);
        using var p = System.Diagnostics.Process.Start(info)!;
        await p.StandardInput.WriteAsync(input);
        p.StandardInput.Close();
        var error = await p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        if (p.ExitCode != 0) throw new InvalidOperationException($"{program} failed ({p.ExitCode}): {error}");
    }

    private static async Task RunAsync(string file, params string[] args)
    {
        var (code, output) = await ManagedProcess.RunAsync(file, args, TimeSpan.FromMinutes(2));
        if (code != 0) throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed ({code}): {output}");
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        try
        {
            if (File.Exists(Path.Combine(Directory, "postmaster.pid")))
            {
                await AsPostgresAsync(Path.Combine(Bin, "pg_ctl"), "-D", Directory, "-m", "immediate", "-w", "-t", "30", "stop");
            }
        }
        catch (InvalidOperationException)
        {
            // Already stopped; the folder goes anyway.
        }

        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A temporary folder left behind is untidy, not wrong.
        }
    }
}
