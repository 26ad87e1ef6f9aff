using Maps.Core.Analysis;
using Maps.Core.Geodesy;
using Maps.Core.Spatial;
using Maps.Core.Tests.Spatial;

namespace Maps.Core.Tests.Analysis;

public class CoverageCalculatorTests
{
    private static readonly double KmPerDegree = Sphere.RadiusKm * Sphere.DegreesToRadians;

    private static PopulationPoint At(double km, double population, string country) => new(5, km / KmPerDegree, population, country);

    [Fact]
    public void Population_is_counted_within_each_distance_per_country()
    {
        var index = SphericalIndex.Build([Geo.Feature("equator", Geo.Line((0, 0), (10, 0)))]);
        PopulationPoint[] points = [At(5, 100, "NGA"), At(20, 200, "NGA"), At(60, 300, "NGA"), At(200, 400, "NGA"), At(30, 1000, "GHA")];

        var report = CoverageCalculator.Calculate(index, points, [100, 10, 25, 50]);

        Assert.Equal([10.0, 25, 50, 100], report.DistancesKm);
        Assert.Equal(["GHA", "NGA"], report.Countries.Select(c => c.Country));
        var nga = report.Countries[1];
        Assert.Equal(1000, nga.TotalPopulation);
        Assert.Equal([100.0, 300, 300, 600], nga.PopulationWithin);
        Assert.Equal([0.1, 0.3, 0.3, 0.6], nga.Shares);
        Assert.Equal([0.0, 0, 1000, 1000], report.Countries[0].PopulationWithin);
        Assert.Equal(2000, report.Total.TotalPopulation);
        Assert.Equal([100.0, 300, 1300, 1600], report.Total.PopulationWithin);
    }

    [Fact]
    public void Coverage_matches_brute_force_on_random_points()
    {
        var features = Geo.RandomFeatures(41, 200, 0, 30, 1);
        var index = SphericalIndex.Build(features);
        var brute = BruteForceNearest.Build(features);
        var random = new Random(41);
        var points = Enumerable.Range(0, 2_000)
            .Select(i => new PopulationPoint(random.NextDouble() * 360 - 180, random.NextDouble() * 30, random.Next(1, 1000), i % 3 == 0 ? "NGA" : "GHA"))
            .ToArray();
        double[] distances = [10, 25, 50, 100];

        var report = CoverageCalculator.Calculate(index, points, distances);

        var expected = new double[distances.Length];
        foreach (var p in points.Where(p => p.Country == "NGA"))
        {
            double d = brute.NearestDistanceKm(new LonLat(p.Lon, p.Lat));
            for (int i = 0; i < distances.Length; i++)
                if (d <= distances[i])
                    expected[i] += p.Population;
        }
        Assert.Equal(expected, report.Countries.Single(c => c.Country == "NGA").PopulationWithin);
    }

    [Fact]
    public void No_backbone_means_no_coverage()
    {
        var report = CoverageCalculator.Calculate(SphericalIndex.Build([]), [At(1, 10, "NGA")], [10]);

        Assert.Equal([0.0], report.Total.PopulationWithin);
        Assert.Equal([0.0], report.Total.Shares);
    }

    [Fact]
    public void Negative_distances_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => CoverageCalculator.Calculate(SphericalIndex.Build([]), [], [-1]));
    }
}
