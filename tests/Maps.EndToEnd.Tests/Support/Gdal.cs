using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Maps.EndToEnd.Tests.Support;

/// <summary>
/// Runs GDAL's command-line tools and returns what they print: Debian bookworm's gdal-bin (3.6) by
/// default, or with <see cref="RunTrixieAsync"/> Debian trixie's GDAL 3.10, which scripts/test.sh
/// unpacks into <c>.tools/gdal-trixie</c> (or <c>MAPS_GDAL_TRIXIE</c>=its bin folder), for what 3.6 lacks.
/// </summary>
public static partial class Gdal
{
    public static async Task<string> RunAsync(string tool, params string[] arguments) => (await RunToolAsync(tool, arguments)).Output;

    public static async Task<string> RunTrixieAsync(string tool, params string[] arguments) =>
        (await RunToolAsync(TrixieTool(tool), arguments)).Output;

    /// <summary>GDAL 3.10 with CPL_DEBUG on: what it printed, and its debug log (the HTTP requests it made).</summary>
    public static Task<(string Output, string Log)> RunTrixieWithDebugAsync(string tool, params string[] arguments) =>
        RunToolAsync(TrixieTool(tool), arguments, debug: true);

    private static string TrixieTool(string tool)
    {
        string bin = Environment.GetEnvironmentVariable("MAPS_GDAL_TRIXIE") ?? Path.Combine(RepoPaths.Root, ".tools", "gdal-trixie", "bin");
        string path = Path.Combine(bin, tool);
        return File.Exists(path)
            ? path
            : throw new InvalidOperationException($"GDAL 3.10 is not installed at {bin}: run scripts/install-gdal-trixie.sh .tools/gdal-trixie (scripts/test.sh does).");
    }

    private static async Task<(string Output, string Log)> RunToolAsync(string tool, string[] arguments, bool debug = false)
    {
        var start = new ProcessStartInfo(tool, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["GDAL_HTTP_TIMEOUT"] = "60";
        start.Environment["CPL_DEBUG"] = debug ? "ON" : "OFF";
        using var process = Process.Start(start)
            ?? throw new InvalidOperationException($"Could not start {tool}; install gdal-bin.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        await process.WaitForExitAsync(timeout.Token);
        string output = await stdout;
        string log = await stderr;
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{tool} {string.Join(' ', arguments)} exited {process.ExitCode}:\n{log}\n{output}");
        return (output, log);
    }

    /// <summary>The value of every <c>id</c> string field in what <c>ogrinfo</c> printed, one per feature listed (repeats kept).</summary>
    public static IEnumerable<string> FeatureIds(string ogrinfoOutput) => IdLine().Matches(ogrinfoOutput).Select(m => m.Groups[1].Value);

    [GeneratedRegex(@"^\s*id \(String\) = (\S+)\s*$", RegexOptions.Multiline)]
    private static partial Regex IdLine();
}
