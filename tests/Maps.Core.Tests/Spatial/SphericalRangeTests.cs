using CsCheck;
using Maps.Core.Geodesy;
using Maps.Core.Spatial;

namespace Maps.Core.Tests.Spatial;

/// <summary>
/// Range queries (count and weighted sum of the features within d) against the brute-force twin,
/// which measures every primitive, and against haversine for bare points.
/// </summary>
public class SphericalRangeTests
{
    private static List<IndexedFeature> Weighted(List<IndexedFeature> features, int seed)
    {
        var random = new Random(seed);
        return features.Select(f => f with { Weight = random.Next(0, 50_000) }).ToList();
    }

    [Theory]
    [InlineData(1, -90.0, 90.0, 5.0, 500.0)]   // global, long edges, wide radius
    [InlineData(2, 60.0, 90.0, 3.0, 300.0)]    // up to the pole
    [InlineData(4, -10.0, 30.0, 0.3, 400.0)]   // short edges (backbone-like)
    public void Counts_and_sums_match_brute_force_on_random_lines_and_points(int seed, double minLat, double maxLat, double step, double maxRadiusKm)
    {
        var features = Weighted(Geo.RandomFeatures(seed, 400, minLat, maxLat, step), seed);
        var index = SphericalIndex.Build(features);
        var brute = BruteForceNearest.Build(features);
        var random = new Random(seed * 31);
        long found = 0;

        for (int q = 0; q < 1_000; q++)
        {
            double lon = random.NextDouble() * 360 - 180;
            double lat = minLat + random.NextDouble() * (maxLat - minLat);
            double radius = random.NextDouble() * maxRadiusKm;
            var expected = brute.Within(lon, lat, radius);
            var actual = index.Within(lon, lat, radius);

            Assert.Equal(expected.Count, actual.Count);
            Assert.Equal(expected.WeightSum, actual.WeightSum); // integer weights: sums are exact in any order
            found += actual.Count;
        }
        Assert.True(found > 300, $"the radii should reach features ({found} found)");
    }

    [Fact]
    public void Several_radii_in_one_search_equal_one_search_per_radius()
    {
        var features = Weighted(Geo.RandomFeatures(7, 500, -40, 40, 0.5), 7);
        var index = SphericalIndex.Build(features);
        var random = new Random(7);
        double[] radii = [1, 20, 5, 200, 0];
        var totals = new RangeTotals[radii.Length];

        for (int q = 0; q < 500; q++)
        {
            double lon = random.NextDouble() * 360 - 180, lat = random.NextDouble() * 80 - 40;
            index.Within(lon, lat, radii, totals);
            for (int r = 0; r < radii.Length; r++)
                Assert.Equal(index.Within(lon, lat, radii[r]), totals[r]);
        }
    }

    [Fact]
    public void Bare_points_with_unsorted_radii_in_one_search_equal_brute_force_per_radius()
    {
        // Dense clusters, so that whole tree nodes fall inside the larger radii and are counted from their totals.
        var random = new Random(17);
        var points = Enumerable.Range(0, 20_000).Select(i => new LonLat(
            (i % 4) * 40 - 60 + random.NextDouble() * 0.6, (i % 3) * 20 - 20 + random.NextDouble() * 0.6)).ToArray();
        var weights = points.Select((_, i) => (double)(i % 7)).ToArray();
        var index = SphericalIndex.FromPoints(points, weights);
        var brute = BruteForceNearest.FromPoints(points, weights);
        double[] radii = [5, 0.5, 40, 0, 12, 5];
        var totals = new RangeTotals[radii.Length];

        for (int q = 0; q < 60; q++)
        {
            var query = points[random.Next(points.Length)];
            index.Within(query.Lon, query.Lat, radii, totals);
            for (int r = 0; r < radii.Length; r++)
                Assert.Equal(brute.Within(query.Lon, query.Lat, radii[r]), totals[r]);
        }
        Assert.True(index.Within(points[0].Lon, points[0].Lat, 40).Count > 500, "the clusters are dense");
    }

    [Fact]
    public void A_line_with_many_arcs_in_range_counts_once_with_its_weight_once()
    {
        var zigzag = Geo.Line((0, 0), (0.01, 0.01), (0.02, 0), (0.03, 0.01), (0.04, 0), (0.05, 0.01));
        var index = SphericalIndex.Build([Geo.Feature("zigzag", zigzag) with { Weight = 7 }, Geo.Feature("far", Geo.Point(10, 10)) with { Weight = 5 }]);

        Assert.Equal(new RangeTotals(1, 7), index.Within(0.025, 0.005, 50));
        Assert.Equal(new RangeTotals(2, 12), index.Within(0.025, 0.005, 2_000));
        Assert.Equal(new RangeTotals(0, 0), index.Within(5, 5, 1));
    }

    [Fact]
    public void The_radius_is_inclusive_and_zero_finds_a_point_exactly_there()
    {
        var index = SphericalIndex.FromPoints([new LonLat(36.8, -1.3), new LonLat(36.8, -1.3), new LonLat(36.9, -1.3)]);

        Assert.Equal(2, index.Within(36.8, -1.3, 0).Count); // two rows at one place are two features
        double apart = Sphere.DistanceKm(36.8, -1.3, 36.9, -1.3);
        Assert.Equal(3, index.Within(36.8, -1.3, apart * (1 + 1e-12)).Count);
        Assert.Equal(2, index.Within(36.8, -1.3, apart * (1 - 1e-9)).Count);
    }

    [Fact]
    public void Points_across_the_antimeridian_and_the_pole_are_near()
    {
        var index = SphericalIndex.FromPoints([new LonLat(179.99, 10), new LonLat(-179.99, 10), new LonLat(0, 89.99), new LonLat(180, 89.99)]);

        Assert.Equal(2, index.Within(180, 10, 2).Count);
        Assert.Equal(2, index.Within(90, 90, 1.2).Count);
    }

    [Fact]
    public void Bare_points_agree_with_haversine_counting_and_their_ids_are_their_positions()
    {
        var random = new Random(5);
        var points = Enumerable.Range(0, 3_000).Select(_ => new LonLat(33 + random.NextDouble() * 9, -5 + random.NextDouble() * 10)).ToArray();
        var weights = points.Select((_, i) => (double)(i % 13)).ToArray();
        var index = SphericalIndex.FromPoints(points, weights, "schools");
        var queries = points.Take(300).ToArray();
        double[] radii = [1, 2, 3, 10, 25];

        var totals = index.WithinMany(queries, radii);

        for (int q = 0; q < queries.Length; q++)
        {
            for (int r = 0; r < radii.Length; r++)
            {
                // Haversine is a second formula: only a point within 1e-9 km of the circle could disagree.
                var inside = Enumerable.Range(0, points.Length)
                    .Where(i => Sphere.DistanceKm(queries[q].Lon, queries[q].Lat, points[i].Lon, points[i].Lat) <= radii[r]).ToArray();
                Assert.Equal(inside.Length, totals[q * radii.Length + r].Count);
                Assert.Equal(inside.Sum(i => weights[i]), totals[q * radii.Length + r].WeightSum);
            }
        }
        var nearest = index.Nearest(points[42].Lon, points[42].Lat)[0];
        Assert.Equal(("schools", "42", 0.0), (nearest.CollectionId, nearest.FeatureId, nearest.DistanceKm));
    }

    [Fact]
    public void Random_sets_and_queries_agree_with_brute_force()
    {
        var position = Gen.Select(Gen.Double[-180, 180], Gen.Double[-90, 90], (lon, lat) => new LonLat(lon, lat));
        var near = Gen.Select(Gen.Double[-0.5, 0.5], Gen.Double[-0.5, 0.5]);
        Gen.Select(position, near.Array[1, 60], Gen.Double[0, 80], Gen.Int[0, 1_000]).Sample((centre, offsets, radius, seed) =>
        {
            var points = offsets.Select(o => new LonLat(Geo.Wrap(centre.Lon + o.Item1), Math.Clamp(centre.Lat + o.Item2, -90, 90))).ToArray();
            var weights = points.Select((_, i) => (double)((seed + i) % 17)).ToArray();
            var index = SphericalIndex.FromPoints(points, weights);
            var brute = BruteForceNearest.FromPoints(points, weights);
            foreach (var query in points.Take(5).Append(centre))
                Assert.Equal(brute.Within(query.Lon, query.Lat, radius), index.Within(query.Lon, query.Lat, radius));
        }, iter: 300);
    }

    [Fact]
    public void Bad_queries_are_argument_errors()
    {
        var index = SphericalIndex.FromPoints([new LonLat(0, 0)]);

        Assert.Throws<ArgumentOutOfRangeException>(() => index.Within(0, 0, -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => index.Within(0, 0, double.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => index.Within(0, 91, 1));
        Assert.Throws<ArgumentException>(() => index.WithinMany([new LonLat(0, 0)], []));
        Assert.Throws<ArgumentOutOfRangeException>(() => index.WithinMany([new LonLat(0, double.NaN)], [1]));
        Assert.Throws<ArgumentException>(() => SphericalIndex.FromPoints([new LonLat(0, 0)], [double.PositiveInfinity]));
        Assert.Equal(new RangeTotals(0, 0), SphericalIndex.FromPoints([]).Within(0, 0, 100));
    }
}
