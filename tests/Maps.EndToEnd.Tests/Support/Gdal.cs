using System.Diagnostics;

namespace Maps.EndToEnd.Tests.Support;

/// <summary>Runs GDAL's command-line tools (Debian gdal-bin) and returns what they print.</summary>
public static class Gdal
{
    public static async Task<string> RunAsync(string tool, params string[] arguments)
    {
        var start = new ProcessStartInfo(tool, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["GDAL_HTTP_TIMEOUT"] = "60";
        start.Environment["CPL_DEBUG"] = "OFF";
        using var process = Process.Start(start)
            ?? throw new InvalidOperationException($"Could not start {tool}; install gdal-bin.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        string output = await stdout;
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{tool} {string.Join(' ', arguments)} exited {process.ExitCode}:\n{await stderr}\n{output}");
        return output;
    }
}
