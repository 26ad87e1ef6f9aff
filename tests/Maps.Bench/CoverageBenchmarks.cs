using BenchmarkDotNet.Attributes;
using Maps.Core.Analysis;
using Maps.Core.Geodesy;
using Maps.Core.Spatial;

namespace Maps.Bench;

/// <summary>Coverage at 10/25/50/100 km over synthetic population: brute-force distances vs <see cref="CoverageCalculator"/>.</summary>
[MemoryDiagnoser]
public class CoverageBenchmarks
{
    private static readonly double[] Distances = [10, 25, 50, 100];

    private SphericalIndex _index = null!;
    private BruteForceNearest _scan = null!;
    private PopulationPoint[] _population = [];

    [Params(2_000)]
    public int N { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var (features, _) = BenchData.LoadBackbone(Environment.GetEnvironmentVariable("MAPS_BENCH_DATA"));
        _index = SphericalIndex.Build(features);
        _scan = BruteForceNearest.Build(features);
        _population = BenchData.Population(N);
    }

    [Benchmark(Baseline = true)]
    public double BruteForce()
    {
        double within = 0;
        foreach (var p in _population)
        {
            double d = _scan.NearestDistanceKm(new LonLat(p.Lon, p.Lat), Distances[^1]);
            foreach (double limit in Distances)
                within += d <= limit ? p.Population : 0;
        }
        return within;
    }

    [Benchmark]
    public CoverageReport Calculator() => CoverageCalculator.Calculate(_index, _population, Distances);
}
