using Azure;
using Azure.Data.Tables;
using Maps.Core.Layers;
using Maps.Storage.Publishing;

namespace Maps.Storage.Tables;

/// <summary>
/// Writes one version into Table Storage: a version row with status <c>writing</c> first, then the
/// features packed into rows (<see cref="RowPacker"/>) and written as single-partition batches, up to
/// <see cref="StoreSettings.WriteConcurrency"/> in parallel, and last the version row replaced with
/// status <c>complete</c> and its counts (conditional on its ETag: a cleanup that removed it meanwhile is a conflict).
/// </summary>
internal sealed class TableVersionWriter : IVersionWriter
{
    private readonly TableLayerStore _store;
    private readonly string _collectionId;
    private readonly PublishHooks _hooks;
    private readonly RowPacker _packer;
    private readonly TableEntity _versionRow;
    private readonly List<Task> _inflight = [];
    private int _batchesWritten;

    private TableVersionWriter(TableLayerStore store, string collectionId, string versionId, PublishHooks hooks, TableEntity versionRow)
    {
        _store = store;
        _collectionId = collectionId;
        VersionId = versionId;
        _hooks = hooks;
        _versionRow = versionRow;
        _packer = new RowPacker(collectionId, versionId);
    }

    public static async Task<TableVersionWriter> StartAsync(TableLayerStore store, string collectionId, string versionId, PublishHooks hooks, CancellationToken cancellationToken)
    {
        var row = new TableEntity(collectionId, versionId)
        {
            [StoreSchema.Status] = StoreSchema.StatusWriting,
            [StoreSchema.Created] = store.TimeProvider.GetUtcNow(),
        };
        var added = await StoreErrors.Guard(() => store.Versions.AddEntityAsync(row, cancellationToken));
        row.ETag = added.Headers.ETag ?? ETag.All;
        return new TableVersionWriter(store, collectionId, versionId, hooks, row);
    }

    public string VersionId { get; }

    public int FeatureCount => _packer.FeatureCount;

    public long ByteSize => _packer.ByteSize;

    public void AppendFeature(ReadOnlySpan<byte> feature) => _packer.AppendFeature(feature);

    public async ValueTask WriteReadyAsync(bool drain, CancellationToken cancellationToken)
    {
        while (_packer.TryTakeBatch(out var batch))
        {
            while (_inflight.Count >= Math.Max(1, _store.Settings.WriteConcurrency))
            {
                var done = await Task.WhenAny(_inflight);
                _inflight.Remove(done);
                await done;
            }
            _inflight.Add(WriteBatchAsync(batch, cancellationToken));
        }
        if (drain)
        {
            await Task.WhenAll(_inflight);
            _inflight.Clear();
        }
    }

    public async Task<VersionInfo> CompleteAsync(IReadOnlyList<QueryableProperty> queryables, CancellationToken cancellationToken)
    {
        _packer.Flush();
        await WriteReadyAsync(drain: true, cancellationToken);
        string queryablesJson = StoreSchema.SerializeQueryables(queryables);
        // A table string holds 32K UTF-16 characters; hundreds of properties would not fit, and the catalog keeps them anyway.
        if (queryablesJson.Length * 2 <= TableLimits.MaxPropertyBytes)
            _versionRow[StoreSchema.Queryables] = queryablesJson;
        _versionRow[StoreSchema.Status] = StoreSchema.StatusComplete;
        _versionRow[StoreSchema.FeatureCount] = _packer.FeatureCount;
        _versionRow[StoreSchema.ByteSize] = _packer.ByteSize;
        _versionRow[StoreSchema.RowCount] = _packer.RowCount;
        _versionRow[StoreSchema.BatchCount] = _packer.BatchCount;
        await StoreErrors.Guard(async () =>
        {
            try
            {
                await _store.Versions.UpdateEntityAsync(_versionRow, _versionRow.ETag, TableUpdateMode.Replace, cancellationToken);
            }
            catch (RequestFailedException e) when (e.Status is 404 or 412)
            {
                throw new PublishConflictException($"Version '{VersionId}' of '{_collectionId}' was removed while it was being written (a cleanup or delete ran); nothing was switched.");
            }
        });
        return TableLayerStore.ToVersionInfo(_versionRow);
    }

    public async Task SettleAsync()
    {
        try
        {
            await Task.WhenAll(_inflight);
        }
        catch
        {
            // Already failing; the first error is the one reported.
        }
    }

    private async Task WriteBatchAsync(IReadOnlyList<TableTransactionAction> batch, CancellationToken cancellationToken)
    {
        await _store.SubmitBatchAsync(batch, cancellationToken);
        await _hooks.AfterBatchAsync(_collectionId, VersionId, Interlocked.Increment(ref _batchesWritten), cancellationToken);
    }
}
