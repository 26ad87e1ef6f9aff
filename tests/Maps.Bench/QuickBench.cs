using System.Collections.Concurrent;
using System.Diagnostics;
using Maps.Core.Analysis;
using Maps.Core.Geodesy;
using Maps.Core.Spatial;

namespace Maps.Bench;

/// <summary>
/// Quick throughput runs (seconds, not BenchmarkDotNet's minutes): the index over all points on
/// all cores, brute force over a sample on all cores, the ratio, and a check that the index's
/// answers equal brute force on the sample. Returns 1 when any answer differs.
/// </summary>
internal static class QuickBench
{
    private const int Repetitions = 5;

    public static int Nearest(string? dataDirectory, int pointCount, int sampleCount)
    {
        var (features, source) = BenchData.LoadBackbone(dataDirectory);
        var build = Stopwatch.StartNew();
        var index = SphericalIndex.Build(features);
        build.Stop();
        var brute = BruteForceNearest.Build(features);
        Console.WriteLine($"data: {source}");
        Console.WriteLine($"features: {index.FeatureCount:N0}, primitives (arcs + points): {index.PrimitiveCount:N0}, build: {build.Elapsed.TotalMilliseconds:F0} ms, cores: {Environment.ProcessorCount}");

        var points = BenchData.QueryPoints(pointCount);
        index.NearestMany(points[..Math.Min(20_000, points.Length)]); // warm-up (tiered JIT)

        var times = new List<double>();
        NearestResult?[] results = [];
        for (int r = 0; r < Repetitions; r++)
        {
            var watch = Stopwatch.StartNew();
            results = index.NearestMany(points);
            times.Add(watch.Elapsed.TotalSeconds);
        }
        double indexRate = pointCount / times.Min();
        Console.WriteLine($"index:       {pointCount:N0} points, best {times.Min() * 1000:F0} ms of {Repetitions} (median {Median(times) * 1000:F0} ms) -> {indexRate:N0} points/s");

        // Single-thread rates of the two kinds of query point, to see where the time goes.
        foreach (var (name, subset) in new[] { ("WATRA region", points.Where((_, i) => i % 20 != 19).Take(200_000).ToArray()), ("global", points.Where((_, i) => i % 20 == 19).Take(50_000).ToArray()) })
        {
            var watch = Stopwatch.StartNew();
            foreach (var q in subset)
                index.TryNearest(q.Lon, q.Lat, out _);
            Console.WriteLine($"  one core, {name} points only: {subset.Length / watch.Elapsed.TotalSeconds:N0} points/s");
        }

        var sample = points[..Math.Min(sampleCount, points.Length)];
        var expected = new NearestResult[sample.Length];
        var bruteWatch = Stopwatch.StartNew();
        Parallel.ForEach(Partitioner.Create(0, sample.Length, 64), range =>
        {
            for (int i = range.Item1; i < range.Item2; i++)
                expected[i] = brute.Nearest(sample[i].Lon, sample[i].Lat)[0];
        });
        bruteWatch.Stop();
        double bruteRate = sample.Length / bruteWatch.Elapsed.TotalSeconds;
        Console.WriteLine($"brute force: {sample.Length:N0} points in {bruteWatch.Elapsed.TotalMilliseconds:F0} ms -> {bruteRate:N0} points/s");
        Console.WriteLine($"ratio index / brute force: {indexRate / bruteRate:N0}x");

        int mismatches = 0;
        for (int i = 0; i < sample.Length; i++)
        {
            var actual = results[i]!.Value;
            bool same = actual.CollectionId == expected[i].CollectionId && actual.FeatureId == expected[i].FeatureId
                && Math.Abs(actual.DistanceKm - expected[i].DistanceKm) <= 1e-9 * Math.Max(1, expected[i].DistanceKm);
            if (!same && mismatches++ < 10)
                Console.WriteLine($"  mismatch at ({sample[i].Lon}, {sample[i].Lat}): index {actual}, brute force {expected[i]}");
        }
        Console.WriteLine($"exactness: {mismatches} mismatches in {sample.Length:N0} sampled points");
        return mismatches == 0 ? 0 : 1;
    }

    /// <summary>
    /// Range queries as the profile runs them: <paramref name="pointCount"/> school points indexed
    /// as bare points and each queried for the schools within 1, 2, 3 and 10 km in one search
    /// (<see cref="SphericalIndex.WithinMany"/>, best of 5), against brute force on a sample, with
    /// the ratio and an exactness check (exit 1 on a difference).
    /// </summary>
    public static int Range(string? dataDirectory, int pointCount, int sampleCount)
    {
        double[] radii = [1, 2, 3, 10];
        var points = BenchData.QueryPoints(pointCount);
        var build = Stopwatch.StartNew();
        var index = SphericalIndex.FromPoints(points);
        build.Stop();
        var brute = BruteForceNearest.FromPoints(points);
        Console.WriteLine($"points: {pointCount:N0} (the query points of 'nearest'), build {build.Elapsed.TotalMilliseconds:F0} ms, radii {string.Join(",", radii)} km, cores {Environment.ProcessorCount}");
        index.WithinMany(points[..Math.Min(20_000, points.Length)], radii); // warm-up

        var times = new List<double>();
        RangeTotals[] totals = [];
        for (int r = 0; r < Repetitions; r++)
        {
            var watch = Stopwatch.StartNew();
            totals = index.WithinMany(points, radii);
            times.Add(watch.Elapsed.TotalSeconds);
        }
        double indexRate = pointCount / times.Min();
        double mean10 = Enumerable.Range(0, pointCount).Average(i => (double)totals[i * radii.Length + 3].Count);
        Console.WriteLine($"index:       best {times.Min() * 1000:F0} ms of {Repetitions} -> {indexRate:N0} points/s (mean {mean10:F1} points within 10 km)");

        var sample = points[..Math.Min(sampleCount, points.Length)];
        var expected = new RangeTotals[sample.Length * radii.Length];
        var bruteWatch = Stopwatch.StartNew();
        Parallel.ForEach(Partitioner.Create(0, sample.Length, 16), range =>
        {
            for (int i = range.Item1; i < range.Item2; i++)
                for (int r = 0; r < radii.Length; r++)
                    expected[i * radii.Length + r] = brute.Within(sample[i].Lon, sample[i].Lat, radii[r]);
        });
        double bruteRate = sample.Length / bruteWatch.Elapsed.TotalSeconds;
        Console.WriteLine($"brute force: {sample.Length:N0} points in {bruteWatch.Elapsed.TotalMilliseconds:F0} ms -> {bruteRate:N0} points/s");
        Console.WriteLine($"ratio index / brute force: {indexRate / bruteRate:N0}x");
        int mismatches = Enumerable.Range(0, expected.Length).Count(i => expected[i] != totals[i]);
        Console.WriteLine($"exactness: {mismatches} mismatches in {expected.Length:N0} sampled (point, radius) totals");
        return mismatches == 0 ? 0 : 1;
    }

    public static int Coverage(string? dataDirectory, int pointCount, int sampleCount)
    {
        double[] distances = [10, 25, 50, 100];
        var (features, source) = BenchData.LoadBackbone(dataDirectory);
        var index = SphericalIndex.Build(features);
        var brute = BruteForceNearest.Build(features);
        var population = BenchData.Population(pointCount);
        Console.WriteLine($"data: {source}");
        Console.WriteLine($"features: {index.FeatureCount:N0}, population points: {pointCount:N0}, distances: {string.Join(", ", distances)} km, cores: {Environment.ProcessorCount}");

        CoverageCalculator.Calculate(index, population[..Math.Min(10_000, pointCount)], distances); // warm-up
        var times = new List<double>();
        CoverageReport report = null!;
        for (int r = 0; r < Repetitions; r++)
        {
            var watch = Stopwatch.StartNew();
            report = CoverageCalculator.Calculate(index, population, distances);
            times.Add(watch.Elapsed.TotalSeconds);
        }
        Console.WriteLine($"coverage:    best {times.Min() * 1000:F0} ms of {Repetitions} (median {Median(times) * 1000:F0} ms) -> {pointCount / times.Min():N0} points/s");
        Console.WriteLine($"total: {report.Total.TotalPopulation:N0} people; within {string.Join(", ", report.DistancesKm.Select((d, i) => $"{d} km: {report.Total.Shares[i]:P1}"))}");

        var sample = population[..Math.Min(sampleCount, pointCount)];
        var bruteDistances = new double[sample.Length];
        var bruteWatch = Stopwatch.StartNew();
        Parallel.ForEach(Partitioner.Create(0, sample.Length, 64), range =>
        {
            for (int i = range.Item1; i < range.Item2; i++)
                bruteDistances[i] = brute.NearestDistanceKm(new LonLat(sample[i].Lon, sample[i].Lat), distances[^1]);
        });
        bruteWatch.Stop();
        double bruteRate = sample.Length / bruteWatch.Elapsed.TotalSeconds;
        Console.WriteLine($"brute force: {sample.Length:N0} points in {bruteWatch.Elapsed.TotalMilliseconds:F0} ms -> {bruteRate:N0} points/s (100k would take ~{pointCount / bruteRate:F1} s)");
        Console.WriteLine($"ratio index / brute force: {pointCount / times.Min() / bruteRate:N0}x");

        var indexDistances = index.NearestDistancesKm(sample.Select(p => new LonLat(p.Lon, p.Lat)).ToArray(), distances[^1]);
        int mismatches = 0;
        for (int i = 0; i < sample.Length; i++)
        {
            foreach (double d in distances)
            {
                if ((indexDistances[i] <= d) != (bruteDistances[i] <= d))
                    mismatches++;
            }
        }
        Console.WriteLine($"exactness: {mismatches} within-distance mismatches in {sample.Length:N0} sampled points");
        return mismatches == 0 ? 0 : 1;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }
}
