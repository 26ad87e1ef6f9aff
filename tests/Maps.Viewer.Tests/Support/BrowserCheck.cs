using System.Diagnostics;
using System.Text.Json;
using Maps.EndToEnd.Tests.Support;

namespace Maps.Viewer.Tests.Support;

/// <summary>
/// Runs one of the node scripts in <c>browser/</c> (playwright-core driving Debian's Chromium) and
/// parses the one JSON report it prints; the process is killed when it overruns its deadline.
/// </summary>
public static class BrowserCheck
{
    /// <summary>Generous: SwiftShader draws the sample's 10,000 schools on the CPU, on a machine that may be busy.</summary>
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(25);

    public static string Directory => Path.Combine(RepoPaths.Root, "tests", "Maps.Viewer.Tests", "browser");

    public static async Task<(JsonElement Report, string Raw)> RunAsync(string script, IEnumerable<string> arguments)
    {
        if (!System.IO.Directory.Exists(Path.Combine(Directory, "node_modules", "playwright-core")))
            throw new InvalidOperationException($"playwright-core is not installed: run `npm ci` in {Directory} (scripts/test.sh does).");
        var start = new ProcessStartInfo("node", [script, .. arguments])
        {
            WorkingDirectory = Directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var node = Process.Start(start) ?? throw new InvalidOperationException("Could not start node.");
        var stdout = node.StandardOutput.ReadToEndAsync();
        var stderr = node.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Deadline);
        try
        {
            await node.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            node.Kill(entireProcessTree: true);
            throw new TimeoutException($"{script} did not finish within {Deadline}:\n{await stderr}");
        }
        string raw = (await stdout).Trim();
        if (node.ExitCode != 0 || raw.Length == 0)
            throw new InvalidOperationException($"{script} exited {node.ExitCode}:\n{await stderr}\n{raw}");
        return (JsonDocument.Parse(raw).RootElement.Clone(), raw);
    }
}
