namespace Maps.EndToEnd.Tests.Support;

public static class RepoPaths
{
    /// <summary>The checkout's root: the first folder upwards from the test binaries holding Maps.sln.</summary>
    public static string Root { get; } = FindRoot();

    public static string Layers => Path.Combine(Root, "data", "layers");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Maps.sln")))
                return dir.FullName;
        throw new DirectoryNotFoundException("Maps.sln not found above " + AppContext.BaseDirectory);
    }
}
