using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Maps.EndToEnd.Tests.Support;

/// <summary>
/// Maps running as a real process, standalone or under the real Functions host, on a free port.
/// Ready when <c>/api/collections</c> (or <see cref="ReadinessPath"/>) answers 200: polled until a generous deadline, every failure
/// (refused connection, timeout, 5xx while the worker starts) retried, the process's exit reported at
/// once with its output. A port taken between choosing it and binding it (another process was handed
/// it as an ephemeral port) is the only failure retried: the process is stopped and started on a new port. The whole process tree (host and
/// worker) is killed on dispose.
/// </summary>
public abstract class ApiProcess : IAsyncLifetime
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(30);
    private readonly StringBuilder _output = new();
    private Process? _process;

    public int Port { get; private set; } = FreePort();

    private const int StartAttempts = 3;

    public string ApiRoot => $"http://127.0.0.1:{Port}/api";

    /// <summary>Environment of the process (app settings: <c>Maps__...</c>); set before it starts.</summary>
    public Dictionary<string, string> Environment { get; } = new();

    /// <summary>The process's own local store (<c>Maps__LocalStore__Directory</c>, unless set otherwise), deleted on dispose.</summary>
    public string LocalStore { get; } = Path.Combine(Path.GetTempPath(), "maps-e2e-store-" + Guid.NewGuid().ToString("N"));

    /// <summary>"standalone" or "functions-host", for messages.</summary>
    public abstract string Mode { get; }

    /// <summary>From process start to the first 200 on <c>/api/collections</c>.</summary>
    public TimeSpan StartupTime { get; private set; }

    public string Output { get { lock (_output) return _output.ToString(); } }

    /// <summary>The path under <c>/api</c> that answers 200 once the app is ready.</summary>
    public string ReadinessPath { get; set; } = "/collections";

    public int ProcessId => _process?.Id ?? throw new InvalidOperationException("Not started.");

    protected abstract ProcessStartInfo CreateStartInfo();

    /// <summary>Work before the process starts (layers to write, keys to set).</summary>
    protected virtual Task PrepareAsync() => Task.CompletedTask;

    public virtual async Task InitializeAsync()
    {
        await PrepareAsync();
        for (int attempt = 1; !await TryStartAsync(lastAttempt: attempt == StartAttempts); attempt++)
        {
            _process!.Dispose();
            lock (_output)
                _output.Clear();
            Port = FreePort();
        }
    }

    /// <summary>Starts the process and waits until it is ready; false when it exited because its port was taken, which the caller retries.</summary>
    private async Task<bool> TryStartAsync(bool lastAttempt)
    {
        var start = CreateStartInfo();
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        start.Environment.Remove("ASPNETCORE_URLS");
        start.Environment["Maps__LocalStore__Directory"] = LocalStore;
        start.Environment["Maps__Jobs__Directory"] = Path.Combine(LocalStore, "jobs");
        foreach (var (key, value) in Environment)
            start.Environment[key] = value;
        var clock = Stopwatch.StartNew();
        _process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {start.FileName}.");
        _process.OutputDataReceived += (_, e) => { lock (_output) _output.AppendLine(e.Data); };
        _process.ErrorDataReceived += (_, e) => { lock (_output) _output.AppendLine(e.Data); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        using var client = new HttpClient { Timeout = ProbeTimeout };
        string lastFailure = "no answer yet";
        while (clock.Elapsed < StartTimeout)
        {
            if (!lastAttempt && Output.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
                // Stopped as soon as it says so; the standalone app itself says so only as it exits, about 30 s later.
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit();
                return false;
            }
            if (_process.HasExited)
                throw new InvalidOperationException($"Maps ({Mode}) exited with {_process.ExitCode} before it was ready:\n{Output}");
            try
            {
                using var response = await client.GetAsync(ApiRoot + ReadinessPath);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    StartupTime = clock.Elapsed;
                    return true;
                }
                lastFailure = $"HTTP {(int)response.StatusCode}";
            }
            catch (Exception e)
            {
                // Refused while the port opens, timeouts on a loaded machine, resets while the worker starts.
                lastFailure = e.GetType().Name + ": " + e.Message;
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"Maps ({Mode}) did not answer /api{ReadinessPath} with 200 within {StartTimeout} (last: {lastFailure}):\n{Output}");
    }

    public virtual Task DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }
        _process?.Dispose();
        _process = null; // a second dispose (a test that kills the process itself) does nothing
        if (Directory.Exists(LocalStore))
            Directory.Delete(LocalStore, recursive: true);
        return Task.CompletedTask;
    }

    /// <summary>This process and its descendants (the host's worker), read from /proc.</summary>
    public IReadOnlyList<int> ProcessTree() => ProcFs.Tree(ProcessId);

    /// <summary>Resident memory of one process in bytes (VmRSS), 0 when it is gone.</summary>
    public static long ResidentBytes(int pid) => ProcFs.ResidentBytes(pid);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>The app on its own: <c>dotnet Maps.Functions.dll --urls ...</c>, the repo root as working directory.</summary>
public class StandaloneApi : ApiProcess
{
    public override string Mode => "standalone";

    protected override ProcessStartInfo CreateStartInfo() =>
        new("dotnet", [Path.Combine(AppContext.BaseDirectory, "Maps.Functions.dll"), "--urls", $"http://127.0.0.1:{Port}"])
        {
            WorkingDirectory = RepoPaths.Root,
        };
}

/// <summary>
/// The app's build output under the real Azure Functions host (<see cref="FunctionsHost"/>), with
/// function keys set through the host's file secrets before it starts.
/// </summary>
public class FunctionsHostApi : ApiProcess
{
    public const string HostKey = "maps-e2e-host-key-0123456789";
    public const string MasterKey = "maps-e2e-master-key-0123456789";

    private readonly string _secrets = Directory.CreateTempSubdirectory("maps-e2e-secrets-").FullName;

    public override string Mode => "functions-host";

    protected override Task PrepareAsync() => File.WriteAllTextAsync(Path.Combine(_secrets, "host.json"), $$"""
        {"masterKey":{"name":"master","value":"{{MasterKey}}","encrypted":false},
         "functionKeys":[{"name":"default","value":"{{HostKey}}","encrypted":false}],
         "systemKeys":[],"hostName":null,"instanceId":"maps-e2e","source":"runtime","decryptionKeyId":""}
        """);

    protected override ProcessStartInfo CreateStartInfo()
    {
        var start = FunctionsHost.StartInfo(FunctionsHost.AppDirectory, Port);
        start.Environment["FUNCTIONS_SECRETS_PATH"] = _secrets;
        return start;
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Directory.Delete(_secrets, recursive: true);
    }
}
