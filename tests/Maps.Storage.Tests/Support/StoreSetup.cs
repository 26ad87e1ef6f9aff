using Maps.Storage.Local;
using Maps.Storage.Publishing;
using Maps.Storage.Tables;

namespace Maps.Storage.Tests.Support;

/// <summary>
/// One fresh, empty store of either kind, so that the same tests run against Table Storage (a real
/// Azurite) and the local directory store: the handler over it, the store itself, and what it keeps of a version.
/// </summary>
public abstract class StoreSetup
{
    public abstract string Kind { get; }

    /// <summary>What <c>/api/health</c> reports as the mode.</summary>
    public abstract string HealthMode { get; }

    public int KeepVersions { get; set; } = 5;

    public abstract StorageApiFactory Factory(string? manageKey = StorageApiFactory.Key, PublishHooks? hooks = null);

    public abstract ILayerStore Store(TimeProvider? time = null);

    /// <summary>Bytes the store holds for a version, or for every version of a collection (null): rows, or files.</summary>
    public abstract Task<long> StoredBytesAsync(string collectionId, string? versionId = null);

    public override string ToString() => Kind;
}

public sealed class AzuriteStore(LayerStoreOptions options) : StoreSetup
{
    public override string Kind => "table-storage";

    public override string HealthMode => "table-storage";

    public LayerStoreOptions Options => options;

    public override StorageApiFactory Factory(string? manageKey = StorageApiFactory.Key, PublishHooks? hooks = null)
    {
        options.KeepVersions = KeepVersions;
        return new StorageApiFactory(options, manageKey, hooks);
    }

    public override ILayerStore Store(TimeProvider? time = null)
    {
        options.KeepVersions = KeepVersions;
        return new TableLayerStore(options, time);
    }

    public override async Task<long> StoredBytesAsync(string collectionId, string? versionId = null) =>
        (await new TableLayerStore(options).CountRowsAsync(collectionId, versionId)).Bytes;
}

public sealed class LocalStore : StoreSetup
{
    public string Directory { get; } = Path.Combine(Path.GetTempPath(), "maps-local-store-" + Guid.NewGuid().ToString("N"));

    public override string Kind => "local";

    public override string HealthMode => "embedded";

    public override StorageApiFactory Factory(string? manageKey = StorageApiFactory.Key, PublishHooks? hooks = null) =>
        new(null, manageKey, hooks, Directory, KeepVersions);

    public override ILayerStore Store(TimeProvider? time = null) =>
        new LocalLayerStore(new LocalStoreOptions { Directory = Directory, KeepVersions = KeepVersions }, time);

    public override Task<long> StoredBytesAsync(string collectionId, string? versionId = null)
    {
        var roots = new[] { "versions", "staging" }.Select(r => versionId is null
            ? Path.Combine(Directory, r, collectionId) : Path.Combine(Directory, r, collectionId, versionId));
        return Task.FromResult(roots.Where(System.IO.Directory.Exists)
            .SelectMany(r => System.IO.Directory.EnumerateFiles(r, "*", SearchOption.AllDirectories))
            .Where(f => !f.EndsWith(".lock", StringComparison.Ordinal))
            .Sum(f => new FileInfo(f).Length));
    }
}
