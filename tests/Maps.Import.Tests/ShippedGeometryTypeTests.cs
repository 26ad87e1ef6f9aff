using System.Text.Json;

namespace Maps.Import.Tests;

/// <summary>
/// Every shipped layer's features are of its declared geometry type, read straight from the files with
/// System.Text.Json (not through the importer's own types), so GDAL and GeoPackage readers type each layer
/// as declared instead of as a mixed one.
/// </summary>
public sealed class ShippedGeometryTypeTests
{
    public static TheoryData<string> Layers()
    {
        var ids = new TheoryData<string>();
        foreach (string path in Directory.GetFiles(TestPaths.Layers, "*.fgb").Order(StringComparer.Ordinal))
            ids.Add(Path.GetFileNameWithoutExtension(path));
        return ids;
    }

    [Theory]
    [MemberData(nameof(Layers))]
    public void Every_feature_has_the_declared_geometry_type_or_the_layer_is_declared_Geometry_because_it_is_mixed(string layer)
    {
        string declared = DeclaredType(layer);
        var counts = FeatureTypeCounts(layer);

        Assert.NotEmpty(counts);
        if (declared == "Geometry")
            Assert.True(counts.Keys.Select(Family).Distinct().Count() > 1,
                $"{layer} is declared Geometry but all its features are of one family: {Describe(counts)}");
        else
            Assert.True(counts.Count == 1 && counts.ContainsKey(declared), $"{layer} is declared {declared} but has {Describe(counts)}");
    }

    [Fact]
    public void Fibre_links_are_MultiLineStrings_all_1218_of_them()
    {
        Assert.Equal("MultiLineString", DeclaredType("fibre-links"));
        Assert.Equal(new Dictionary<string, int> { ["MultiLineString"] = 1_218 }, FeatureTypeCounts("fibre-links"));
    }

    [Fact]
    public void The_shipped_layers_are_all_checked()
    {
        Assert.Equal(12, Layers().Count);
    }

    private static string DeclaredType(string layer)
    {
        using var metadata = LayerOutput.Metadata(Path.Combine(TestPaths.Layers, layer + ".fgb"));
        return metadata.RootElement.GetProperty("geometryType").GetString()!;
    }

    private static Dictionary<string, int> FeatureTypeCounts(string layer)
    {
        using var features = LayerOutput.Features(Path.Combine(TestPaths.Layers, layer + ".fgb"));
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var feature in features.RootElement.GetProperty("features").EnumerateArray())
        {
            string type = feature.GetProperty("geometry").GetProperty("type").GetString()!;
            counts[type] = counts.GetValueOrDefault(type) + 1;
        }
        return counts;
    }

    /// <summary>Point, LineString or Polygon for a single type and its Multi form alike; a collection is its own family.</summary>
    private static string Family(string type) => type.StartsWith("Multi", StringComparison.Ordinal) ? type["Multi".Length..] : type;

    private static string Describe(Dictionary<string, int> counts) =>
        string.Join(", ", counts.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Value} {c.Key}"));
}
