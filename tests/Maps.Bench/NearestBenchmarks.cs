using BenchmarkDotNet.Attributes;
using Maps.Core.Geodesy;
using Maps.Core.Spatial;

namespace Maps.Bench;

/// <summary>One nearest query (averaged over a fixed batch) over the WATRA backbone: brute force vs the spherical index.</summary>
[MemoryDiagnoser]
public class NearestBenchmarks
{
    private const int Batch = 256;

    private SphericalIndex _index = null!;
    private BruteForceNearest _scan = null!;
    private LonLat[] _queries = [];

    [Params("fibre-links", "fibre-links+transmission-nodes")]
    public string Layers { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        var (features, _) = BenchData.LoadBackbone(Environment.GetEnvironmentVariable("MAPS_BENCH_DATA"), withNodes: Layers.Contains("nodes"));
        _index = SphericalIndex.Build(features);
        _scan = BruteForceNearest.Build(features);
        _queries = BenchData.QueryPoints(Batch);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Batch)]
    public double BruteForce()
    {
        double sum = 0;
        foreach (var q in _queries)
            sum += _scan.Nearest(q.Lon, q.Lat)[0].DistanceKm;
        return sum;
    }

    [Benchmark(OperationsPerInvoke = Batch)]
    public double Index()
    {
        double sum = 0;
        foreach (var q in _queries)
            sum += _index.TryNearest(q.Lon, q.Lat, out var result) ? result.DistanceKm : 0;
        return sum;
    }
}
