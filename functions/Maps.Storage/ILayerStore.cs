using Maps.Core.Layers;
using Maps.Storage.Publishing;

namespace Maps.Storage;

/// <summary>What guards a catalog entry's switch: the store's own tag (a Table entity's ETag, a local GUID), compared for equality only.</summary>
public readonly record struct VersionTag(string Value)
{
    public override string ToString() => Value;
}

/// <summary>A collection's entry in the catalog: its current version and metadata, with the tag that guards the switch.</summary>
public sealed record CatalogEntry(string CollectionId, string CurrentVersion, CollectionMetadata Metadata, DateTimeOffset UpdatedAt, VersionTag Tag);

/// <summary>
/// One version of a collection: its layer file's features, bytes and content hash (XXH3-64, 16 hex
/// digits), and the blocks the store wrote it in.
/// </summary>
public sealed record VersionInfo(string CollectionId, string VersionId, string Status, int FeatureCount, long ByteSize, int Blocks, DateTimeOffset Created,
    string? ContentHash = null, IReadOnlyList<QueryableProperty>? Queryables = null)
{
    public bool IsComplete => Status == StoreSchema.StatusComplete;
}

/// <summary>One collection's part of a switch: make <see cref="VersionId"/> current, if the entry is still <see cref="Expected"/> (null: the collection must be new).</summary>
public sealed record CatalogSwitch(string CollectionId, string VersionId, CollectionMetadata Metadata, CatalogEntry? Expected);

/// <summary>
/// Where published versions live (docs/architecture.md §7): Azure Storage (<see cref="AzureStorage.AzureLayerStore"/>:
/// the catalog in Table Storage, each version a layer file in Blob Storage) or a local directory
/// (<see cref="Local.LocalLayerStore"/>), with one set of semantics and no vendor type in it. A
/// version is written whole through an <see cref="IVersionWriter"/> (one layer file), and only a
/// complete version can become current; the switch is conditional on the tag the caller read, so of
/// two concurrent writers one wins and the other gets a <see cref="PublishConflictException"/>.
/// Storage that cannot be reached surfaces as <see cref="StorageUnavailableException"/>. Thread-safe.
/// </summary>
public interface ILayerStore
{
    /// <summary>What the health endpoint calls this store: <c>azure-storage</c> or <c>local</c>.</summary>
    string Kind { get; }

    StoreSettings Settings { get; }

    TimeProvider TimeProvider { get; }

    /// <summary>Every collection in the catalog, ordered by id.</summary>
    Task<IReadOnlyList<CatalogEntry>> GetCatalogAsync(CancellationToken cancellationToken = default);

    /// <summary>One collection's catalog entry, or null when it has none.</summary>
    Task<CatalogEntry?> GetCatalogEntryAsync(string collectionId, CancellationToken cancellationToken = default);

    /// <summary>Every version of a collection, oldest first.</summary>
    Task<IReadOnlyList<VersionInfo>> ListVersionsAsync(string collectionId, CancellationToken cancellationToken = default);

    Task<VersionInfo?> GetVersionAsync(string collectionId, string versionId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Opens one complete version's layer file on local disk (a blob is fetched into this instance's
    /// cache first). A file whose length or header is wrong throws <see cref="InvalidDataException"/>;
    /// its hash is checked by the <see cref="Layer"/> that serves it.
    /// </summary>
    Task<LayerFile> OpenVersionAsync(string collectionId, string versionId, CancellationToken cancellationToken = default);

    /// <summary>Starts a new version (not visible to readers, not a rollback target) that the writer fills and completes.</summary>
    Task<IVersionWriter> BeginVersionAsync(string collectionId, string versionId, PublishHooks hooks, CancellationToken cancellationToken = default);

    /// <summary>
    /// Points each collection at its complete version, all or none: every entry must still be the one
    /// the caller read (<see cref="CatalogSwitch.Expected"/>), else nothing changes and a
    /// <see cref="PublishConflictException"/> says so.
    /// </summary>
    Task<IReadOnlyList<CatalogEntry>> SwitchCurrentVersionsAsync(IReadOnlyList<CatalogSwitch> switches, CancellationToken cancellationToken = default);

    /// <summary>Removes a collection: its catalog entry first (readers stop seeing it), then every version.</summary>
    /// <returns>False when the collection had no catalog entry and no versions.</returns>
    Task<bool> DeleteCollectionAsync(string collectionId, CancellationToken cancellationToken = default);

    /// <summary>Deletes one version (never check here whether it is current: callers do).</summary>
    Task DeleteVersionAsync(string collectionId, string versionId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes versions of crashed publishes, in one collection or in all when <paramref name="collectionId"/>
    /// is null: those still being written after <paramref name="minimumAge"/> (and, where the store can tell, sooner: a local writer whose process is gone).
    /// </summary>
    /// <returns>The ids of the versions deleted, as <c>collection/version</c>.</returns>
    Task<IReadOnlyList<string>> DeleteIncompleteVersionsAsync(string? collectionId, TimeSpan minimumAge, CancellationToken cancellationToken = default);

    /// <summary>Bytes the store holds for a version, or for every version of a collection (null): files, blobs and blocks not yet committed.</summary>
    Task<long> StoredBytesAsync(string collectionId, string? versionId = null, CancellationToken cancellationToken = default);
}

/// <summary>
/// A version being written: features are added one at a time (a normalised GeoJSON Feature each)
/// into a layer file spooled on local disk, which <see cref="CompleteAsync"/> writes and stores
/// (blocks, then the version marked complete). Not thread-safe. A writer that is not completed
/// leaves nothing a reader can see; the publisher deletes its version, and a crash is cleaned up by
/// <see cref="ILayerStore.DeleteIncompleteVersionsAsync"/>.
/// </summary>
public interface IVersionWriter
{
    string VersionId { get; }

    int FeatureCount { get; }

    /// <summary>Where the version's features go, through the one ingest path (<see cref="Maps.Core.Import.LayerIngest"/>), before <see cref="CompleteAsync"/>.</summary>
    LayerFileBuilder Features { get; }

    /// <summary>Writes the layer file with <paramref name="metadata"/> as its record, stores it, and marks the version complete; afterwards it can be switched to.</summary>
    Task<VersionInfo> CompleteAsync(CollectionMetadata metadata, CancellationToken cancellationToken);

    /// <summary>Waits for writes in flight (their failures ignored) and releases the writer's files, so that the version can be deleted.</summary>
    Task SettleAsync();
}

/// <summary>Settings both stores share.</summary>
public sealed record StoreSettings
{
    /// <summary>Versions still being written after this many minutes are crashed publishes, deleted by the next publish.</summary>
    public int OrphanMinutes { get; init; } = 30;

    /// <summary>Complete versions kept per collection (the current one always among them); older ones are deleted after each publish.</summary>
    public int KeepVersions { get; init; } = 5;

    /// <summary>Blocks one publish uploads in parallel.</summary>
    public int WriteConcurrency { get; init; } = 4;

    /// <summary>The size of the blocks a version file is stored in (Blob Storage blocks; the local store's write steps).</summary>
    public int BlockBytes { get; init; } = 4 << 20;
}

public static class LayerStoreExtensions
{
    /// <summary>Points one collection at a complete version (<see cref="ILayerStore.SwitchCurrentVersionsAsync"/> for one).</summary>
    public static async Task<CatalogEntry> SwitchCurrentVersionAsync(this ILayerStore store, string collectionId, string versionId, CollectionMetadata metadata,
        CatalogEntry? expected, CancellationToken cancellationToken = default) =>
        (await store.SwitchCurrentVersionsAsync([new CatalogSwitch(collectionId, versionId, metadata, expected)], cancellationToken))[0];
}
