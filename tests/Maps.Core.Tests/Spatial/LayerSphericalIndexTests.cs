using System.Globalization;
using System.Text;
using Maps.Core.Layers;
using Maps.Core.Spatial;

namespace Maps.Core.Tests.Spatial;

/// <summary>
/// The index of layers' features (<see cref="SphericalIndex.FromLayers"/>: ranks from each layer's
/// id order, ids read from the file) against the index and the brute force of the same features
/// listed with their ids (<see cref="IndexedFeature.FromLayers(IEnumerable{Layer}, IndexSelection)"/>:
/// ranks from sorting the strings). Coordinates on a coarse grid make many exact ties, so the tie
/// rule (smaller collection, then id) is exercised.
/// </summary>
public class LayerSphericalIndexTests
{
    private static readonly string[] Statuses = ["operational", "planned", "unknown"];

    private static Layer RandomLayer(string id, int seed, int count, bool lines)
    {
        var random = new Random(seed);
        string F(double value) => value.ToString("R", CultureInfo.InvariantCulture);
        string Coordinate() => $"[{F(random.Next(-8, 9) * 0.5)},{F(random.Next(-8, 9) * 0.5)}]";
        var features = Enumerable.Range(0, count).Select(i =>
        {
            string geometry = lines && random.Next(2) == 0
                ? $$"""{"type":"LineString","coordinates":[{{Coordinate()}},{{Coordinate()}},{{Coordinate()}}]}"""
                : $$"""{"type":"Point","coordinates":{{Coordinate()}}}""";
            string population = random.Next(4) == 0 ? "null" : random.Next(0, 5000).ToString(CultureInfo.InvariantCulture);
            return $$"""{"type":"Feature","id":"{{id[0]}}{{random.Next(0, count * 3):D6}}-{{i}}","properties":{"status":"{{Statuses[random.Next(3)]}}","population":{{population}}},"geometry":{{geometry}}}""";
        });
        string json = $$"""{"type":"FeatureCollection","features":[{{string.Join(",", features)}}]}""";
        var metadata = new CollectionMetadata
        {
            Id = id, Title = id, Description = "Synthetic", License = "CC0-1.0", Attribution = "tests", Source = "tests", GeometryType = lines ? "LineString" : "Point",
        };
        return Layer.FromGeoJson(metadata, Encoding.UTF8.GetBytes(json));
    }

    private static readonly Layer[] Layers =
    [
        RandomLayer("nodes", 1, 1_500, lines: false),
        RandomLayer("empty", 2, 0, lines: false),
        RandomLayer("links", 3, 700, lines: true),
    ];

    public static TheoryData<string, string?> Selections => new()
    {
        { "", null },
        { "operational,planned", null },
        { "", "population" },
        { "unknown", "population" },
    };

    [Theory]
    [MemberData(nameof(Selections))]
    public void Nearest_answers_match_the_index_of_listed_features(string statuses, string? weight)
    {
        var selection = new IndexSelection(Layers.Select(l => l.Id), statuses.Split(',', StringSplitOptions.RemoveEmptyEntries), weightProperty: weight);
        var fromLayers = SphericalIndex.FromLayers(Layers, selection);
        var listed = SphericalIndex.Build(IndexedFeature.FromLayers(Layers, selection));
        Assert.Equal(listed.FeatureCount, fromLayers.FeatureCount);
        Assert.Equal(listed.PrimitiveCount, fromLayers.PrimitiveCount);

        var random = new Random(statuses.Length * 31 + (weight?.Length ?? 0));
        for (int q = 0; q < 300; q++)
        {
            // Half the queries on the grid itself: exact ties at distance 0 and beyond.
            double lon = q % 2 == 0 ? random.Next(-8, 9) * 0.5 : random.NextDouble() * 10 - 5;
            double lat = q % 2 == 0 ? random.Next(-8, 9) * 0.5 : random.NextDouble() * 10 - 5;
            Assert.Equal(listed.Nearest(lon, lat, 7), fromLayers.Nearest(lon, lat, 7));
        }
    }

    [Theory]
    [MemberData(nameof(Selections))]
    public void Range_totals_match_the_brute_force(string statuses, string? weight)
    {
        var selection = new IndexSelection(Layers.Select(l => l.Id), statuses.Split(',', StringSplitOptions.RemoveEmptyEntries), weightProperty: weight);
        var fromLayers = SphericalIndex.FromLayers(Layers, selection);
        var brute = BruteForceNearest.Build(IndexedFeature.FromLayers(Layers, selection));
        var pointsOnly = SphericalIndex.FromLayers(Layers.Where(l => l.IsPoints), selection);
        var pointsBrute = BruteForceNearest.FromLayers(Layers.Where(l => l.IsPoints), selection);

        var random = new Random(7);
        double[] radii = [0, 10, 55.6, 120, 400];
        Span<RangeTotals> totals = stackalloc RangeTotals[radii.Length];
        Span<RangeTotals> pointTotals = stackalloc RangeTotals[radii.Length];
        for (int q = 0; q < 100; q++)
        {
            double lon = random.Next(-10, 11) * 0.5, lat = random.NextDouble() * 8 - 4;
            fromLayers.Within(lon, lat, radii, totals);
            pointsOnly.Within(lon, lat, radii, pointTotals);
            for (int r = 0; r < radii.Length; r++)
            {
                Assert.Equal(brute.Within(lon, lat, radii[r]), totals[r]);
                Assert.Equal(pointsBrute.Within(lon, lat, radii[r]), pointTotals[r]);
            }
        }
    }

    [Fact]
    public void Answers_name_the_feature_by_its_stored_id()
    {
        var selection = new IndexSelection(Layers.Select(l => l.Id));
        var index = SphericalIndex.FromLayers(Layers, selection);
        foreach (var layer in Layers.Where(l => l.Count > 0))
        {
            foreach (var feature in layer.ReadAll().Where((_, i) => i % 97 == 0))
            {
                var point = feature.Geometry.Coordinates[0];
                var nearest = index.Nearest(point.X, point.Y, 50);
                Assert.Contains(nearest, r => r.CollectionId == layer.Id && r.FeatureId == feature.Id && r.DistanceKm == 0);
            }
        }
    }
}
