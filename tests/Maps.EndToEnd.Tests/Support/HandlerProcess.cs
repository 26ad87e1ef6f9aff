using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Maps.EndToEnd.Tests.Support;

/// <summary>
/// The real handler executable, started as the Functions host starts a custom handler: a free
/// port in <c>FUNCTIONS_CUSTOMHANDLER_PORT</c>, the repo root as working directory. Ready when
/// <c>/api/collections</c> answers 200 (polled, bounded); killed on dispose.
/// </summary>
public sealed class HandlerProcess : IAsyncLifetime
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private readonly StringBuilder _output = new();
    private Process? _process;

    public int Port { get; } = FreePort();

    public string ApiRoot => $"http://127.0.0.1:{Port}/api";

    public Dictionary<string, string> Environment { get; } = new();

    public string Output { get { lock (_output) return _output.ToString(); } }

    public async Task InitializeAsync()
    {
        string dll = Path.Combine(AppContext.BaseDirectory, "Maps.Functions.dll");
        var start = new ProcessStartInfo("dotnet", [dll])
        {
            WorkingDirectory = RepoPaths.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["FUNCTIONS_CUSTOMHANDLER_PORT"] = Port.ToString();
        start.Environment.Remove("ASPNETCORE_URLS");
        foreach (var (key, value) in Environment)
            start.Environment[key] = value;
        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, e) => { lock (_output) _output.AppendLine(e.Data); };
        _process.ErrorDataReceived += (_, e) => { lock (_output) _output.AppendLine(e.Data); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + StartTimeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"The handler exited with {_process.ExitCode}:\n{Output}");
            try
            {
                var response = await client.GetAsync(ApiRoot + "/collections");
                if (response.StatusCode == HttpStatusCode.OK)
                    return;
            }
            catch (HttpRequestException)
            {
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"The handler did not answer /api/collections within {StartTimeout}:\n{Output}");
    }

    public Task DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }
        _process?.Dispose();
        return Task.CompletedTask;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
