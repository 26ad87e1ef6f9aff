using System.Collections.Concurrent;
using Maps.Core.Layers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Maps.Storage;

/// <summary>What an instance serves and how fresh it is, for <c>/api/health</c>.</summary>
public sealed record CatalogHealth(string Mode, string Storage, DateTimeOffset? LastRefresh, IReadOnlyDictionary<string, string> Collections,
    IReadOnlyDictionary<string, string> Unavailable);

/// <summary>
/// Serves the current version of every collection in a layer store over the shipped layers (the
/// <c>baseline</c>: a published collection overrides the shipped one of its id, and deleting it
/// brings the shipped one back). The first call loads everything (and throws
/// <see cref="StorageUnavailableException"/> if storage cannot be reached then); afterwards a call
/// that finds the last check older than the refresh interval starts one background re-check and
/// returns at once. A re-check reads the catalog, opens only collections whose current version
/// changed (reusing the loaded <see cref="Layer"/> of the others; opening a layer reads its header,
/// not its features), and swaps the <see cref="LayerSet"/> in one reference assignment, only when
/// something changed.
/// <para>
/// Damaged versions: a layer file that cannot be opened, or whose blocks fail their check (by a read,
/// or by the background check queued as the layer is loaded, <see cref="Layer.StartVerification"/>), is remembered as damaged, and that
/// collection is served from its newest complete version that is not, until a publish replaces it;
/// with none left it is listed as unavailable (its requests answer 503). The other collections are
/// untouched. If storage is unreachable, the last good snapshot stays and <see cref="Health"/> says
/// so. Time comes from the injected <see cref="TimeProvider"/>. Thread-safe.
/// </para>
/// </summary>
public sealed class StoreLayerCatalog : ILayerCatalog
{
    private readonly ILayerStore _store;
    private readonly ILayerCatalog? _baseline;
    private readonly TimeProvider _time;
    private readonly TimeSpan _interval;
    private readonly ILogger _logger;
    private readonly object _gate = new();
    private readonly ConcurrentDictionary<string, string> _damaged = new(StringComparer.Ordinal);
    private volatile Snapshot? _snapshot;
    private Task? _refreshing;
    private bool _refreshAgain;
    private DateTimeOffset _lastAttempt = DateTimeOffset.MinValue;
    private volatile bool _storageReachable = true;

    /// <param name="Wanted">Per collection, the catalog's current version when it was loaded.</param>
    private sealed record Snapshot(LayerSet Layers, IReadOnlyDictionary<string, string> Wanted, DateTimeOffset LoadedAt);

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
    /// Re-checks the catalog now (a check already running is followed by one more). Completes when the check is done;
    /// faults only when there is no snapshot at all yet, otherwise failures are logged and kept in <see cref="Health"/>.
    /// </summary>
    public Task RefreshAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (_refreshing is { IsCompleted: false })
            {
                _refreshAgain = true;
                return _refreshing;
            }
            _lastAttempt = _time.GetUtcNow();
            _refreshing = Task.Run(RefreshLoopAsync, CancellationToken.None);
            return _refreshing;
        }
    }

    private async Task RefreshLoopAsync()
    {
        while (true)
        {
            await RefreshCoreAsync(CancellationToken.None);
            lock (_gate)
            {
                if (!_refreshAgain)
                    return;
                _refreshAgain = false;
                _lastAttempt = _time.GetUtcNow();
            }
        }
    }

    /// <summary>The mode (<c>embedded</c> over the shipped layers, else the store's kind), reachability, the version served of every collection, and those that cannot be.</summary>
    public CatalogHealth Health
    {
        get
        {
            var snapshot = _snapshot;
            return new CatalogHealth(_store.Kind == "local" ? "embedded" : _store.Kind, _storageReachable ? "ok" : "unreachable", snapshot?.LoadedAt,
                snapshot?.Layers.Layers.ToDictionary(l => l.Id, l => l.Version, StringComparer.Ordinal) ?? new Dictionary<string, string>(),
                snapshot?.Layers.Unavailable ?? new Dictionary<string, string>());
        }
    }

    private async Task RefreshCoreAsync(CancellationToken cancellationToken)
    {
        try
        {
            var entries = await _store.GetCatalogAsync(cancellationToken);
            var current = _snapshot;
            bool Reusable(CatalogEntry e) => current is not null && current.Wanted.TryGetValue(e.CollectionId, out var wanted) && wanted == e.CurrentVersion
                && current.Layers.Find(e.CollectionId) is { } layer && !_damaged.ContainsKey(Key(layer.Id, layer.Version));
            var changed = entries.Where(e => !Reusable(e)).ToArray();
            bool removed = current is not null && current.Wanted.Keys.Any(id => entries.All(e => e.CollectionId != id));
            bool baselineDamaged = current is not null && current.Layers.Layers.Any(l => l.IsDamaged && !current.Layers.Unavailable.ContainsKey(l.Id));
            if (current is not null && changed.Length == 0 && !removed && !baselineDamaged)
            {
                _storageReachable = true;
                _snapshot = current with { LoadedAt = _time.GetUtcNow() };
                return;
            }

            var loaded = await Task.WhenAll(changed.Select(e => ServeAsync(e, cancellationToken)));
            var published = new List<Layer>();
            var unavailable = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var entry in entries)
            {
                var (layer, reason) = loaded.FirstOrDefault(l => l.Id == entry.CollectionId) is { Id: not null } served
                    ? (served.Layer, served.Reason)
                    : (current!.Layers.Find(entry.CollectionId), null);
                if (layer is not null)
                    published.Add(layer);
                else
                    unavailable[entry.CollectionId] = reason ?? "no readable version";
            }
            var layers = await OverBaselineAsync(published, unavailable, cancellationToken);
            _snapshot = new Snapshot(new LayerSet(layers, unavailable), entries.ToDictionary(e => e.CollectionId, e => e.CurrentVersion, StringComparer.Ordinal), _time.GetUtcNow());
            _storageReachable = true;
            if (changed.Length > 0 || removed)
                _logger.LogInformation("Layer store: now serving {Collections}", string.Join(", ", layers.Select(l => $"{l.Id}@{l.Version}")));
        }
        catch (Exception e)
        {
            _storageReachable = !StoreErrors.IsUnavailable(e);
            _logger.LogWarning(e, "Layer store refresh failed; serving the last good snapshot");
            if (_snapshot is null)
                throw StoreErrors.IsUnavailable(e) && e is not StorageUnavailableException ? new StorageUnavailableException("The layer store is unreachable.", e) : e;
        }
    }

    /// <summary>
    /// The layer to serve for a catalog entry: its current version, or when that is damaged the newest
    /// complete version that is not; null with the reason when none can be read.
    /// </summary>
    private async Task<(string Id, Layer? Layer, string? Reason)> ServeAsync(CatalogEntry entry, CancellationToken cancellationToken)
    {
        string? reason = null;
        var candidates = new List<string> { entry.CurrentVersion };
        if (_damaged.ContainsKey(Key(entry.CollectionId, entry.CurrentVersion)))
        {
            reason = _damaged[Key(entry.CollectionId, entry.CurrentVersion)];
            candidates.Clear();
        }
        bool listed = false;
        for (int i = 0; ; i++)
        {
            if (i == candidates.Count)
            {
                if (listed)
                    break;
                listed = true;
                var older = (await _store.ListVersionsAsync(entry.CollectionId, cancellationToken))
                    .Where(v => v.IsComplete && v.VersionId != entry.CurrentVersion && !_damaged.ContainsKey(Key(entry.CollectionId, v.VersionId)))
                    .OrderByDescending(v => v.VersionId, StringComparer.Ordinal).Select(v => v.VersionId);
                candidates.AddRange(older);
                if (i == candidates.Count)
                    break;
            }
            string version = candidates[i];
            try
            {
                var layer = await LoadAsync(entry with { CurrentVersion = version }, cancellationToken);
                if (version != entry.CurrentVersion)
                    _logger.LogWarning("Collection {Collection}: version {Current} is damaged ({Reason}); serving {Version}", entry.CollectionId, entry.CurrentVersion, reason, version);
                return (entry.CollectionId, layer, null);
            }
            catch (Exception e) when (e is InvalidDataException or StoreNotFoundException)
            {
                _damaged[Key(entry.CollectionId, version)] = e.Message;
                reason ??= e.Message;
                _logger.LogError("Collection {Collection}: version {Version} cannot be read: {Reason}", entry.CollectionId, version, e.Message);
            }
        }
        return (entry.CollectionId, null, reason);
    }

    private static string Key(string collectionId, string version) => collectionId + "/" + version;

    /// <summary>
    /// The shipped layers with the published ones in their place, and the other published ones. A
    /// published collection with no readable version falls back to its shipped layer where there is
    /// one; <paramref name="unavailable"/> is left with the collections that have none at all.
    /// </summary>
    private async Task<IReadOnlyList<Layer>> OverBaselineAsync(IReadOnlyList<Layer> published, Dictionary<string, string> unavailable, CancellationToken cancellationToken)
    {
        if (_baseline is null)
            return published;
        var shipped = await _baseline.GetLayersAsync(cancellationToken);
        var layers = published.ToDictionary(l => l.Id, StringComparer.Ordinal);
        foreach (var layer in shipped.Layers)
        {
            if (layers.ContainsKey(layer.Id))
                continue;
            layers[layer.Id] = layer;
            unavailable.Remove(layer.Id);
        }
        foreach (var (id, reason) in shipped.Unavailable)
            if (!layers.ContainsKey(id))
                unavailable.TryAdd(id, reason);
        return layers.Values.ToArray();
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

    /// <summary>Opens a version's layer file (its header only) and starts its hash check; a failed check marks it damaged and refreshes.</summary>
    private async Task<Layer> LoadAsync(CatalogEntry entry, CancellationToken cancellationToken)
    {
        var file = await _store.OpenVersionAsync(entry.CollectionId, entry.CurrentVersion, cancellationToken);
        var layer = new Layer(file, entry.CurrentVersion, entry.Metadata);
        _ = layer.StartVerification().ContinueWith(check =>
        {
            _damaged[Key(layer.Id, layer.Version)] = check.Exception!.GetBaseException().Message;
            _logger.LogError("Collection {Collection}: version {Version} is damaged: {Reason}", layer.Id, layer.Version, check.Exception.GetBaseException().Message);
            _ = RefreshAsync(CancellationToken.None);
        }, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        return layer;
    }
}
