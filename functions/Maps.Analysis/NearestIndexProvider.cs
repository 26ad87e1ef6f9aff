using System.Runtime.CompilerServices;
using Maps.Core.Layers;
using Maps.Core.Spatial;

namespace Maps.Analysis;

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
        var cache = _caches.GetValue(layers, set => new NearestIndexCache(wanted => Build(set, wanted)));
        return cache.Get(selection);
    }

    /// <summary>Builds an index; after a large one, gives the memory its build used back to the system at once.</summary>
    private static SphericalIndex Build(LayerSet set, IndexSelection selection)
    {
        var index = SphericalIndex.FromLayers(selection.Collections.Select(id => set.Find(id)).OfType<Layer>(), selection);
        // The build's scratch (the scan's blocks, the packing order, the arrays before reordering) is
        // several times the index; the collector would keep those pages committed for a while.
        if (index.PrimitiveCount >= LargeIndex)
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        return index;
    }

    /// <summary>Primitives from which an index counts as large (about 50 MB).</summary>
    public const int LargeIndex = 1_000_000;
}
