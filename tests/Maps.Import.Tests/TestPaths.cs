namespace Maps.Import.Tests;

internal static class TestPaths
{
    public static string RepositoryRoot { get; } =
        Maps.Import.RepositoryRoot.Find(AppContext.BaseDirectory) ?? throw new InvalidOperationException("Maps.sln not found above the test output.");

    public static string Sources => Path.Combine(RepositoryRoot, "data", "sources");

    public static string Layers => Path.Combine(RepositoryRoot, "data", "layers");

    public static string NewTempDirectory()
    {
        string path = Path.Combine(Path.GetTempPath(), "maps-import-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        return path;
    }
}
