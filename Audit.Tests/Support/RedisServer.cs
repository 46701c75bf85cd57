using System.Globalization;
using StackExchange.Redis;

namespace Audit.Tests.Support;

/// <summary>A throwaway redis-server (Debian's) on a free port, without persistence; killed on dispose.</summary>
public sealed class RedisServer : IAsyncDisposable
{
    private readonly ManagedProcess _process;

    private RedisServer(int port, ManagedProcess process, ConnectionMultiplexer client)
    {
        Port = port;
        _process = process;
        Client = client;
    }

    public int Port { get; }

    public string ConnectionString => $"127.0.0.1:{Port}";

    public ConnectionMultiplexer Client { get; }

    public static async Task<RedisServer> StartAsync()
    {
        var port = FreePort.Next();
        var process = ManagedProcess.Start(RepoPaths.RedisServer,
            ["--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no"]);
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                var client = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{port},abortConnect=true,connectTimeout=1000");
                await client.GetDatabase().PingAsync();
                return new RedisServer(port, process, client);
            }
            catch (RedisConnectionException) when (attempt < 50 && !process.HasExited)
            {
                await Task.Delay(100);
            }
            catch
            {
                var output = process.Output;
                process.Dispose();
                throw new InvalidOperationException("redis-server did not start:\n" + output);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Client.DisposeAsync();
        _process.Dispose();
    }
}
