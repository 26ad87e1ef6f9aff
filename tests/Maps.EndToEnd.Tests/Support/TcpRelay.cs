using System.Net;
using System.Net.Sockets;

namespace Maps.EndToEnd.Tests.Support;

/// <summary>
/// A TCP relay from a port of its own to a target port, that can be cut (listener closed, every
/// open connection reset) and restored on the same port: a storage outage seen from the app, with
/// the storage itself (and everything it acknowledged) intact behind it.
/// </summary>
public sealed class TcpRelay : IAsyncDisposable
{
    private readonly int _target;
    private readonly List<TcpClient> _connections = [];
    private TcpListener? _listener;
    private CancellationTokenSource? _running;

    public TcpRelay(int target)
    {
        _target = target;
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        Port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
    }

    public int Port { get; }

    public void Start()
    {
        _running = new CancellationTokenSource();
        _listener = new TcpListener(IPAddress.Loopback, Port);
        _listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        _listener.Start();
        _ = AcceptAsync(_listener, _running.Token);
    }

    /// <summary>Refuses new connections and resets the open ones.</summary>
    public void Cut()
    {
        _running?.Cancel();
        _listener?.Stop();
        lock (_connections)
        {
            foreach (var connection in _connections)
            {
                try
                {
                    if (connection.Client is { Connected: true } socket)
                        socket.LingerState = new LingerOption(true, 0);
                }
                catch (ObjectDisposedException)
                {
                }
                connection.Dispose();
            }
            _connections.Clear();
        }
    }

    private async Task AcceptAsync(TcpListener listener, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            TcpClient inbound;
            try
            {
                inbound = await listener.AcceptTcpClientAsync(cancellationToken);
            }
            catch (Exception)
            {
                return;
            }
            _ = RelayAsync(inbound, cancellationToken);
        }
    }

    private async Task RelayAsync(TcpClient inbound, CancellationToken cancellationToken)
    {
        var outbound = new TcpClient();
        lock (_connections)
        {
            _connections.Add(inbound);
            _connections.Add(outbound);
        }
        try
        {
            await outbound.ConnectAsync(IPAddress.Loopback, _target, cancellationToken);
            var a = inbound.GetStream().CopyToAsync(outbound.GetStream(), cancellationToken);
            var b = outbound.GetStream().CopyToAsync(inbound.GetStream(), cancellationToken);
            await Task.WhenAny(a, b);
        }
        catch (Exception)
        {
            // Cut, or one side closed: both go.
        }
        finally
        {
            inbound.Dispose();
            outbound.Dispose();
            lock (_connections)
            {
                _connections.Remove(inbound);
                _connections.Remove(outbound);
            }
        }
    }

    public ValueTask DisposeAsync()
    {
        Cut();
        return ValueTask.CompletedTask;
    }
}
