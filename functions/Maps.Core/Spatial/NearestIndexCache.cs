using System.Collections.Concurrent;

namespace Maps.Core.Spatial;

/// <summary>
/// One <see cref="SphericalIndex"/> per <see cref="IndexSelection"/> (collections, statuses, property
/// match, weights), built on first use from a provider and then shared. Filtering is done by
/// building a separate index rather than by a per-candidate predicate, which would slow every query
/// and weaken pruning. The key is <see cref="IndexSelection.Key"/>, so <c>to=b,a</c> and
/// <c>to=a,b</c> share an index. Thread-safe: each
/// index is built once (concurrent callers wait for it); a failed build is not cached. Create a
/// new cache (or <see cref="Clear"/>) when the layers change.
/// </summary>
public sealed class NearestIndexCache
{
    private readonly Func<IndexSelection, SphericalIndex> _build;
    private readonly ConcurrentDictionary<string, Lazy<SphericalIndex>> _indexes = new(StringComparer.Ordinal);

    /// <param name="build">
    /// Builds the index of the features a selection includes, weighted; <see cref="SphericalIndex.FromLayers"/>
    /// does this for loaded layers.
    /// </param>
    public NearestIndexCache(Func<IndexSelection, SphericalIndex> build)
    {
        ArgumentNullException.ThrowIfNull(build);
        _build = build;
    }

    /// <summary>Number of indexes built or being built.</summary>
    public int Count => _indexes.Count;

    /// <summary>The index over <paramref name="collectionIds"/> restricted to <paramref name="statuses"/> (null or empty: all).</summary>
    public SphericalIndex Get(IEnumerable<string> collectionIds, IEnumerable<string>? statuses = null) =>
        Get(new IndexSelection(collectionIds, statuses));

    /// <summary>The index of the features <paramref name="selection"/> includes.</summary>
    public SphericalIndex Get(IndexSelection selection)
    {
        ArgumentNullException.ThrowIfNull(selection);
        string key = selection.Key;
        var lazy = _indexes.GetOrAdd(key, _ => new Lazy<SphericalIndex>(
            () => _build(selection), LazyThreadSafetyMode.ExecutionAndPublication));
        try
        {
            return lazy.Value;
        }
        catch
        {
            _indexes.TryRemove(new KeyValuePair<string, Lazy<SphericalIndex>>(key, lazy));
            throw;
        }
    }

    /// <summary>Drops every cached index (for example after a layer is republished).</summary>
    public void Clear() => _indexes.Clear();
}
