namespace Maps.EndToEnd.Tests.Support;

/// <summary>
/// The project's shared build of the real Functions host: <c>MAPS_FUNCTIONS_HOST</c> when set (as
/// <c>scripts/test.sh</c> documents), else <c>../shared/functions-host/run-host.sh</c> beside the
/// checkout. One rule for every test project that starts the host.
/// </summary>
public static class FunctionsHostScript
{
    /// <summary>The run-host.sh to use, or null when there is none; a <c>MAPS_FUNCTIONS_HOST</c> naming no file is an error.</summary>
    public static string? Find(string repoRoot)
    {
        string? configured = System.Environment.GetEnvironmentVariable("MAPS_FUNCTIONS_HOST");
        if (!string.IsNullOrEmpty(configured))
            return File.Exists(configured) ? configured : throw new FileNotFoundException($"MAPS_FUNCTIONS_HOST names no file: {configured}");
        string shared = Path.GetFullPath(Path.Combine(repoRoot, "..", "shared", "functions-host", "run-host.sh"));
        return File.Exists(shared) ? shared : null;
    }
}
