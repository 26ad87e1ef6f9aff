using System.Diagnostics;
using System.Text;

namespace Maps.Deploy.Tests;

/// <summary>Finds the repository and runs its shell scripts, capturing their output.</summary>
public static class ScriptRunner
{
    public static string RepoRoot { get; } = FindRepoRoot();

    public sealed record Result(int ExitCode, string StdOut, string StdErr)
    {
        public string Describe() => $"exit code {ExitCode}\n--- stdout ---\n{StdOut}\n--- stderr ---\n{StdErr}";
    }

    /// <summary>Runs <c>bash script args…</c> from the repository root; kills it past <paramref name="timeout"/>.</summary>
    public static async Task<Result> RunAsync(string script, IEnumerable<string> args, TimeSpan timeout)
    {
        var start = new ProcessStartInfo("bash")
        {
            WorkingDirectory = RepoRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(RepoRoot, script));
        foreach (var arg in args)
            start.ArgumentList.Add(arg);

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {script}");
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (stdout) stdout.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (stderr) stderr.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            return new Result(-1, stdout.ToString(), stderr + $"\n(killed after {timeout})");
        }
        process.WaitForExit(); // flushes the asynchronous output readers
        return new Result(process.ExitCode, stdout.ToString(), stderr.ToString());
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Maps.sln")))
                return dir.FullName;
        }
        throw new DirectoryNotFoundException("Maps.sln not found above " + AppContext.BaseDirectory);
    }
}
