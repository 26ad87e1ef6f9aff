using System.Collections.Concurrent;

namespace Maps.Core.Spatial;

/// <summary>
/// One <see cref="SphericalIndex"/> per (set of collections, set of statuses), built on first use
/// from a provider and then shared. Filtering by status is done by building a separate index
/// rather than by a per-candidate predicate, which would slow every query and weaken pruning.
/// The key is the sorted, distinct collection ids and the sorted, distinct lower-cased statuses
/// (none = every status), so <c>to=b,a</c> and <c>to=a,b</c> share an index. Thread-safe: each
/// index is built once (concurrent callers wait for it); a failed build is not cached. Create a
/// new cache (or <see cref="Clear"/>) when the layers change.
/// </summary>
public sealed class NearestIndexCache
{
    private readonly Func<IReadOnlyList<string>, IReadOnlyList<string>, IEnumerable<IndexedFeature>> _provider;
    private readonly ConcurrentDictionary<string, Lazy<SphericalIndex>> _indexes = new(StringComparer.Ordinal);

    /// <param name="provider">
    /// Returns the features of the given collections whose status is one of the given statuses
    /// (an empty status list means every status); <see cref="IndexedFeature.FromLayers"/> does this for loaded layers.
    /// </param>
    public NearestIndexCache(Func<IReadOnlyList<string>, IReadOnlyList<string>, IEnumerable<IndexedFeature>> provider)
    {
        ArgumentNullException.ThrowIfNull(provider);
        _provider = provider;
    }

    /// <summary>Number of indexes built or being built.</summary>
    public int Count => _indexes.Count;

    /// <summary>The index over <paramref name="collectionIds"/> restricted to <paramref name="statuses"/> (null or empty: all).</summary>
    public SphericalIndex Get(IEnumerable<string> collectionIds, IEnumerable<string>? statuses = null)
    {
        ArgumentNullException.ThrowIfNull(collectionIds);
        var collections = collectionIds.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        var statusSet = (statuses ?? []).Select(s => s.ToLowerInvariant()).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        string key = string.Join('\u001f', collections) + '\u001e' + string.Join('\u001f', statusSet);
        var lazy = _indexes.GetOrAdd(key, _ => new Lazy<SphericalIndex>(
            () => SphericalIndex.Build(_provider(collections, statusSet)), LazyThreadSafetyMode.ExecutionAndPublication));
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
