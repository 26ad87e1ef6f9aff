using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Maps.Core.Analysis;
using Maps.Core.Layers;

namespace Maps.Functions.Analysis;

/// <summary>
/// Coverage reports per <see cref="LayerSet"/> snapshot: the population points read once per
/// snapshot, and answered reports memoised by query (at most <see cref="MaxCachedReports"/> per
/// snapshot; the memo is emptied when full). A new snapshot starts empty. Thread-safe.
/// </summary>
public sealed class CoverageService(NearestIndexProvider indexes)
{
    public const string PopulationCollection = "population";
    public const int MaxCachedReports = 256;

    private readonly ConditionalWeakTable<LayerSet, Snapshot> _snapshots = new();

    /// <summary>The countries of the population layer (empty when it is not loaded).</summary>
    public IReadOnlyCollection<string> Countries(LayerSet layers) => For(layers).Countries;

    /// <summary>The population points of the snapshot, read once.</summary>
    public IReadOnlyList<PopulationPoint> Points(LayerSet layers) => For(layers).Points;

    public CoverageReport Calculate(LayerSet layers, IReadOnlyList<string> to, IReadOnlyList<string> statuses, IReadOnlyList<string> countries, IReadOnlyList<double> distancesKm, CancellationToken cancellationToken)
    {
        var snapshot = For(layers);
        string key = string.Join(',', to.Order(StringComparer.Ordinal)) + '|' + string.Join(',', statuses.Order(StringComparer.Ordinal))
            + '|' + string.Join(',', countries.Order(StringComparer.Ordinal)) + '|' + string.Join(',', distancesKm.Order().Select(AnalysisParameters.Format));
        if (snapshot.Reports.TryGetValue(key, out var cached))
            return cached;
        var wanted = countries.Count == 0 ? null : new HashSet<string>(countries, StringComparer.Ordinal);
        var points = wanted is null ? snapshot.Points : snapshot.Points.Where(p => wanted.Contains(p.Country)).ToArray();
        var report = CoverageCalculator.Calculate(indexes.Get(layers, to, statuses), points, distancesKm, cancellationToken);
        if (snapshot.Reports.Count >= MaxCachedReports)
            snapshot.Reports.Clear();
        snapshot.Reports[key] = report;
        return report;
    }

    private Snapshot For(LayerSet layers) => _snapshots.GetValue(layers, set => new Snapshot(PopulationPoint.FromLayer(set.Find(PopulationCollection), "population")));

    private sealed class Snapshot(PopulationPoint[] points)
    {
        public PopulationPoint[] Points { get; } = points;
        public HashSet<string> Countries { get; } = points.Select(p => p.Country).ToHashSet(StringComparer.Ordinal);
        public ConcurrentDictionary<string, CoverageReport> Reports { get; } = new(StringComparer.Ordinal);
    }
}
