using Maps.Core.Geodesy;
using Maps.Core.Spatial;

namespace Maps.Core.Tests.Spatial;

/// <summary>Edge cases and traps of nearest-feature search on the sphere.</summary>
public class SphericalIndexTests
{
    private const double Tolerance = 1e-9;

    [Fact]
    public void Near_the_pole_the_true_nearest_beats_the_lon_lat_nearest()
    {
        // From (0, 85): "east" is 20° of longitude away (~194 km at 85°N), "south" only 5° of
        // latitude (~556 km). A lon/lat box distance would pick "south".
        var index = SphericalIndex.Build([Geo.Feature("east", Geo.Point(20, 85)), Geo.Feature("south", Geo.Point(0, 80))]);
        Assert.True(double.Hypot(20, 0) > double.Hypot(0, 5));

        var nearest = index.Nearest(0, 85);

        Assert.Equal("east", nearest[0].FeatureId);
        Assert.Equal(Sphere.DistanceKm(0, 85, 20, 85), nearest[0].DistanceKm, 1e-6);
    }

    [Fact]
    public void Near_the_pole_a_line_beats_a_lon_lat_closer_vertex()
    {
        // A line at 89°N across 170° of longitude passes near the pole; its great-circle arc bulges
        // far north of its vertices, so it is nearer to (0, 89.9) than a point 1° of latitude south.
        var index = SphericalIndex.Build([
            Geo.Feature("arc", Geo.Line((95, 88), (-95, 88))),
            Geo.Feature("point", Geo.Point(0, 88.5)),
        ]);

        var nearest = index.Nearest(0, 89.9);

        // The arc passes about 0.17° from the pole on the 180° side: ~30 km from the query, against ~155 km for the point.
        Assert.Equal("arc", nearest[0].FeatureId);
        Assert.InRange(nearest[0].DistanceKm, 25, 35);
        Assert.True(nearest[0].ClosestLat > 89.5);
        Assert.Equal(nearest[0].DistanceKm, Sphere.DistanceKm(0, 89.9, nearest[0].ClosestLon, nearest[0].ClosestLat), 1e-6);
    }

    [Fact]
    public void Across_the_antimeridian_the_distance_is_short()
    {
        var index = SphericalIndex.Build([
            Geo.Feature("cable", Geo.Line((-179.9, -1), (-179.9, 1))),
            Geo.Feature("far", Geo.Point(179.0, 30)),
        ]);

        var nearest = index.Nearest(179.9, 0);

        Assert.Equal("cable", nearest[0].FeatureId);
        Assert.Equal(0.2 * Sphere.DegreesToRadians * Sphere.RadiusKm, nearest[0].DistanceKm, 1e-6);
        Assert.Equal(-179.9, nearest[0].ClosestLon, 1e-9);
        Assert.Equal(0, nearest[0].ClosestLat, 1e-9);
    }

    [Theory]
    [InlineData(5.0, 0.0)]
    [InlineData(0.0, 0.0)]
    [InlineData(10.0, 0.0)]
    public void A_point_on_the_line_is_at_distance_zero(double lon, double lat)
    {
        var index = SphericalIndex.Build([Geo.Feature("equator", Geo.Line((0, 0), (10, 0)))]);

        var nearest = index.Nearest(lon, lat);

        Assert.Equal(0, nearest[0].DistanceKm, Tolerance);
        Assert.Equal(lon, nearest[0].ClosestLon, 1e-9);
    }

    [Fact]
    public void A_point_on_an_oblique_arc_is_at_distance_zero()
    {
        var index = SphericalIndex.Build([Geo.Feature("oblique", Geo.Line((-3.2, 5.1), (7.9, 14.6), (12.0, 9.0)))]);
        var (lon, lat) = Midpoint(-3.2, 5.1, 7.9, 14.6);

        var nearest = index.Nearest(lon, lat);

        Assert.Equal(0, nearest[0].DistanceKm, Tolerance);
    }

    [Fact]
    public void A_point_on_a_vertex_is_at_distance_zero_and_reports_the_vertex()
    {
        var index = SphericalIndex.Build([Geo.Feature("line", Geo.Line((-3.2, 5.1), (7.9, 14.6), (12.0, 9.0)))]);

        var nearest = index.Nearest(7.9, 14.6);

        Assert.Equal(0, nearest[0].DistanceKm);
        Assert.Equal((7.9, 14.6), (nearest[0].ClosestLon, nearest[0].ClosestLat));
    }

    [Fact]
    public void Zero_length_edges_are_points()
    {
        // (NTS refuses single-vertex LineStrings, so a line of two equal vertices is the degenerate case.)
        var index = SphericalIndex.Build([
            Geo.Feature("stub", Geo.Line((1, 1), (1, 1))),
            Geo.Feature("single", Geo.Line((3, 3), (3, 3), (3, 3))),
            Geo.Feature("repeated", Geo.Line((10, 10), (10, 10), (11, 10))),
        ]);

        Assert.Equal("stub", index.Nearest(1.1, 1)[0].FeatureId);
        Assert.Equal(Sphere.DistanceKm(1.1, 1, 1, 1), index.Nearest(1.1, 1)[0].DistanceKm, 1e-9);
        Assert.Equal("single", index.Nearest(3, 3.2)[0].FeatureId);
        var (lon, lat) = Midpoint(10, 10, 11, 10);
        Assert.Equal(0, index.Nearest(lon, lat)[0].DistanceKm, Tolerance);
    }

    [Fact]
    public void MultiPoints_MultiLineStrings_and_polygon_boundaries_are_indexed()
    {
        var f = Layers.GeoJsonOptions.Factory;
        var index = SphericalIndex.Build([
            Geo.Feature("multipoint", f.CreateMultiPointFromCoords([new(0, 0), new(50, 50)])),
            Geo.Feature("multiline", f.CreateMultiLineString([Geo.Line((100, 0), (101, 0)), Geo.Line((-100, 0), (-101, 0))])),
            Geo.Feature("polygon", f.CreatePolygon([new(20, -20), new(22, -20), new(22, -22), new(20, -20)])),
        ]);

        Assert.Equal("multipoint", index.Nearest(50, 50.1)[0].FeatureId);
        Assert.Equal(0, index.Nearest(-100.5, 0)[0].DistanceKm, Tolerance);
        Assert.Equal("polygon", index.Nearest(22, -21)[0].FeatureId);
        Assert.Equal(0, index.Nearest(22, -21)[0].DistanceKm, Tolerance);
    }

    [Fact]
    public void K_larger_than_the_layer_returns_every_feature_in_order()
    {
        var index = SphericalIndex.Build([
            Geo.Feature("c", Geo.Point(3, 0)),
            Geo.Feature("a", Geo.Line((1, -1), (1, 1))),
            Geo.Feature("b", Geo.Point(2, 0)),
        ]);

        var nearest = index.Nearest(0, 0, k: 10);

        Assert.Equal(["a", "b", "c"], nearest.Select(r => r.FeatureId));
    }

    [Fact]
    public void K_counts_features_not_segments()
    {
        var index = SphericalIndex.Build([
            Geo.Feature("long", Geo.Line((0, 1), (1, 1), (2, 1), (3, 1))),
            Geo.Feature("other", Geo.Point(0, 5)),
        ]);

        var nearest = index.Nearest(1.5, 0, k: 2);

        Assert.Equal(["long", "other"], nearest.Select(r => r.FeatureId));
    }

    [Theory]
    [InlineData(50.0, 0)]
    [InlineData(110.0, 0)]
    [InlineData(112.0, 1)]
    public void MaxDistance_excludes_farther_features(double maxKm, int expected)
    {
        var index = SphericalIndex.Build([Geo.Feature("one-degree", Geo.Point(1, 0))]); // 111.195 km away

        Assert.Equal(expected, index.Nearest(0, 0, maxDistanceKm: maxKm).Count);
        Assert.Equal(expected == 1, index.TryNearest(0, 0, out _, maxKm));
    }

    [Fact]
    public void Equal_distances_are_won_by_the_smaller_id()
    {
        var index = SphericalIndex.Build([Geo.Feature("b", Geo.Point(1, 0)), Geo.Feature("a", Geo.Point(-1, 0))]);

        Assert.Equal("a", index.Nearest(0, 0)[0].FeatureId);
        Assert.Equal(["a", "b"], index.Nearest(0, 0, 2).Select(r => r.FeatureId));
    }

    [Fact]
    public void Distances_within_the_tie_tolerance_are_won_by_the_smaller_id()
    {
        // "a" is farther by 1e-12 relative: a tie, and "a" is the smaller id.
        var index = SphericalIndex.Build([Geo.Feature("b", Geo.Point(1, 0)), Geo.Feature("a", Geo.Point(-1 - 1e-12, 0))]);

        Assert.Equal("a", index.Nearest(0, 0)[0].FeatureId);
    }

    [Fact]
    public void Ties_across_collections_are_won_by_the_smaller_collection()
    {
        var index = SphericalIndex.Build([
            Geo.Feature("x", Geo.Point(1, 0), "transmission-nodes"),
            Geo.Feature("y", Geo.Line((-1, -1), (-1, 1)), "fibre-links"),
        ]);

        Assert.Equal("fibre-links", index.Nearest(0, 0)[0].CollectionId);
    }

    [Fact]
    public void A_clearly_nearer_feature_wins_over_a_smaller_id()
    {
        var index = SphericalIndex.Build([Geo.Feature("b", Geo.Point(1, 0)), Geo.Feature("a", Geo.Point(-1.000001, 0))]);

        Assert.Equal("b", index.Nearest(0, 0)[0].FeatureId);
    }

    [Fact]
    public void Empty_index_finds_nothing()
    {
        var index = SphericalIndex.Build([]);

        Assert.Empty(index.Nearest(0, 0, 3));
        Assert.False(index.TryNearest(0, 0, out _));
        Assert.Equal([double.PositiveInfinity], index.NearestDistancesKm([new LonLat(0, 0)]));
    }

    [Theory]
    [InlineData(0.0, 90.0)]
    [InlineData(0.0, -90.0)]
    [InlineData(180.0, 0.0)]
    [InlineData(-180.0, 0.0)]
    public void Queries_at_poles_and_the_antimeridian_match_haversine(double lon, double lat)
    {
        var index = SphericalIndex.Build([Geo.Feature("p", Geo.Point(179.5, 45)), Geo.Feature("q", Geo.Point(-60, -80))]);

        var nearest = index.Nearest(lon, lat, 2);

        foreach (var r in nearest)
            Assert.Equal(Sphere.DistanceKm(lon, lat, r.ClosestLon, r.ClosestLat), r.DistanceKm, 1e-6);
        Assert.True(nearest[0].DistanceKm <= nearest[1].DistanceKm);
    }

    [Fact]
    public void Duplicate_ids_in_one_collection_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => SphericalIndex.Build([Geo.Feature("a", Geo.Point(0, 0)), Geo.Feature("a", Geo.Point(1, 1))]));
    }

    [Theory]
    [InlineData(0.0, 91.0, 1)]
    [InlineData(double.NaN, 0.0, 1)]
    [InlineData(0.0, 0.0, 0)]
    public void Invalid_queries_are_rejected(double lon, double lat, int k)
    {
        var index = SphericalIndex.Build([Geo.Feature("a", Geo.Point(0, 0))]);

        Assert.Throws<ArgumentOutOfRangeException>(() => index.Nearest(lon, lat, k));
    }

    [Fact]
    public void Bulk_queries_reject_an_invalid_point_before_running()
    {
        var index = SphericalIndex.Build([Geo.Feature("a", Geo.Point(0, 0))]);
        LonLat[] points = [new(0, 0), new(0, 95)];

        Assert.Throws<ArgumentOutOfRangeException>(() => index.NearestDistancesKm(points));
        Assert.Throws<ArgumentOutOfRangeException>(() => index.NearestMany(points));
    }

    internal static (double Lon, double Lat) Midpoint(double lon1, double lat1, double lon2, double lat2)
    {
        double d = Math.PI / 180;
        double x = Math.Cos(lat1 * d) * Math.Cos(lon1 * d) + Math.Cos(lat2 * d) * Math.Cos(lon2 * d);
        double y = Math.Cos(lat1 * d) * Math.Sin(lon1 * d) + Math.Cos(lat2 * d) * Math.Sin(lon2 * d);
        double z = Math.Sin(lat1 * d) + Math.Sin(lat2 * d);
        return (Math.Atan2(y, x) / d, Math.Atan2(z, Math.Sqrt(x * x + y * y)) / d);
    }
}
