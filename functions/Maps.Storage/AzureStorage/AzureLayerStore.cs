using System.Collections.Concurrent;
using Azure;
using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Maps.Core.Layers;
using Maps.Storage.Publishing;

namespace Maps.Storage.AzureStorage;

/// <summary>
/// The layer store on Azure Storage (see README.md): the catalog and the version records in Table
/// Storage (tables <c>catalog</c> and <c>versions</c>), each version's layer file a block blob
/// <c>{collection}/{version}.fgb</c> in the container <c>layers</c>. A switch of current versions is
/// ETag-conditional (one entity, or an entity group transaction over the catalog's single partition
/// when several collections switch together). An instance reads a version by fetching its blob in
/// parallel ranged reads into a local cache (<see cref="LayerStoreOptions.CacheDirectory"/>), once,
/// and serves it from there. Crashed publishes are versions still <c>writing</c> after
/// <see cref="StoreSettings.OrphanMinutes"/> (a table cannot tell a dead writer from a slow one).
/// Thread-safe; one instance per process.
/// </summary>
public sealed class AzureLayerStore : ILayerStore
{
    private readonly TableServiceClient _tables;
    private readonly SemaphoreSlim _createGate = new(1, 1);
    private readonly ConcurrentDictionary<string, Lazy<Task<LayerFile>>> _opens = new(StringComparer.Ordinal);
    private volatile bool _created;
    private readonly Microsoft.Extensions.Logging.ILogger _logger;

    public AzureLayerStore(LayerStoreOptions options, TimeProvider? timeProvider = null, Microsoft.Extensions.Logging.ILogger? logger = null)
    {
        _logger = logger ?? Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
        if (!options.IsConfigured)
            throw new ArgumentException("Neither Maps:TableStorage:ConnectionString nor Maps:TableStorage:Endpoint is set.", nameof(options));
        Options = options;
        TimeProvider = timeProvider ?? TimeProvider.System;
        var tableOptions = new TableClientOptions();
        Configure(tableOptions.Retry, options);
        var blobOptions = new BlobClientOptions();
        Configure(blobOptions.Retry, options);
        if (!string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            _tables = new TableServiceClient(options.ConnectionString, tableOptions);
            Blobs = new BlobServiceClient(options.ConnectionString, blobOptions).GetBlobContainerClient(options.ContainerName);
        }
        else
        {
            var credential = new DefaultAzureCredential();
            _tables = new TableServiceClient(new Uri(options.Endpoint!), credential, tableOptions);
            Blobs = new BlobServiceClient(options.ResolvedBlobEndpoint, credential, blobOptions).GetBlobContainerClient(options.ContainerName);
        }
        Catalog = _tables.GetTableClient(options.TablePrefix + "catalog");
        Versions = _tables.GetTableClient(options.TablePrefix + "versions");
    }

    private static void Configure(RetryOptions retry, LayerStoreOptions options)
    {
        retry.MaxRetries = options.MaxRetries;
        retry.Mode = RetryMode.Exponential;
        retry.Delay = TimeSpan.FromMilliseconds(200);
        retry.MaxDelay = TimeSpan.FromSeconds(2);
        retry.NetworkTimeout = TimeSpan.FromSeconds(options.NetworkTimeoutSeconds);
    }

    public LayerStoreOptions Options { get; }

    public string Kind => "azure-storage";

    public StoreSettings Settings => Options.Settings;

    public TimeProvider TimeProvider { get; }

    internal TableClient Catalog { get; }

    internal TableClient Versions { get; }

    internal BlobContainerClient Blobs { get; }

    internal static string BlobName(string collectionId, string versionId) => $"{collectionId}/{versionId}.fgb";

    /// <summary>Where this instance keeps a version's layer file once fetched.</summary>
    internal string CachePath(string collectionId, string versionId) =>
        Path.Combine(Options.ResolvedCacheDirectory, Options.ContainerName, collectionId, versionId + ".fgb");

    /// <summary>Creates the two tables and the container when missing (once per instance).</summary>
    public async Task EnsureCreatedAsync(CancellationToken cancellationToken = default)
    {
        if (_created)
            return;
        await _createGate.WaitAsync(cancellationToken);
        try
        {
            if (_created)
                return;
            await StoreErrors.Guard(async () =>
            {
                await Catalog.CreateIfNotExistsAsync(cancellationToken);
                await Versions.CreateIfNotExistsAsync(cancellationToken);
                await Blobs.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
            });
            _created = true;
        }
        finally
        {
            _createGate.Release();
        }
    }

    /// <summary>Every collection in the catalog, ordered by id.</summary>
    public async Task<IReadOnlyList<CatalogEntry>> GetCatalogAsync(CancellationToken cancellationToken = default)
    {
        await EnsureCreatedAsync(cancellationToken);
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
        await EnsureCreatedAsync(cancellationToken);
        return await StoreErrors.Guard(async () =>
        {
            var response = await Catalog.GetEntityIfExistsAsync<TableEntity>(StoreSchema.CatalogPartition, collectionId, cancellationToken: cancellationToken);
            return response.HasValue ? ToCatalogEntry(response.Value!) : null;
        });
    }

    /// <summary>Every version of a collection (complete or not), oldest first.</summary>
    public async Task<IReadOnlyList<VersionInfo>> ListVersionsAsync(string collectionId, CancellationToken cancellationToken = default)
    {
        await EnsureCreatedAsync(cancellationToken);
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
        await EnsureCreatedAsync(cancellationToken);
        return await StoreErrors.Guard(async () =>
        {
            var response = await Versions.GetEntityIfExistsAsync<TableEntity>(collectionId, versionId, cancellationToken: cancellationToken);
            return response.HasValue ? ToVersionInfo(response.Value!) : null;
        });
    }

    /// <summary>
    /// The version's layer file: from this instance's cache when it is there, else read from its
    /// blob at once (a few small ranged reads open it) while it is fetched into the cache in the
    /// background (<see cref="BlobLayerSource"/>). The root hash is checked against the version
    /// record either way. Concurrent callers share one open.
    /// </summary>
    public async Task<LayerFile> OpenVersionAsync(string collectionId, string versionId, CancellationToken cancellationToken = default)
    {
        var version = await GetVersionAsync(collectionId, versionId, cancellationToken);
        if (version is not { IsComplete: true })
            throw new StoreNotFoundException($"Collection '{collectionId}' has no version '{versionId}'.");
        string key = collectionId + "/" + versionId;
        var open = _opens.GetOrAdd(key, _ => new Lazy<Task<LayerFile>>(() => Task.Run(() => Open(version))));
        try
        {
            return await open.Value.WaitAsync(cancellationToken);
        }
        catch
        {
            _opens.TryRemove(new KeyValuePair<string, Lazy<Task<LayerFile>>>(key, open));
            throw;
        }
    }

    private LayerFile Open(VersionInfo version)
    {
        string path = CachePath(version.CollectionId, version.VersionId);
        if (File.Exists(path) && Matches(path, version) is { } cached)
            return cached;
        var source = BlobLayerSource.Start(Blobs.GetBlobClient(BlobName(version.CollectionId, version.VersionId)), version.ByteSize, path,
            fetched => Matches(fetched, version) is { } file && Release(file), _logger);
        try
        {
            var file = LayerFile.Open(source);
            if (file.ContentHash != version.ContentHash)
                throw new InvalidDataException(
                    $"The blob of version '{version.VersionId}' of '{version.CollectionId}' has the root hash {file.ContentHash}, not the {version.ContentHash} recorded.");
            return file;
        }
        catch
        {
            source.Dispose();
            throw;
        }

        static bool Release(LayerFile file)
        {
            file.Source.Dispose();
            return true;
        }
    }

    /// <summary>The cached file, when its length and footer hash are the version's; else null (and it is fetched again).</summary>
    private static LayerFile? Matches(string path, VersionInfo version)
    {
        try
        {
            var file = LayerFile.Open(path);
            if (file.Source.Length == version.ByteSize && file.ContentHash == version.ContentHash)
                return file;
            file.Source.Dispose();
        }
        catch (InvalidDataException)
        {
        }
        return null;
    }

    public async Task<IVersionWriter> BeginVersionAsync(string collectionId, string versionId, PublishHooks hooks, CancellationToken cancellationToken = default)
    {
        await EnsureCreatedAsync(cancellationToken);
        return await AzureVersionWriter.StartAsync(this, collectionId, versionId, hooks, cancellationToken);
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
                        ? await Catalog.UpdateEntityAsync(entities[0], new ETag(expected.Tag.Value), TableUpdateMode.Replace, cancellationToken)
                        : await Catalog.AddEntityAsync(entities[0], cancellationToken);
                    etags[0] = response.Headers.ETag ?? default;
                }
                else
                {
                    var actions = switches.Select((s, i) => s.Expected is { } expected
                        ? new TableTransactionAction(TableTransactionActionType.UpdateReplace, entities[i], new ETag(expected.Tag.Value))
                        : new TableTransactionAction(TableTransactionActionType.Add, entities[i])).ToArray();
                    TableLimits.EnsureBatch(actions);
                    var responses = await Catalog.SubmitTransactionAsync(actions, cancellationToken);
                    for (int i = 0; i < etags.Length; i++)
                        etags[i] = responses.Value[i].Headers.ETag ?? default;
                }
                return (IReadOnlyList<CatalogEntry>)switches.Select((s, i) =>
                    new CatalogEntry(s.CollectionId, s.VersionId, s.Metadata, (DateTimeOffset)entities[i][StoreSchema.UpdatedAt], new VersionTag(etags[i].ToString()))).ToArray();
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
                    await Catalog.DeleteEntityAsync(StoreSchema.CatalogPartition, collectionId, new ETag(entry.Tag.Value), cancellationToken);
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

    /// <summary>Its version record first (so it can no longer be chosen), then its blob, with any blocks staged and not committed.</summary>
    public async Task DeleteVersionAsync(string collectionId, string versionId, CancellationToken cancellationToken = default)
    {
        await EnsureCreatedAsync(cancellationToken);
        await StoreErrors.Guard(async () =>
        {
            try
            {
                await Versions.DeleteEntityAsync(collectionId, versionId, ETag.All, cancellationToken);
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
            }
            var blob = Blobs.GetBlockBlobClient(BlobName(collectionId, versionId));
            await blob.DeleteIfExistsAsync(cancellationToken: cancellationToken);
            if (await UncommittedBytesAsync(blob, cancellationToken) > 0)
            {
                // Staged blocks vanish when a block list is committed: commit none, then delete the empty blob.
                await blob.CommitBlockListAsync([], cancellationToken: cancellationToken);
                await blob.DeleteIfExistsAsync(cancellationToken: cancellationToken);
            }
        });
    }

    private static async Task<long> UncommittedBytesAsync(BlockBlobClient blob, CancellationToken cancellationToken)
    {
        try
        {
            var list = await blob.GetBlockListAsync(BlockListTypes.Uncommitted, cancellationToken: cancellationToken);
            return list.Value.UncommittedBlocks.Sum(b => b.SizeLong);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return 0;
        }
    }

    /// <summary>
    /// Deletes versions still <c>writing</c> that were created more than <paramref name="minimumAge"/> ago
    /// (crashed publishes), with their blobs; in one collection, or in all when <paramref name="collectionId"/> is null.
    /// </summary>
    /// <returns>The ids of the versions deleted.</returns>
    public async Task<IReadOnlyList<string>> DeleteIncompleteVersionsAsync(string? collectionId, TimeSpan minimumAge, CancellationToken cancellationToken = default)
    {
        await EnsureCreatedAsync(cancellationToken);
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

    public async Task<long> StoredBytesAsync(string collectionId, string? versionId = null, CancellationToken cancellationToken = default)
    {
        await EnsureCreatedAsync(cancellationToken);
        return await StoreErrors.Guard(async () =>
        {
            long bytes = 0;
            string prefix = versionId is null ? collectionId + "/" : BlobName(collectionId, versionId);
            await foreach (var item in Blobs.GetBlobsAsync(BlobTraits.None, BlobStates.Uncommitted, prefix, cancellationToken))
            {
                if (versionId is not null && item.Name != prefix)
                    continue;
                bytes += item.Properties.ContentLength ?? 0;
                bytes += await UncommittedBytesAsync(Blobs.GetBlockBlobClient(item.Name), cancellationToken);
            }
            return bytes;
        });
    }

    internal static CatalogEntry ToCatalogEntry(TableEntity entity) => new(
        entity.RowKey,
        entity.GetString(StoreSchema.CurrentVersion) ?? throw new InvalidDataException($"Catalog entry '{entity.RowKey}' has no CurrentVersion."),
        StoreSchema.DeserializeMetadata(entity.GetString(StoreSchema.Metadata) ?? throw new InvalidDataException($"Catalog entry '{entity.RowKey}' has no Metadata.")),
        entity.GetDateTimeOffset(StoreSchema.UpdatedAt) ?? default,
        new VersionTag(entity.ETag.ToString()));

    internal static VersionInfo ToVersionInfo(TableEntity entity) => new(
        entity.PartitionKey,
        entity.RowKey,
        entity.GetString(StoreSchema.Status) ?? StoreSchema.StatusWriting,
        entity.GetInt32(StoreSchema.FeatureCount) ?? 0,
        entity.GetInt64(StoreSchema.ByteSize) ?? 0,
        entity.GetInt32(StoreSchema.Blocks) ?? 0,
        entity.GetDateTimeOffset(StoreSchema.Created) ?? default,
        entity.GetString(StoreSchema.ContentHash),
        StoreSchema.DeserializeQueryables(entity.GetString(StoreSchema.Queryables)));
}
