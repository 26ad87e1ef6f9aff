namespace Maps.Storage.Tests.Support;

/// <summary>The checkout the tests run from (the folder holding Maps.sln), for the shipped data.</summary>
public static class RepoRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Maps.sln")))
                return dir.FullName;
        throw new InvalidOperationException("Maps.sln not found above the test output.");
    }
}
