using Maps.Storage.Local;
using Maps.Storage.Publishing;
using Maps.Storage.AzureStorage;

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

    /// <summary>Bytes the store holds for a version, or for every version of a collection (null): blobs and staged blocks, or files.</summary>
    public abstract Task<long> StoredBytesAsync(string collectionId, string? versionId = null);

    /// <summary>Rewrites a stored version's layer file through <paramref name="change"/> (cut, flipped bytes), where the store keeps it; an instance's cached copy goes.</summary>
    public abstract Task DamageAsync(string collectionId, string versionId, Func<byte[], byte[]> change);

    public override string ToString() => Kind;
}

public sealed class AzuriteStore(LayerStoreOptions options) : StoreSetup
{
    public override string Kind => "azure-storage";

    public override string HealthMode => "azure-storage";

    public LayerStoreOptions Options => options;

    public override StorageApiFactory Factory(string? manageKey = StorageApiFactory.Key, PublishHooks? hooks = null)
    {
        options.KeepVersions = KeepVersions;
        return new StorageApiFactory(options, manageKey, hooks);
    }

    public override ILayerStore Store(TimeProvider? time = null)
    {
        options.KeepVersions = KeepVersions;
        return new AzureLayerStore(options, time);
    }

    public override Task<long> StoredBytesAsync(string collectionId, string? versionId = null) =>
        new AzureLayerStore(options).StoredBytesAsync(collectionId, versionId);

    public override async Task DamageAsync(string collectionId, string versionId, Func<byte[], byte[]> change)
    {
        var blob = new Azure.Storage.Blobs.BlobServiceClient(options.ConnectionString).GetBlobContainerClient(options.ContainerName)
            .GetBlobClient($"{collectionId}/{versionId}.fgb");
        var bytes = (await blob.DownloadContentAsync()).Value.Content.ToArray();
        await blob.UploadAsync(new BinaryData(change(bytes)), overwrite: true);
        File.Delete(Path.Combine(options.ResolvedCacheDirectory, options.ContainerName, collectionId, versionId + ".fgb"));
    }
}

public sealed class LocalStore : StoreSetup
{
    public string Directory { get; } = Path.Combine(Path.GetTempPath(), "maps-local-store-" + Guid.NewGuid().ToString("N"));

    public override string Kind => "local";

    public override string HealthMode => "embedded";

    public override StorageApiFactory Factory(string? manageKey = StorageApiFactory.Key, PublishHooks? hooks = null) =>
        new(null, manageKey, hooks, Directory, KeepVersions);

    public override ILayerStore Store(TimeProvider? time = null) =>
        new LocalLayerStore(new LocalStoreOptions { Directory = Directory, KeepVersions = KeepVersions, BlockBytes = AzuriteFixture.TestBlockBytes }, time);

    public override Task<long> StoredBytesAsync(string collectionId, string? versionId = null) => Store().StoredBytesAsync(collectionId, versionId);

    public override async Task DamageAsync(string collectionId, string versionId, Func<byte[], byte[]> change)
    {
        string path = Path.Combine(Directory, "versions", collectionId, versionId, "layer.fgb");
        await File.WriteAllBytesAsync(path, change(await File.ReadAllBytesAsync(path)));
    }
}
