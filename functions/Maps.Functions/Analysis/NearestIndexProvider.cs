using System.Runtime.CompilerServices;
using Maps.Core.Layers;
using Maps.Core.Spatial;

namespace Maps.Functions.Analysis;

/// <summary>
/// The nearest-feature indexes of each <see cref="LayerSet"/> snapshot: one
/// <see cref="NearestIndexCache"/> per snapshot instance, held in a <see cref="ConditionalWeakTable{TKey,TValue}"/>
/// so that a republished snapshot gets fresh indexes and the old ones are collected with it.
/// Thread-safe; an index is built once per (snapshot, collections, statuses) on first use.
/// </summary>
public sealed class NearestIndexProvider
{
    private readonly ConditionalWeakTable<LayerSet, NearestIndexCache> _caches = new();

    public SphericalIndex Get(LayerSet layers, IReadOnlyList<string> collectionIds, IReadOnlyList<string> statuses) =>
        Get(layers, new IndexSelection(collectionIds, statuses));

    public SphericalIndex Get(LayerSet layers, IndexSelection selection)
    {
        var cache = _caches.GetValue(layers, set => new NearestIndexCache(wanted =>
            IndexedFeature.FromLayers(wanted.Collections.Select(id => set.Find(id)).OfType<Layer>(), wanted)));
        return cache.Get(selection);
    }
}
