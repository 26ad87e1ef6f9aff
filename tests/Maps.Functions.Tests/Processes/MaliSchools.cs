namespace Maps.Functions.Tests.Processes;

/// <summary>The shipped Mali schools (10,151), as the sample CSV and as the layer's GeoJSON: points where the shipped backbone is.</summary>
public static class MaliSchools
{
    public static readonly string RepoRoot = FindRepoRoot();

    public static readonly byte[] Csv = File.ReadAllBytes(Path.Combine(RepoRoot, "data", "samples", "mali-schools.csv"));

    /// <summary>The layer's features in id order as a FeatureCollection, one feature per line.</summary>
    public static readonly byte[] GeoJson = FeatureCollection(Maps.Core.Layers.Layer.Open(Path.Combine(RepoRoot, "data", "layers", "mali-schools.fgb")));

    private static byte[] FeatureCollection(Maps.Core.Layers.Layer layer)
    {
        using var output = new MemoryStream();
        output.Write("{\"type\":\"FeatureCollection\",\"features\":[\n"u8);
        var features = layer.ReadAll();
        for (int i = 0; i < features.Count; i++)
        {
            output.Write(features[i].GeoJson.Span);
            output.Write(i + 1 < features.Count ? ",\n"u8 : "\n"u8);
        }
        output.Write("]}\n"u8);
        return output.ToArray();
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Maps.sln")))
                return dir.FullName;
        throw new DirectoryNotFoundException("No Maps.sln above the tests.");
    }
}
