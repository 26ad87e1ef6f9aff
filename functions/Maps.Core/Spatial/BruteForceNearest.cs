using Maps.Core.Geodesy;

namespace Maps.Core.Spatial;

/// <summary>
/// The reference answer: every primitive of every feature is measured with the exact formula,
/// O(primitives) per query. Same primitives, tie rule and results as <see cref="SphericalIndex"/>,
/// without the tree, so it is the baseline of the benchmarks and the oracle of the tests.
/// Querying is thread-safe.
/// </summary>
public sealed class BruteForceNearest
{
    [ThreadStatic] private static NearestCandidates? t_candidates;

    private readonly SphereArcSet _set;

    private BruteForceNearest(SphereArcSet set) => _set = set;

    public int FeatureCount => _set.FeatureCount;

    public static BruteForceNearest Build(IEnumerable<IndexedFeature> features) => new(SphereArcSet.Build(features));

    /// <summary>The twin of <see cref="SphericalIndex.FromLayers"/>.</summary>
    public static BruteForceNearest FromLayers(IEnumerable<Layers.Layer> layers, IndexSelection selection) => new(SphereArcSet.FromLayers(layers, selection));

    /// <summary>The twin of <see cref="SphericalIndex.FromPoints"/>.</summary>
    public static BruteForceNearest FromPoints(IReadOnlyList<LonLat> points, IReadOnlyList<double>? weights = null, string collectionId = "points") =>
        new(SphereArcSet.FromPoints(collectionId, points, weights));

    /// <summary>
    /// The distinct features within <paramref name="radiusKm"/> (inclusive): every primitive is
    /// measured, a feature counts when any of its primitives is in range, and its weight is added once.
    /// </summary>
    public RangeTotals Within(double lon, double lat, double radiusKm)
    {
        SphericalIndex.CheckQuery(lon, lat, 1, null);
        SphericalIndex.CheckRadii([radiusKm], 1);
        SphereMath.ToUnit(lon, lat, out double qx, out double qy, out double qz);
        double maxKey = SphereMath.KeyFromKm(radiusKm);
        var inside = new bool[_set.RankCount];
        long count = 0;
        double sum = 0;
        for (int i = 0; i < _set.PrimitiveCount; i++)
        {
            int feature = _set.Feature[i];
            if (!inside[feature] && SphereMath.Key(_set, i, qx, qy, qz) <= maxKey)
            {
                inside[feature] = true;
                count++;
                sum += _set.WeightOf(feature);
            }
        }
        return new RangeTotals(count, sum);
    }

    /// <summary>The k nearest distinct features within the optional cap, nearest first (ties: smaller collection, then id).</summary>
    public IReadOnlyList<NearestResult> Nearest(double lon, double lat, int k = 1, double? maxDistanceKm = null)
    {
        SphericalIndex.CheckQuery(lon, lat, k, maxDistanceKm);
        SphereMath.ToUnit(lon, lat, out double qx, out double qy, out double qz);
        var candidates = t_candidates ??= new NearestCandidates();
        candidates.Reset(Math.Min(k, Math.Max(FeatureCount, 1)), maxDistanceKm is double km ? SphereMath.KeyFromKm(km) : double.PositiveInfinity);
        for (int i = 0; i < _set.PrimitiveCount; i++)
            candidates.Offer(SphereMath.Key(_set, i, qx, qy, qz), _set.Feature[i], i);
        return _set.Results(candidates, qx, qy, qz);
    }

    /// <summary>Distance in km to the nearest feature, or +∞ when there is none within the cap.</summary>
    public double NearestDistanceKm(LonLat point, double maxDistanceKm = double.PositiveInfinity)
    {
        var results = Nearest(point.Lon, point.Lat, 1, double.IsPositiveInfinity(maxDistanceKm) ? null : maxDistanceKm);
        return results.Count == 0 ? double.PositiveInfinity : results[0].DistanceKm;
    }
}
