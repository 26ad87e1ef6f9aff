using Maps.Core.Spatial;

namespace Maps.Core.Tests.Spatial;

/// <summary>The index against the brute-force scan (same exact formula, no tree) on random data with fixed seeds.</summary>
public class SphericalIndexExactnessTests
{
    [Theory]
    [InlineData(1, -90.0, 90.0, 5.0)]    // global spread, long edges
    [InlineData(2, 60.0, 90.0, 3.0)]     // high latitudes up to the pole
    [InlineData(3, -90.0, -70.0, 8.0)]   // around the south pole
    [InlineData(4, -10.0, 30.0, 0.3)]    // dense, short edges (backbone-like)
    public void Nearest_matches_brute_force_on_random_data(int seed, double minLat, double maxLat, double step)
    {
        var features = Geo.RandomFeatures(seed, 400, minLat, maxLat, step);
        var index = SphericalIndex.Build(features);
        var brute = BruteForceNearest.Build(features);
        var random = new Random(seed * 7919);

        for (int q = 0; q < 2_000; q++)
        {
            double lon = random.NextDouble() * 360 - 180;
            double lat = q % 2 == 0 ? minLat + random.NextDouble() * (maxLat - minLat) : Math.Asin(random.NextDouble() * 2 - 1) * 180 / Math.PI;
            var expected = brute.Nearest(lon, lat);
            var actual = index.Nearest(lon, lat);

            Assert.Single(actual);
            Assert.Equal((expected[0].CollectionId, expected[0].FeatureId), (actual[0].CollectionId, actual[0].FeatureId));
            Assert.Equal(expected[0].DistanceKm, actual[0].DistanceKm, 1e-9);
        }
    }

    [Theory]
    [InlineData(11, 3)]
    [InlineData(12, 10)]
    public void K_nearest_matches_brute_force(int seed, int k)
    {
        var features = Geo.RandomFeatures(seed, 300, -90, 90, 4);
        var index = SphericalIndex.Build(features);
        var brute = BruteForceNearest.Build(features);
        var random = new Random(seed);

        for (int q = 0; q < 1_000; q++)
        {
            double lon = random.NextDouble() * 360 - 180, lat = random.NextDouble() * 180 - 90;
            var expected = brute.Nearest(lon, lat, k);
            var actual = index.Nearest(lon, lat, k);

            Assert.Equal(expected.Select(r => r.FeatureId), actual.Select(r => r.FeatureId));
            Assert.Equal(k, actual.Select(r => r.FeatureId).Distinct().Count());
        }
    }

    [Fact]
    public void Capped_nearest_matches_brute_force()
    {
        var features = Geo.RandomFeatures(21, 300, -60, 60, 1);
        var index = SphericalIndex.Build(features);
        var brute = BruteForceNearest.Build(features);
        var random = new Random(21);

        for (int q = 0; q < 1_000; q++)
        {
            double lon = random.NextDouble() * 360 - 180, lat = random.NextDouble() * 120 - 60;
            var expected = brute.Nearest(lon, lat, 2, maxDistanceKm: 300);
            var actual = index.Nearest(lon, lat, 2, maxDistanceKm: 300);

            Assert.Equal(expected.Select(r => r.FeatureId), actual.Select(r => r.FeatureId));
            Assert.All(actual, r => Assert.InRange(r.DistanceKm, 0, 300));
        }
    }

    [Fact]
    public void Bulk_distances_match_single_queries()
    {
        var features = Geo.RandomFeatures(31, 200, -30, 30, 2);
        var index = SphericalIndex.Build(features);
        var random = new Random(31);
        var points = Enumerable.Range(0, 5_000).Select(_ => new Geodesy.LonLat(random.NextDouble() * 360 - 180, random.NextDouble() * 60 - 30)).ToArray();

        double[] distances = index.NearestDistancesKm(points, 500);
        var many = index.NearestMany(points, 500);

        for (int i = 0; i < points.Length; i++)
        {
            var single = index.Nearest(points[i].Lon, points[i].Lat, 1, 500);
            Assert.Equal(single.Count == 0 ? double.PositiveInfinity : single[0].DistanceKm, distances[i]);
            Assert.Equal(single.Count == 0 ? null : single[0], many[i]);
        }
    }
}
