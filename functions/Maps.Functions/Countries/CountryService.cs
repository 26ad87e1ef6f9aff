using System.Runtime.CompilerServices;
using Maps.Core.Analysis;
using Maps.Core.Import;
using Maps.Core.Layers;
using Maps.Functions.Analysis;

namespace Maps.Functions.Countries;

/// <summary>
/// The country profiles of a <see cref="LayerSet"/> snapshot (<see cref="CountryStatistics"/>), computed once on first
/// use and kept with the snapshot, so a country page then costs what an item page costs; a new snapshot (a publish)
/// starts afresh. Distances are to the operational features of the fibre layers, as the coverage analysis's
/// <c>to=fibre-links&amp;status=operational</c> measures them. Thread-safe.
/// </summary>
public sealed class CountryService(NearestIndexProvider indexes, CoverageService coverage)
{
    private readonly ConditionalWeakTable<LayerSet, Lazy<IReadOnlyDictionary<string, CountryProfile>>> _snapshots = new();

    public IReadOnlyDictionary<string, CountryProfile> Profiles(LayerSet layers) =>
        _snapshots.GetValue(layers, set => new Lazy<IReadOnlyDictionary<string, CountryProfile>>(() => Compute(set))).Value;

    private IReadOnlyDictionary<string, CountryProfile> Compute(LayerSet layers)
    {
        var fibre = layers.Layers.Where(l => CountryStatistics.Role(l.Id) == "fibre").ToArray();
        var index = fibre.Length == 0 ? null : indexes.Get(layers, fibre.Select(l => l.Id).ToArray(), [StatusNormaliser.Operational]);
        return CountryStatistics.Compute(layers, index, coverage.Points(layers), fibre.Select(l => $"{l.Id}@{l.Version}").ToArray());
    }
}
