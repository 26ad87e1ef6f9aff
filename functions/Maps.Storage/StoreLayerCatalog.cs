using Maps.Core.Layers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Maps.Storage;

/// <summary>What an instance serves and how fresh it is, for <c>/api/health</c>.</summary>
public sealed record CatalogHealth(string Mode, string Storage, DateTimeOffset? LastRefresh, IReadOnlyDictionary<string, string> Collections);

/// <summary>
/// Serves the current version of every collection in a layer store from memory, over the shipped layers
/// when given a <c>baseline</c> (the embedded mode: a published collection overrides the shipped one of
/// its id, and deleting it brings the shipped one back). The first call
/// loads everything (and throws <see cref="StorageUnavailableException"/> if storage cannot be
/// reached then); afterwards a call that finds the last check older than the refresh interval starts
/// one background re-check and returns at once. A re-check reads the catalog, loads only collections
/// whose CurrentVersion changed (reusing the loaded <see cref="Layer"/> of the others), and swaps the
/// <see cref="LayerSet"/> in one reference assignment, only when something changed. If storage is
/// unreachable or a version cannot be read, the last good snapshot stays and <see cref="Health"/>
/// says so. Time comes from the injected <see cref="TimeProvider"/>. Thread-safe.
/// </summary>
public sealed class StoreLayerCatalog : ILayerCatalog
{
    private readonly ILayerStore _store;
    private readonly ILayerCatalog? _baseline;
    private readonly TimeProvider _time;
    private readonly TimeSpan _interval;
    private readonly ILogger _logger;
    private readonly object _gate = new();
    private volatile Snapshot? _snapshot;
    private Task? _refreshing;
    private DateTimeOffset _lastAttempt = DateTimeOffset.MinValue;
    private volatile bool _storageReachable = true;

    private sealed record Snapshot(LayerSet Layers, IReadOnlyDictionary<string, string> Versions, DateTimeOffset LoadedAt);

    public StoreLayerCatalog(ILayerStore store, TimeSpan refreshInterval, TimeProvider? timeProvider = null, ILogger<StoreLayerCatalog>? logger = null,
        ILayerCatalog? baseline = null)
    {
        _store = store;
        _baseline = baseline;
        _interval = refreshInterval;
        _time = timeProvider ?? TimeProvider.System;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    public async ValueTask<LayerSet> GetLayersAsync(CancellationToken cancellationToken = default)
    {
        var snapshot = _snapshot;
        if (snapshot is null)
        {
            await RefreshAsync(cancellationToken).WaitAsync(cancellationToken);
            return _snapshot?.Layers ?? throw new StorageUnavailableException("The layer store could not be read yet; retry shortly.");
        }
        if (_time.GetUtcNow() - _lastAttempt >= _interval)
            _ = RefreshAsync(CancellationToken.None);
        return snapshot.Layers;
    }

    /// <summary>
    /// Re-checks the catalog now (joining a check already running). Completes when the check is done;
    /// faults only when there is no snapshot at all yet, otherwise failures are logged and kept in <see cref="Health"/>.
    /// </summary>
    public Task RefreshAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (_refreshing is { IsCompleted: false })
                return _refreshing;
            _lastAttempt = _time.GetUtcNow();
            _refreshing = Task.Run(() => RefreshCoreAsync(CancellationToken.None), CancellationToken.None);
            return _refreshing;
        }
    }

    /// <summary>The mode (<c>embedded</c> over the shipped layers, else the store's kind), reachability, and the version served of every collection.</summary>
    public CatalogHealth Health
    {
        get
        {
            var snapshot = _snapshot;
            return new CatalogHealth(_baseline is null ? _store.Kind : "embedded", _storageReachable ? "ok" : "unreachable", snapshot?.LoadedAt,
                snapshot?.Layers.Layers.ToDictionary(l => l.Id, l => l.Version, StringComparer.Ordinal) ?? new Dictionary<string, string>());
        }
    }

    private async Task RefreshCoreAsync(CancellationToken cancellationToken)
    {
        try
        {
            var entries = await _store.GetCatalogAsync(cancellationToken);
            var current = _snapshot;
            var changed = entries.Where(e => current is null || !current.Versions.TryGetValue(e.CollectionId, out var v) || v != e.CurrentVersion).ToArray();
            bool removed = current is not null && current.Versions.Keys.Any(id => entries.All(e => e.CollectionId != id));
            if (current is not null && changed.Length == 0 && !removed)
            {
                _storageReachable = true;
                _snapshot = current with { LoadedAt = _time.GetUtcNow() };
                return;
            }

            var loaded = await Task.WhenAll(changed.Select(e => LoadAsync(e, cancellationToken)));
            var byId = loaded.ToDictionary(l => l.Id, StringComparer.Ordinal);
            var published = entries.Select(e => byId.GetValueOrDefault(e.CollectionId) ?? current!.Layers.Find(e.CollectionId)!).ToArray();
            var layers = await OverBaselineAsync(published, cancellationToken);
            _snapshot = new Snapshot(new LayerSet(layers), entries.ToDictionary(e => e.CollectionId, e => e.CurrentVersion, StringComparer.Ordinal), _time.GetUtcNow());
            _storageReachable = true;
            if (changed.Length > 0 || removed)
                _logger.LogInformation("Layer store: now serving {Collections}", string.Join(", ", entries.Select(e => $"{e.CollectionId}@{e.CurrentVersion}")));
        }
        catch (Exception e)
        {
            _storageReachable = !StoreErrors.IsUnavailable(e);
            _logger.LogWarning(e, "Layer store refresh failed; serving the last good snapshot");
            if (_snapshot is null)
                throw StoreErrors.IsUnavailable(e) && e is not StorageUnavailableException ? new StorageUnavailableException("The layer store is unreachable.", e) : e;
        }
    }

    /// <summary>The shipped layers with the published ones in their place, and the other published ones.</summary>
    private async Task<IReadOnlyList<Layer>> OverBaselineAsync(IReadOnlyList<Layer> published, CancellationToken cancellationToken)
    {
        if (_baseline is null)
            return published;
        var shipped = await _baseline.GetLayersAsync(cancellationToken);
        var byId = published.ToDictionary(l => l.Id, StringComparer.Ordinal);
        return shipped.Layers.Select(l => byId.GetValueOrDefault(l.Id) ?? l)
            .Concat(published.Where(l => shipped.Find(l.Id) is null)).ToArray();
    }

    /// <summary>
    /// A layer at a given version, served now or not: the current one, the baseline's, or one still
    /// in the store (the last <see cref="StoreSettings.KeepVersions"/> are), read with the
    /// collection's current metadata; null when none of them has it. For jobs that pin the versions they began on.
    /// </summary>
    public async Task<Layer?> FindVersionAsync(string collectionId, string version, CancellationToken cancellationToken = default)
    {
        if ((await GetLayersAsync(cancellationToken)).Find(collectionId) is { } current && current.Version == version)
            return current;
        if (_baseline is not null && (await _baseline.GetLayersAsync(cancellationToken)).Find(collectionId) is { } shipped && shipped.Version == version)
            return shipped;
        var entry = await _store.GetCatalogEntryAsync(collectionId, cancellationToken);
        var stored = entry is null ? null : await _store.GetVersionAsync(collectionId, version, cancellationToken);
        if (entry is null || stored is not { IsComplete: true })
            return null;
        return await LoadAsync(entry with { CurrentVersion = version }, cancellationToken);
    }

    private async Task<Layer> LoadAsync(CatalogEntry entry, CancellationToken cancellationToken)
    {
        byte[] bytes = await _store.ReadVersionAsync(entry.CollectionId, entry.CurrentVersion, cancellationToken);
        return await Task.Run(() =>
        {
            var features = LayerFileReader.ReadFeatures(bytes, entry.Metadata.DateProperty, $"{entry.CollectionId}@{entry.CurrentVersion}");
            return new Layer(entry.Metadata, features, entry.CurrentVersion);
        }, cancellationToken);
    }
}
