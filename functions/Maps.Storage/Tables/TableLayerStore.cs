using Azure;
using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Maps.Core.Layers;
using Maps.Storage.Publishing;

namespace Maps.Storage.Tables;

/// <summary>
/// The layer store on Azure Table Storage: three tables (catalog, versions, features; see README.md),
/// reads of whole versions, the ETag-conditional switch of current versions (one entity, or an entity
/// group transaction over the catalog's single partition when several collections switch together),
/// deletes and the cleanup of crashed publishes (versions still <c>writing</c> after
/// <see cref="StoreSettings.OrphanMinutes"/>: a table cannot tell a dead writer from a slow one).
/// Versions are written by <see cref="TableVersionWriter"/>. Thread-safe; one instance per process.
/// </summary>
public sealed class TableLayerStore : ILayerStore
{
    private readonly TableServiceClient _service;
    private readonly SemaphoreSlim _createGate = new(1, 1);
    private volatile bool _tablesExist;

    public TableLayerStore(LayerStoreOptions options, TimeProvider? timeProvider = null)
    {
        if (!options.IsConfigured)
            throw new ArgumentException("Neither Maps:TableStorage:ConnectionString nor Maps:TableStorage:Endpoint is set.", nameof(options));
        Options = options;
        TimeProvider = timeProvider ?? TimeProvider.System;
        var clientOptions = new TableClientOptions();
        clientOptions.Retry.MaxRetries = options.MaxRetries;
        clientOptions.Retry.Mode = RetryMode.Exponential;
        clientOptions.Retry.Delay = TimeSpan.FromMilliseconds(200);
        clientOptions.Retry.MaxDelay = TimeSpan.FromSeconds(2);
        clientOptions.Retry.NetworkTimeout = TimeSpan.FromSeconds(options.NetworkTimeoutSeconds);
        _service = !string.IsNullOrWhiteSpace(options.ConnectionString)
            ? new TableServiceClient(options.ConnectionString, clientOptions)
            : new TableServiceClient(new Uri(options.Endpoint!), new DefaultAzureCredential(), clientOptions);
        Catalog = _service.GetTableClient(options.TablePrefix + "catalog");
        Versions = _service.GetTableClient(options.TablePrefix + "versions");
        Features = _service.GetTableClient(options.TablePrefix + "features");
    }

    public LayerStoreOptions Options { get; }

    public string Kind => "table-storage";

    public StoreSettings Settings => Options.Settings;

    public TimeProvider TimeProvider { get; }

    internal TableClient Catalog { get; }

    internal TableClient Versions { get; }

    internal TableClient Features { get; }

    /// <summary>Creates the three tables when missing (once per instance).</summary>
    public async Task EnsureTablesAsync(CancellationToken cancellationToken = default)
    {
        if (_tablesExist)
            return;
        await _createGate.WaitAsync(cancellationToken);
        try
        {
            if (_tablesExist)
                return;
            await StoreErrors.Guard(async () =>
            {
                foreach (var table in new[] { Catalog, Versions, Features })
                    await table.CreateIfNotExistsAsync(cancellationToken);
            });
            _tablesExist = true;
        }
        finally
        {
            _createGate.Release();
        }
    }

    /// <summary>Every collection in the catalog, ordered by id.</summary>
    public async Task<IReadOnlyList<CatalogEntry>> GetCatalogAsync(CancellationToken cancellationToken = default)
    {
        await EnsureTablesAsync(cancellationToken);
        return await StoreErrors.Guard(async () =>
        {
            var entries = new List<CatalogEntry>();
            string filter = TableClient.CreateQueryFilter($"PartitionKey eq {StoreSchema.CatalogPartition}");
            await foreach (var entity in Catalog.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
                entries.Add(ToCatalogEntry(entity));
            return (IReadOnlyList<CatalogEntry>)entries.OrderBy(e => e.CollectionId, StringComparer.Ordinal).ToArray();
        });
    }

    /// <summary>One collection's catalog entry, or null when it has none.</summary>
    public async Task<CatalogEntry?> GetCatalogEntryAsync(string collectionId, CancellationToken cancellationToken = default)
    {
        await EnsureTablesAsync(cancellationToken);
        return await StoreErrors.Guard(async () =>
        {
            var response = await Catalog.GetEntityIfExistsAsync<TableEntity>(StoreSchema.CatalogPartition, collectionId, cancellationToken: cancellationToken);
            return response.HasValue ? ToCatalogEntry(response.Value!) : null;
        });
    }

    /// <summary>Every version of a collection (complete or not), oldest first.</summary>
    public async Task<IReadOnlyList<VersionInfo>> ListVersionsAsync(string collectionId, CancellationToken cancellationToken = default)
    {
        await EnsureTablesAsync(cancellationToken);
        return await StoreErrors.Guard(async () =>
        {
            var versions = new List<VersionInfo>();
            string filter = TableClient.CreateQueryFilter($"PartitionKey eq {collectionId}");
            await foreach (var entity in Versions.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
                versions.Add(ToVersionInfo(entity));
            return (IReadOnlyList<VersionInfo>)versions.OrderBy(v => v.VersionId, StringComparer.Ordinal).ToArray();
        });
    }

    public async Task<VersionInfo?> GetVersionAsync(string collectionId, string versionId, CancellationToken cancellationToken = default)
    {
        await EnsureTablesAsync(cancellationToken);
        return await StoreErrors.Guard(async () =>
        {
            var response = await Versions.GetEntityIfExistsAsync<TableEntity>(collectionId, versionId, cancellationToken: cancellationToken);
            return response.HasValue ? ToVersionInfo(response.Value!) : null;
        });
    }

    /// <summary>
    /// The features of one complete version as a FeatureCollection (<c>{"type":"FeatureCollection","features":[...]}</c>),
    /// reassembled from its rows in row-key order into one buffer sized from the version row. Throws
    /// <see cref="InvalidDataException"/> when the rows do not add up to the recorded size.
    /// </summary>
    public async Task<byte[]> ReadVersionAsync(string collectionId, string versionId, CancellationToken cancellationToken = default)
    {
        var version = await GetVersionAsync(collectionId, versionId, cancellationToken)
            ?? throw new StoreNotFoundException($"Collection '{collectionId}' has no version '{versionId}'.");
        if (!version.IsComplete)
            throw new InvalidDataException($"Version '{versionId}' of '{collectionId}' is not complete.");
        byte[] prefix = "{\"type\":\"FeatureCollection\",\"features\":["u8.ToArray();
        byte[] suffix = "]}"u8.ToArray();
        var buffer = new byte[prefix.Length + version.ByteSize + suffix.Length];
        prefix.CopyTo(buffer, 0);
        long offset = prefix.Length;
        int rows = 0;
        string? lastRow = null;
        await StoreErrors.Guard(async () =>
        {
            var (from, to) = StoreSchema.FeatureRange(collectionId, versionId);
            string filter = TableClient.CreateQueryFilter($"PartitionKey ge {from} and PartitionKey lt {to}");
            // Results come in (PartitionKey, RowKey) order, which is the order of the byte stream.
            await foreach (var row in Features.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
            {
                if (lastRow is not null && string.CompareOrdinal(row.RowKey, lastRow) <= 0)
                    throw new InvalidDataException($"Rows of '{collectionId}' version '{versionId}' came out of order.");
                lastRow = row.RowKey;
                for (int i = 0; i < StoreSchema.DataPropertiesPerRow; i++)
                {
                    if (!row.TryGetValue(StoreSchema.DataProperty(i), out var value) || value is null)
                        break;
                    var bytes = value switch
                    {
                        byte[] b => b.AsMemory(),
                        BinaryData d => d.ToMemory(),
                        _ => throw new InvalidDataException($"Row {row.RowKey} of '{collectionId}' has a non-binary data column."),
                    };
                    if (offset + bytes.Length > buffer.Length - suffix.Length)
                        throw new InvalidDataException($"Rows of '{collectionId}' version '{versionId}' hold more bytes than recorded ({version.ByteSize}).");
                    bytes.Span.CopyTo(buffer.AsSpan((int)offset));
                    offset += bytes.Length;
                }
                rows++;
            }
        });
        if (offset != prefix.Length + version.ByteSize || rows != version.RowCount)
            throw new InvalidDataException(
                $"Version '{versionId}' of '{collectionId}' is incomplete in storage: {rows} of {version.RowCount} rows, {offset - prefix.Length} of {version.ByteSize} bytes.");
        suffix.CopyTo(buffer, offset);
        return buffer;
    }

    public async Task<IVersionWriter> BeginVersionAsync(string collectionId, string versionId, PublishHooks hooks, CancellationToken cancellationToken = default)
    {
        await EnsureTablesAsync(cancellationToken);
        return await TableVersionWriter.StartAsync(this, collectionId, versionId, hooks, cancellationToken);
    }

    /// <summary>
    /// One collection: a replace conditional on the entry's ETag, or an add for a new collection (which
    /// fails if another writer created it). Several: the same operations in one entity group transaction
    /// (the catalog is one partition), so they switch together or not at all.
    /// </summary>
    public async Task<IReadOnlyList<CatalogEntry>> SwitchCurrentVersionsAsync(IReadOnlyList<CatalogSwitch> switches, CancellationToken cancellationToken = default)
    {
        var entities = new List<TableEntity>(switches.Count);
        foreach (var s in switches)
        {
            var version = await GetVersionAsync(s.CollectionId, s.VersionId, cancellationToken);
            if (version is not { IsComplete: true })
                throw new StoreNotFoundException($"Collection '{s.CollectionId}' has no complete version '{s.VersionId}'.");
            var entity = new TableEntity(StoreSchema.CatalogPartition, s.CollectionId)
            {
                [StoreSchema.CurrentVersion] = s.VersionId,
                [StoreSchema.Metadata] = StoreSchema.SerializeMetadata(s.Metadata),
                [StoreSchema.UpdatedAt] = TimeProvider.GetUtcNow(),
            };
            TableLimits.EnsureEntity(entity);
            entities.Add(entity);
        }
        return await StoreErrors.Guard(async () =>
        {
            try
            {
                var etags = new ETag[switches.Count];
                if (switches.Count == 1)
                {
                    Response response = switches[0].Expected is { } expected
                        ? await Catalog.UpdateEntityAsync(entities[0], expected.ETag, TableUpdateMode.Replace, cancellationToken)
                        : await Catalog.AddEntityAsync(entities[0], cancellationToken);
                    etags[0] = response.Headers.ETag ?? default;
                }
                else
                {
                    var actions = switches.Select((s, i) => s.Expected is { } expected
                        ? new TableTransactionAction(TableTransactionActionType.UpdateReplace, entities[i], expected.ETag)
                        : new TableTransactionAction(TableTransactionActionType.Add, entities[i])).ToArray();
                    var responses = await Catalog.SubmitTransactionAsync(actions, cancellationToken);
                    for (int i = 0; i < etags.Length; i++)
                        etags[i] = responses.Value[i].Headers.ETag ?? default;
                }
                return (IReadOnlyList<CatalogEntry>)switches.Select((s, i) =>
                    new CatalogEntry(s.CollectionId, s.VersionId, s.Metadata, (DateTimeOffset)entities[i][StoreSchema.UpdatedAt], etags[i])).ToArray();
            }
            catch (RequestFailedException e) when (e.Status is 409 or 412 || (e.Status == 404 && switches.Any(s => s.Expected is not null)))
            {
                throw new PublishConflictException(
                    $"Collection '{string.Join("', '", switches.Select(s => s.CollectionId))}' was changed by another publish, rollback or delete while this one ran; nothing was switched. Retry against the new state.");
            }
        });
    }

    public async Task<bool> DeleteCollectionAsync(string collectionId, CancellationToken cancellationToken = default)
    {
        var entry = await GetCatalogEntryAsync(collectionId, cancellationToken);
        if (entry is not null)
        {
            await StoreErrors.Guard(async () =>
            {
                try
                {
                    await Catalog.DeleteEntityAsync(StoreSchema.CatalogPartition, collectionId, entry.ETag, cancellationToken);
                }
                catch (RequestFailedException e) when (e.Status == 412)
                {
                    throw new PublishConflictException($"Collection '{collectionId}' changed while it was being deleted; retry.");
                }
            });
        }
        var versions = await ListVersionsAsync(collectionId, cancellationToken);
        foreach (var version in versions)
            await DeleteVersionAsync(collectionId, version.VersionId, cancellationToken);
        return entry is not null || versions.Count > 0;
    }

    /// <summary>Its version row first (so it can no longer be chosen), then its feature rows.</summary>
    public async Task DeleteVersionAsync(string collectionId, string versionId, CancellationToken cancellationToken = default)
    {
        await EnsureTablesAsync(cancellationToken);
        await StoreErrors.Guard(async () =>
        {
            try
            {
                await Versions.DeleteEntityAsync(collectionId, versionId, ETag.All, cancellationToken);
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
            }
        });
        await DeleteRowsAsync(collectionId, versionId, cancellationToken);
    }

    /// <summary>
    /// Deletes versions still <c>writing</c> that were created more than <paramref name="minimumAge"/> ago
    /// (crashed publishes), with their rows; in one collection, or in all when <paramref name="collectionId"/> is null.
    /// </summary>
    /// <returns>The ids of the versions deleted.</returns>
    public async Task<IReadOnlyList<string>> DeleteIncompleteVersionsAsync(string? collectionId, TimeSpan minimumAge, CancellationToken cancellationToken = default)
    {
        await EnsureTablesAsync(cancellationToken);
        var cutoff = TimeProvider.GetUtcNow() - minimumAge;
        var orphans = new List<VersionInfo>();
        await StoreErrors.Guard(async () =>
        {
            string filter = collectionId is null
                ? TableClient.CreateQueryFilter($"Status eq {StoreSchema.StatusWriting} and Created le {cutoff}")
                : TableClient.CreateQueryFilter($"PartitionKey eq {collectionId} and Status eq {StoreSchema.StatusWriting} and Created le {cutoff}");
            await foreach (var entity in Versions.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
                orphans.Add(ToVersionInfo(entity));
        });
        foreach (var orphan in orphans)
            await DeleteVersionAsync(orphan.CollectionId, orphan.VersionId, cancellationToken);
        return orphans.Select(o => $"{o.CollectionId}/{o.VersionId}").ToArray();
    }

    /// <summary>Counts the feature rows of one version, or of every version of a collection (tests and the bench).</summary>
    public async Task<(int Rows, long Bytes)> CountRowsAsync(string collectionId, string? versionId = null, CancellationToken cancellationToken = default)
    {
        await EnsureTablesAsync(cancellationToken);
        int rows = 0;
        long bytes = 0;
        await StoreErrors.Guard(async () =>
        {
            var (from, to) = StoreSchema.FeatureRange(collectionId, versionId);
            string filter = TableClient.CreateQueryFilter($"PartitionKey ge {from} and PartitionKey lt {to}");
            await foreach (var row in Features.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
            {
                rows++;
                bytes += TableLimits.EntitySize(row, row);
            }
        });
        return (rows, bytes);
    }

    /// <summary>Writes one batch after checking it against the service limits.</summary>
    internal async Task SubmitBatchAsync(IReadOnlyList<TableTransactionAction> batch, CancellationToken cancellationToken)
    {
        TableLimits.EnsureBatch(batch);
        await StoreErrors.Guard(() => Features.SubmitTransactionAsync(batch, cancellationToken));
    }

    private async Task DeleteRowsAsync(string collectionId, string versionId, CancellationToken cancellationToken)
    {
        var (from, to) = StoreSchema.FeatureRange(collectionId, versionId);
        string filter = TableClient.CreateQueryFilter($"PartitionKey ge {from} and PartitionKey lt {to}");
        var keys = new List<(string Partition, string Row)>();
        await StoreErrors.Guard(async () =>
        {
            await foreach (var row in Features.QueryAsync<TableEntity>(filter, select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
                keys.Add((row.PartitionKey, row.RowKey));
        });
        foreach (var partition in keys.GroupBy(k => k.Partition))
        {
            foreach (var chunk in partition.Chunk(TableLimits.MaxBatchOperations))
            {
                var batch = chunk.Select(k => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(k.Partition, k.Row), ETag.All)).ToArray();
                TableLimits.EnsureBatch(batch);
                await StoreErrors.Guard(async () =>
                {
                    try
                    {
                        await Features.SubmitTransactionAsync(batch, cancellationToken);
                    }
                    catch (TableTransactionFailedException e) when (e.Status == 404)
                    {
                        // Someone else deleted some of them already; delete the rest one by one.
                        foreach (var action in batch)
                            await Features.DeleteEntityAsync(action.Entity.PartitionKey, action.Entity.RowKey, ETag.All, cancellationToken);
                    }
                });
            }
        }
    }

    internal static CatalogEntry ToCatalogEntry(TableEntity entity) => new(
        entity.RowKey,
        entity.GetString(StoreSchema.CurrentVersion) ?? throw new InvalidDataException($"Catalog entry '{entity.RowKey}' has no CurrentVersion."),
        StoreSchema.DeserializeMetadata(entity.GetString(StoreSchema.Metadata) ?? throw new InvalidDataException($"Catalog entry '{entity.RowKey}' has no Metadata.")),
        entity.GetDateTimeOffset(StoreSchema.UpdatedAt) ?? default,
        entity.ETag);

    internal static VersionInfo ToVersionInfo(TableEntity entity) => new(
        entity.PartitionKey,
        entity.RowKey,
        entity.GetString(StoreSchema.Status) ?? StoreSchema.StatusWriting,
        entity.GetInt32(StoreSchema.FeatureCount) ?? 0,
        entity.GetInt64(StoreSchema.ByteSize) ?? 0,
        entity.GetInt32(StoreSchema.RowCount) ?? 0,
        entity.GetInt32(StoreSchema.BatchCount) ?? 0,
        entity.GetDateTimeOffset(StoreSchema.Created) ?? default,
        StoreSchema.DeserializeQueryables(entity.GetString(StoreSchema.Queryables)));
}
