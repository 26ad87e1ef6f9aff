namespace Maps.Functions.Tests.Processes;

/// <summary>The shipped Mali schools (10,151), as the sample CSV and as the layer's GeoJSON: points where the shipped backbone is.</summary>
public static class MaliSchools
{
    public static readonly string RepoRoot = FindRepoRoot();

    public static readonly byte[] Csv = File.ReadAllBytes(Path.Combine(RepoRoot, "data", "samples", "mali-schools.csv"));

    public static readonly byte[] GeoJson = File.ReadAllBytes(Path.Combine(RepoRoot, "data", "layers", "mali-schools.geojson"));

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Maps.sln")))
                return dir.FullName;
        throw new DirectoryNotFoundException("No Maps.sln above the tests.");
    }
}
