using Maps.Core.Layers;
using Maps.Functions.Hosting;

namespace Maps.Functions.Jobs;

/// <summary>
/// The layers a job was created on (<see cref="Maps.Storage.Jobs.JobRecord.Pins"/>): the catalog's
/// current set while nothing has changed, else a set rebuilt from the pinned versions, which the
/// store keeps (its last versions) and this instance caches for the job's other chunks.
/// </summary>
public sealed class PinnedLayers(ILayerCatalog catalog, LayerStoreHost stores)
{
    private readonly Lock _gate = new();
    private (string Key, LayerSet Layers)? _last;

    public static Dictionary<string, string> Pin(LayerSet layers) =>
        layers.Layers.ToDictionary(l => l.Id, l => l.Version, StringComparer.Ordinal);

    public async Task<LayerSet> GetAsync(IReadOnlyDictionary<string, string> pins, CancellationToken cancellationToken)
    {
        var current = await catalog.GetLayersAsync(cancellationToken);
        if (current.Layers.Count == pins.Count && current.Layers.All(l => pins.TryGetValue(l.Id, out var v) && v == l.Version))
            return current;
        string key = string.Join(",", pins.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + ":" + p.Value));
        lock (_gate)
        {
            if (_last is { } last && last.Key == key)
                return last.Layers;
        }
        var layers = new List<Layer>();
        foreach (var (id, version) in pins)
        {
            var layer = await stores.Catalog.FindVersionAsync(id, version, cancellationToken)
                ?? throw new JobFailedException($"The job was started on version {version} of '{id}', which is no longer stored (a publish or delete since removed it); run the job again.");
            layers.Add(layer);
        }
        var set = new LayerSet(layers);
        lock (_gate)
            _last = (key, set);
        return set;
    }
}
