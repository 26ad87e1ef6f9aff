using System.Diagnostics;
using System.Net;
using Maps.EndToEnd.Tests.Support;

namespace Maps.Bench;

/// <summary>
/// One Maps handler process for the scale benchmark (the current build or the baseline's), started
/// with the given settings and timed from the moment it is started: when <c>/api/collections</c>
/// first answers 200, and its resident memory then and later. Killed on dispose.
/// </summary>
internal sealed class ScaleHandler : IDisposable
{
    public const string ManageKey = "scale-bench-manage-key";

    private readonly Process _process;
    private readonly Stopwatch _clock;

    private ScaleHandler(Process process, Stopwatch clock, int port)
    {
        _process = process;
        _clock = clock;
        Client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromMinutes(30) };
        Client.DefaultRequestHeaders.Add("x-functions-key", ManageKey);
    }

    public HttpClient Client { get; }

    /// <summary>Milliseconds from the process's start to the first 200 on /api/collections.</summary>
    public double ReadyMs { get; private set; }

    public double ReadyRssMb { get; private set; }

    public double SinceStartMs => _clock.Elapsed.TotalMilliseconds;

    public double RssMb => ProcFs.ResidentBytes(_process.Id) / 1048576.0;

    /// <summary>The peak resident memory so far (VmHWM).</summary>
    public double PeakMb => ProcFs.PeakResidentBytes(_process.Id) / 1048576.0;

    public static async Task<ScaleHandler> StartAsync(string dll, IReadOnlyDictionary<string, string> settings, TimeSpan readyWithin)
    {
        int port = HttpNearestBench.FreePort();
        var start = new ProcessStartInfo("dotnet", [dll, "--urls", $"http://127.0.0.1:{port}"])
        {
            UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["Maps__ManageKey"] = ManageKey;
        foreach (var (name, value) in settings)
            start.Environment[name] = value;
        var clock = Stopwatch.StartNew();
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var handler = new ScaleHandler(process, clock, port);
        using var probe = new HttpClient { BaseAddress = handler.Client.BaseAddress, Timeout = TimeSpan.FromMinutes(10) };
        while (clock.Elapsed < readyWithin)
        {
            if (process.HasExited)
                throw new InvalidOperationException($"The handler {dll} exited with code {process.ExitCode} before it answered.");
            try
            {
                using var response = await probe.GetAsync("/api/collections");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    handler.ReadyMs = clock.Elapsed.TotalMilliseconds;
                    handler.ReadyRssMb = handler.RssMb;
                    return handler;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            await Task.Delay(10);
        }
        handler.Dispose();
        throw new TimeoutException($"The handler {dll} did not answer /api/collections within {readyWithin}.");
    }

    public void Dispose()
    {
        Client.Dispose();
        try
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
        catch (InvalidOperationException)
        {
        }
        _process.Dispose();
    }
}
