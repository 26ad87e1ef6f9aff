using System.Text.Json;
using Maps.Core.Analysis;
using Maps.Core.Geodesy;
using Maps.Core.Layers;
using Maps.Core.Spatial;
using NetTopologySuite.Geometries;

namespace Maps.Core.Tests.Analysis;

/// <summary>
/// The roles the shipped layers do not exercise, on layers made here: a planner's own collections (a <c>-</c>
/// suffix), cell sites by generation, microwave links and their km, and a feature with no country (counted nowhere).
/// Every expected figure is counted here from the rows themselves.
/// </summary>
public class CountryStatisticsTests
{
    private static readonly GeometryFactory Factory = new(new PrecisionModel(), 4326);

    private static CollectionMetadata Meta(string id, string type) => new()
    {
        Id = id, Title = id, Description = "", License = "CC0-1.0", Attribution = "tests", Source = "tests", GeometryType = type,
    };

    private static JsonElement P(string json) => JsonDocument.Parse(json).RootElement;

    [Fact]
    public void A_planners_own_layers_count_by_role_and_cell_sites_by_generation()
    {
        var fibreLine = Factory.CreateLineString([new(36.80, -1.30), new(37.00, -1.10)]);
        var fibre = TestLayers.From(Meta("fibre-links-ken", "LineString"),
        [
            ("f1", fibreLine, P("""{"status":"operational","country":"KEN","length_km":31.4}""")),
            ("f2", Factory.CreateLineString([new(35.0, 0.5), new(35.2, 0.6)]), P("""{"status":"planned","country":"KEN","length_km":24.9}""")),
            ("f3", Factory.CreateLineString([new(32.5, 0.3), new(32.6, 0.4)]), P("""{"status":"operational","country":"UGA","length_km":15.7}""")),
        ]);
        var radios = new[] { "4G", "4G", "5G", "2G" };
        var cells = TestLayers.From(Meta("cell-sites-ken", "Point"),
            radios.Select((r, i) => ($"c{i}", (Geometry)Factory.CreatePoint(new Coordinate(36.8 + i * 0.01, -1.3)), P($$"""{"radio_type":"{{r}}","country":"KEN"}"""))));
        var microwave = TestLayers.From(Meta("microwave-links", "LineString"),
        [
            ("m1", Factory.CreateLineString([new(36.0, -1.0), new(36.1, -1.0)]), P("""{"country":"KEN","length_km":11.1}""")),
            ("m2", Factory.CreateLineString([new(36.2, -1.0), new(36.3, -1.0)]), P("""{"length_km":11.1}""")),
        ]);
        var schools = TestLayers.From(Meta("ken-schools", "Point"),
        [
            ("s1", Factory.CreatePoint(new Coordinate(36.90, -1.20)), P("""{"country":"KEN"}""")),
            ("s2", Factory.CreatePoint(new Coordinate(38.50, 0.50)), P("""{"country":"KEN"}""")),
        ]);
        var layers = new LayerSet([fibre, cells, microwave, schools]);
        var index = SphericalIndex.FromLayers([fibre], new IndexSelection(["fibre-links-ken"], ["operational"]));
        var nearest = BruteForceNearest.FromLayers([fibre], new IndexSelection(["fibre-links-ken"], ["operational"]));

        var profiles = CountryStatistics.Compute(layers, index, [], ["fibre-links-ken@test"]);

        var kenya = profiles["KEN"];
        Assert.Equal(31.4, kenya.Figure("fibre", "km operational"));
        Assert.Equal(24.9, kenya.Figure("fibre", "km planned"));
        Assert.Equal(15.7, profiles["UGA"].Figure("fibre", "km operational"));
        foreach (var generation in radios.GroupBy(r => r))
            Assert.Equal(generation.Count(), kenya.Figure("cell sites", generation.Key));
        Assert.Equal(1, kenya.Figure("microwave", "links"));
        Assert.Equal(11.1, kenya.Figure("microwave", "km"));
        double[] distances = [nearest.NearestDistanceKm(new LonLat(36.90, -1.20)), nearest.NearestDistanceKm(new LonLat(38.50, 0.50))];
        foreach (double km in CountryStatistics.SchoolDistancesKm)
            Assert.Equal(distances.Count(d => d <= km), kenya.Figure("schools: ken-schools", $"within {km:0} km of operational fibre"));
        Assert.Equal(distances.Count(d => d > 25), kenya.Figure("schools: ken-schools", "beyond 25 km"));
        Assert.Equal(["fibre-links-ken@test", "ken-schools@" + schools.Version], kenya.Sections.Single(s => s.Section == "schools: ken-schools").Figures[0].Sources);
        Assert.DoesNotContain(profiles.Keys, k => k is "unknown" or "");
    }
}
