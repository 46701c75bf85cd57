using System.Net;
using System.Net.Sockets;

namespace Audit.Tests.Support;

/// <summary>
/// Forwards a loopback port to another endpoint (e.g. PostgreSQL: an address, a host name or a Unix
/// socket), so a test can take "the database" away and bring it back — closing every open connection —
/// without touching the shared server.
/// </summary>
public sealed class TcpProxy : IAsyncDisposable
{
    private readonly EndPoint _target;
    private readonly List<IDisposable> _open = [];
    private TcpListener? _listener;
    private CancellationTokenSource? _cts;

    public TcpProxy(EndPoint target, int? port = null)
    {
        _target = target;
        Port = port ?? FreePort.Next();
    }

    public int Port { get; }

    public void Start()
    {
        _cts = new CancellationTokenSource();
        _listener = new TcpListener(IPAddress.Loopback, Port);
        _listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        _listener.Start();
        _ = AcceptLoopAsync(_listener, _cts.Token);
    }

    /// <summary>Stops listening and cuts every forwarded connection.</summary>
    public void Stop()
    {
        _cts?.Cancel();
        _listener?.Stop();
        lock (_open)
        {
            foreach (var c in _open) c.Dispose();
            _open.Clear();
        }
    }

    private async Task AcceptLoopAsync(TcpListener listener, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            TcpClient inbound;
            try
            {
                inbound = await listener.AcceptTcpClientAsync(ct);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            var outbound = _target is UnixDomainSocketEndPoint
                ? new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified)
                : new Socket(SocketType.Stream, ProtocolType.Tcp); // dual mode: IPv4, IPv6 or a host name
            try
            {
                await outbound.ConnectAsync(_target, ct);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException)
            {
                inbound.Dispose();
                outbound.Dispose();
                continue;
            }

            lock (_open)
            {
                _open.Add(inbound);
                _open.Add(outbound);
            }

            var theirs = new NetworkStream(outbound, ownsSocket: true);
            _ = PumpAsync(inbound.GetStream(), theirs, ct);
            _ = PumpAsync(theirs, inbound.GetStream(), ct);
        }
    }

    private static async Task PumpAsync(Stream from, Stream to, CancellationToken ct)
    {
        try
        {
            await from.CopyToAsync(to, ct);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException or InvalidOperationException or SocketException)
        {
            // one side went away
        }
        finally
        {
            from.Dispose();
            to.Dispose();
        }
    }

    public ValueTask DisposeAsync()
    {
        Stop();
        _cts?.Dispose();
        return ValueTask.CompletedTask;
    }
}
