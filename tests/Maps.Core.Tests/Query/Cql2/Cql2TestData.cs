using System.Text.Json;
using Maps.Core.Import;
using Maps.Core.Layers;

namespace Maps.Core.Tests.Query.Cql2;

/// <summary>
/// The CQL2 standard's test dataset (Natural Earth 1:110m countries, populated places, rivers,
/// with the extra date, start, end and boolean properties of OGC 21-065r2 Annex A) as layers whose
/// queryables are derived from the data as on import, the geometry named <c>geom</c> as in the
/// standard's queryables.
/// </summary>
public static class Cql2TestData
{
    public static readonly string Directory = Path.Combine(AppContext.BaseDirectory, "cql2");

    private static readonly Lazy<IReadOnlyDictionary<string, Layer>> Loaded = new(() =>
        new[] { "ne_110m_admin_0_countries", "ne_110m_populated_places_simple", "ne_110m_rivers_lake_centerlines" }
            .ToDictionary(name => name, Load));

    public static Layer Layer(string name) => Loaded.Value[name];

    public static IEnumerable<Layer> Layers => Loaded.Value.Values;

    private static Layer Load(string name)
    {
        byte[] json = File.ReadAllBytes(Path.Combine(Directory, "data", name + ".geojson"));
        using var document = JsonDocument.Parse(json);
        var metadata = new CollectionMetadata
        {
            Id = name, Title = name, Description = "CQL2 test data", License = "public domain", Attribution = "Natural Earth",
            Source = "OGC 21-065r2 Annex A", GeometryType = "Geometry", GeometryQueryable = "geom",
            Queryables = QueryableAccumulator.Derive(document.RootElement.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("properties"))),
        };
        return Maps.Core.Layers.Layer.FromGeoJson(metadata, json, "test");
    }

    /// <summary>Rows of a TSV file of tests/cql2.</summary>
    public static IEnumerable<string[]> Rows(string file) =>
        File.ReadLines(Path.Combine(Directory, file)).Where(line => line.Length > 0).Select(line => line.Split('\t'));
}
