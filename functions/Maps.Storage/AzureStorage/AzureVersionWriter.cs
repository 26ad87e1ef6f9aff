using System.Text;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs.Specialized;
using Maps.Core.Layers;
using Maps.Storage.Publishing;

namespace Maps.Storage.AzureStorage;

/// <summary>
/// Writes one version into Azure Storage: a version record with status <c>writing</c> first; the
/// features spooled into a layer file on local disk; then the file staged as blocks of
/// <see cref="StoreSettings.BlockBytes"/>, up to <see cref="StoreSettings.WriteConcurrency"/> at a
/// time (<see cref="PublishHooks.AfterBatchAsync"/> after each), the block list committed (the blob
/// appears whole or not at all), and last the version record replaced with status <c>complete</c>,
/// its counts and hash (conditional on its ETag: a cleanup that removed it meanwhile is a conflict).
/// </summary>
internal sealed class AzureVersionWriter : VersionFileWriter
{
    private readonly AzureLayerStore _store;
    private readonly TableEntity _record;

    private AzureVersionWriter(AzureLayerStore store, string collectionId, string versionId, PublishHooks hooks, TableEntity record, string workDirectory)
        : base(collectionId, versionId, hooks, workDirectory)
    {
        _store = store;
        _record = record;
    }

    public static async Task<IVersionWriter> StartAsync(AzureLayerStore store, string collectionId, string versionId, PublishHooks hooks, CancellationToken cancellationToken)
    {
        var record = new TableEntity(collectionId, versionId)
        {
            [StoreSchema.Status] = StoreSchema.StatusWriting,
            [StoreSchema.Created] = store.TimeProvider.GetUtcNow(),
        };
        var added = await StoreErrors.Guard(() => store.Versions.AddEntityAsync(record, cancellationToken));
        record.ETag = added.Headers.ETag ?? ETag.All;
        string work = Path.Combine(store.Options.ResolvedCacheDirectory, "writing", $"{collectionId}-{versionId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(work);
        return new AzureVersionWriter(store, collectionId, versionId, hooks, record, work);
    }

    protected override async Task<VersionInfo> StoreAsync(string path, LayerFileInfo info, CollectionMetadata metadata, CancellationToken cancellationToken)
    {
        var blob = _store.Blobs.GetBlockBlobClient(AzureLayerStore.BlobName(CollectionId, VersionId));
        int blockBytes = _store.Settings.BlockBytes;
        int blocks = BlockCount(info.Length, blockBytes);
        var ids = Enumerable.Range(0, blocks).Select(i => Convert.ToBase64String(Encoding.ASCII.GetBytes($"{i:D8}"))).ToArray();
        int staged = 0;
        using (var gate = new SemaphoreSlim(Math.Max(1, _store.Settings.WriteConcurrency)))
        {
            var uploads = new List<Task>();
            for (int i = 0; i < blocks; i++)
            {
                await gate.WaitAsync(cancellationToken);
                int block = i;
                uploads.Add(Task.Run(async () =>
                {
                    try
                    {
                        long offset = (long)block * blockBytes;
                        var bytes = new byte[(int)Math.Min(blockBytes, info.Length - offset)];
                        using (var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1))
                        {
                            file.Position = offset;
                            file.ReadExactly(bytes);
                        }
                        await StoreErrors.Guard(() => blob.StageBlockAsync(ids[block], new MemoryStream(bytes), cancellationToken: cancellationToken));
                        await Hooks.AfterBatchAsync(CollectionId, VersionId, Interlocked.Increment(ref staged), cancellationToken);
                    }
                    finally
                    {
                        gate.Release();
                    }
                }, cancellationToken));
            }
            await Task.WhenAll(uploads);
        }
        await StoreErrors.Guard(() => blob.CommitBlockListAsync(ids, cancellationToken: cancellationToken));

        var queryables = StoreSchema.SerializeQueryables(metadata.Queryables);
        _record[StoreSchema.Status] = StoreSchema.StatusComplete;
        _record[StoreSchema.FeatureCount] = info.FeatureCount;
        _record[StoreSchema.ByteSize] = info.Length;
        _record[StoreSchema.Blocks] = blocks;
        _record[StoreSchema.ContentHash] = info.ContentHash;
        // A version's queryables travel with its catalog entry anyway; a list too long for one table property is left out here.
        if (queryables.Length <= StoreSchema.MaxQueryablesChars)
            _record[StoreSchema.Queryables] = queryables;
        TableLimits.EnsureEntity(_record);
        await StoreErrors.Guard(async () =>
        {
            try
            {
                await _store.Versions.UpdateEntityAsync(_record, _record.ETag, TableUpdateMode.Replace, cancellationToken);
            }
            catch (RequestFailedException e) when (e.Status is 404 or 412)
            {
                throw new PublishConflictException($"Version '{VersionId}' of '{CollectionId}' was removed while it was being written (a cleanup took it for a crashed publish).");
            }
        });
        // This instance has the file already: it goes into the cache it would otherwise fetch it into.
        try
        {
            string cached = _store.CachePath(CollectionId, VersionId);
            Directory.CreateDirectory(Path.GetDirectoryName(cached)!);
            File.Move(path, cached, overwrite: true);
            Directory.Delete(WorkDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
        return AzureLayerStore.ToVersionInfo(_record);
    }

    public override async Task SettleAsync()
    {
        await base.SettleAsync();
        try
        {
            Directory.Delete(WorkDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
