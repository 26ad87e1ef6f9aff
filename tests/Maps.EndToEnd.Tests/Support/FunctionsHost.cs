using System.Diagnostics;

namespace Maps.EndToEnd.Tests.Support;

/// <summary>
/// Where the Functions host comes from: the project's shared build of the real host
/// (<c>../shared/functions-host/run-host.sh</c> beside the checkout, or <c>MAPS_FUNCTIONS_HOST</c>),
/// else Azure Functions Core Tools (<c>func</c>) when installed. Neither: the tests fail saying what
/// to install; they never skip.
/// </summary>
public static class FunctionsHost
{
    /// <summary>The app's build output: functions.metadata, worker.config.json, .azurefunctions/, host.json.</summary>
    public static string AppDirectory { get; } = FindAppDirectory();

    public static ProcessStartInfo StartInfo(string appDirectory, int port)
    {
        string? runHost = FunctionsHostScript.Find(RepoPaths.Root);
        ProcessStartInfo start;
        if (runHost is not null)
        {
            start = new ProcessStartInfo(runHost, [appDirectory, "dotnet-isolated", port.ToString()]);
            // One unpacked host for every test process of the run (run-host.sh unpacks under a lock).
            start.Environment["FUNCTIONS_HOST_DIR"] = Path.Combine(RepoPaths.Root, ".tools", "functions-host");
        }
        else if (OnPath("func") is { } func)
        {
            start = new ProcessStartInfo(func, ["host", "start", "--port", port.ToString(), "--script-root", appDirectory]);
            start.Environment["FUNCTIONS_WORKER_RUNTIME"] = "dotnet-isolated";
            start.Environment["AzureWebJobsSecretStorageType"] = "files";
        }
        else
        {
            throw new InvalidOperationException(
                "No Azure Functions host: expected the project's shared host at ../shared/functions-host/run-host.sh beside the checkout " +
                "(or MAPS_FUNCTIONS_HOST=<path to run-host.sh>), or Azure Functions Core Tools v4 (`func`) on PATH. Install one of them.");
        }
        start.WorkingDirectory = appDirectory;
        start.Environment["AzureWebJobsDisableHomepage"] = "true";
        return start;
    }

    private static string? OnPath(string command) =>
        (System.Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, command)).FirstOrDefault(File.Exists);

    /// <summary>functions/Maps.Functions/bin/&lt;configuration of this test build&gt;/net10.0.</summary>
    private static string FindAppDirectory()
    {
        string configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        string directory = Path.Combine(RepoPaths.Root, "functions", "Maps.Functions", "bin", configuration, "net10.0");
        if (!File.Exists(Path.Combine(directory, "functions.metadata")))
            throw new InvalidOperationException($"No functions.metadata in {directory}: build functions/Maps.Functions ({configuration}) first.");
        return directory;
    }
}
