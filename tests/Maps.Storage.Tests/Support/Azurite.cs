using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Maps.Storage.Tests.Support;

/// <summary>
/// A real Azurite Table service (npm <c>azurite</c>, in <c>.tools/</c> at the repo root; installed with
/// npm on first use when missing) on a free port: in memory, or persisted to a folder so that it can be
/// killed and restarted with its data. Killed on dispose.
/// </summary>
public sealed class Azurite : IAsyncDisposable
{
    public const string Version = "3.37.0";
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    private static readonly SemaphoreSlim InstallGate = new(1, 1);
    private readonly StringBuilder _output = new();
    private Process? _process;

    private Azurite(string? location, bool allServices)
    {
        Location = location;
        AllServices = allServices;
        Port = FreePort();
        BlobPort = allServices ? FreePort() : 0;
        QueuePort = allServices ? FreePort() : 0;
    }

    /// <summary>The table service's port.</summary>
    public int Port { get; }

    /// <summary>Whether blobs and queues are served too (jobs need them), not only tables.</summary>
    public bool AllServices { get; }

    public int BlobPort { get; }

    public int QueuePort { get; }

    /// <summary>The persistence folder, or null when in memory.</summary>
    public string? Location { get; }

    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AccountKey};TableEndpoint=http://127.0.0.1:{Port}/devstoreaccount1;"
        + (AllServices ? $"BlobEndpoint=http://127.0.0.1:{BlobPort}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{QueuePort}/devstoreaccount1;" : "");

    public string Output { get { lock (_output) return _output.ToString(); } }

    public bool IsRunning => _process is { HasExited: false };

    /// <param name="allServices">Blob and queue services as well as tables (one <c>azurite</c> process).</param>
    public static async Task<Azurite> StartAsync(string? location = null, bool allServices = false)
    {
        var azurite = new Azurite(location, allServices);
        await azurite.StartProcessAsync();
        return azurite;
    }

    /// <summary>Kills the process at once (no graceful shutdown), as a crash or an outage would.</summary>
    public void Kill()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }
        _process?.Dispose();
        _process = null;
    }

    /// <summary>Starts it again on the same port (and folder).</summary>
    public Task RestartAsync()
    {
        Kill();
        return StartProcessAsync();
    }

    public ValueTask DisposeAsync()
    {
        Kill();
        if (Location is not null && Directory.Exists(Location))
            Directory.Delete(Location, recursive: true);
        return ValueTask.CompletedTask;
    }

    private async Task StartProcessAsync()
    {
        string executable = await EnsureInstalledAsync();
        if (AllServices)
            executable = Path.Combine(Path.GetDirectoryName(executable)!, "azurite");
        var arguments = new List<string> { "--tableHost", "127.0.0.1", "--tablePort", Port.ToString(), "--skipApiVersionCheck", "--loose", "--silent", "--disableTelemetry" };
        if (AllServices)
            arguments.AddRange(["--blobHost", "127.0.0.1", "--blobPort", BlobPort.ToString(), "--queueHost", "127.0.0.1", "--queuePort", QueuePort.ToString()]);
        if (Location is null)
            arguments.Add("--inMemoryPersistence");
        else
            arguments.AddRange(["--location", Location]);
        var start = new ProcessStartInfo(executable, arguments) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, e) => { lock (_output) _output.AppendLine(e.Data); };
        _process.ErrorDataReceived += (_, e) => { lock (_output) _output.AppendLine(e.Data); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        // Generous on a busy 2-core machine: npm-started node can take long to listen.
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(5);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"azurite-table exited with {_process.ExitCode}:\n{Output}");
            try
            {
                foreach (int port in new[] { Port, BlobPort, QueuePort }.Where(p => p > 0))
                {
                    using var client = new TcpClient();
                    await client.ConnectAsync(IPAddress.Loopback, port);
                }
                return;
            }
            catch (Exception)
            {
                // Refused or reset while it starts: not listening yet.
                await Task.Delay(50);
            }
        }
        throw new TimeoutException($"azurite-table did not listen on {Port} within 120 s:\n{Output}");
    }

    /// <summary>The azurite-table script in the repo's <c>.tools/</c>, installed there with npm when missing.</summary>
    public static async Task<string> EnsureInstalledAsync()
    {
        string tools = Path.Combine(RepoRoot(), ".tools");
        string executable = Path.Combine(tools, "node_modules", ".bin", "azurite-table");
        if (File.Exists(executable))
            return executable;
        await InstallGate.WaitAsync();
        try
        {
            if (File.Exists(executable))
                return executable;
            var npm = Process.Start(new ProcessStartInfo("npm", ["install", "--prefix", tools, "--no-audit", "--no-fund", $"azurite@{Version}"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            }) ?? throw new InvalidOperationException("npm could not be started; run scripts/test.sh, which installs Azurite.");
            string errors = await npm.StandardError.ReadToEndAsync();
            await npm.WaitForExitAsync();
            if (npm.ExitCode != 0 || !File.Exists(executable))
                throw new InvalidOperationException($"npm install azurite@{Version} failed ({npm.ExitCode}): {errors}");
            return executable;
        }
        finally
        {
            InstallGate.Release();
        }
    }

    public static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Maps.sln")))
                return dir.FullName;
        throw new DirectoryNotFoundException("Maps.sln not found above " + AppContext.BaseDirectory);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
