using System.Text.Json;
using Maps.Core.Layers;
using Maps.Storage.Publishing;

namespace Maps.Storage.Local;

/// <summary>
/// Writes one version of the local store in its staging directory, holding the directory's writer lock
/// throughout: the features spool there, completing writes <c>layer.fgb</c> there (flushed to disk;
/// <see cref="PublishHooks.AfterBatchAsync"/> once per <see cref="StoreSettings.BlockBytes"/> of it),
/// then <c>version.json</c>, then renames the directory into <c>versions/</c> in one step.
/// </summary>
internal sealed class LocalVersionWriter : VersionFileWriter
{
    private readonly LocalLayerStore _store;
    private readonly DateTimeOffset _created;
    private readonly FileLock _lock;

    private LocalVersionWriter(LocalLayerStore store, string collectionId, string versionId, PublishHooks hooks, string staging, FileLock held)
        : base(collectionId, versionId, hooks, staging)
    {
        _store = store;
        _lock = held;
        _created = store.TimeProvider.GetUtcNow();
    }

    public static Task<IVersionWriter> StartAsync(LocalLayerStore store, string collectionId, string versionId, PublishHooks hooks)
    {
        string staging = store.StagingDirectory(collectionId, versionId);
        Directory.CreateDirectory(staging);
        var held = FileLock.TryTake(Path.Combine(staging, LocalLayerStore.WriterLockFile))
            ?? throw new PublishConflictException($"Version '{versionId}' of '{collectionId}' is already being written.");
        return Task.FromResult<IVersionWriter>(new LocalVersionWriter(store, collectionId, versionId, hooks, staging, held));
    }

    /// <summary>The shape of generated version ids (<see cref="LayerPublisher.NewVersionId"/>), so that a path built from one stays inside the store.</summary>
    public static bool IsVersionId(string versionId) =>
        versionId.Length is > 0 and <= 40 && versionId.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');

    protected override async Task<VersionInfo> StoreAsync(string path, LayerFileInfo info, CollectionMetadata metadata, CancellationToken cancellationToken)
    {
        int blocks = BlockCount(info.Length, _store.Settings.BlockBytes);
        for (int block = 1; block <= blocks; block++)
            await Hooks.AfterBatchAsync(CollectionId, VersionId, block, cancellationToken);
        var version = new VersionInfo(CollectionId, VersionId, StoreSchema.StatusComplete, info.FeatureCount, info.Length, blocks, _created,
            info.ContentHash, metadata.Queryables);
        await StoreErrors.Guard(async () =>
        {
            await LocalFiles.WriteAtomicallyAsync(Path.Combine(WorkDirectory, LocalLayerStore.VersionFile),
                JsonSerializer.SerializeToUtf8Bytes(version, StoreSchema.MetadataJson), cancellationToken);
            string target = _store.VersionDirectory(CollectionId, VersionId);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            // Moved with the lock held (Unix renames a directory with open files), so no cleanup can take a free lock in between.
            Directory.Move(WorkDirectory, target);
            _lock.Dispose();
            File.Delete(Path.Combine(target, LocalLayerStore.WriterLockFile));
        });
        return version;
    }

    public override async Task SettleAsync()
    {
        await base.SettleAsync();
        _lock.Dispose();
    }
}
