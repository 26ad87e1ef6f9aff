using System.Text.Json;
using Maps.Core.Layers;
using Maps.Storage.Publishing;

namespace Maps.Storage.Local;

/// <summary>
/// The layer store in a local directory, for the embedded mode: the same semantics as Table Storage
/// without an account. Layout under <see cref="Root"/>:
/// <list type="bullet">
/// <item><c>catalog.json</c>: every collection's current version, metadata and ETag, replaced atomically
/// (temporary file, flush, rename) under the lock <c>catalog.lock</c>, so a switch of one or several
/// collections is all or nothing and conditional on the ETags read, across processes;</item>
/// <item><c>versions/{collection}/{version}/</c>: complete versions, each <c>layer.fgb</c> (its layer
/// file) and <c>version.json</c>;</item>
/// <item><c>staging/{collection}/{version}/</c>: versions being written, with <c>writer.lock</c> held by
/// the writing process. Completing renames the directory into <c>versions/</c> in one step, so a
/// version is never visible half written. A staging directory whose lock can be taken belongs to a
/// process that died: <see cref="DeleteIncompleteVersionsAsync"/> removes it at once.</item>
/// </list>
/// Disk errors surface as <see cref="StorageUnavailableException"/> (<see cref="StoreErrors.IsUnavailable"/> counts IO errors).
/// </summary>
public sealed class LocalLayerStore : ILayerStore
{
    internal const string VersionFile = "version.json";
    internal const string WriterLockFile = "writer.lock";
    private static readonly TimeSpan LockTimeout = TimeSpan.FromSeconds(30);

    private readonly SemaphoreSlim _catalogGate = new(1, 1);

    public LocalLayerStore(LocalStoreOptions options, TimeProvider? timeProvider = null)
    {
        Root = options.ResolvedDirectory;
        Settings = options.Settings;
        TimeProvider = timeProvider ?? TimeProvider.System;
    }

    public string Root { get; }

    public string Kind => "local";

    public StoreSettings Settings { get; }

    public TimeProvider TimeProvider { get; }

    private string CatalogPath => Path.Combine(Root, "catalog.json");

    private string Trash => Path.Combine(Root, "trash");

    internal string VersionDirectory(string collectionId, string versionId) => Path.Combine(Root, "versions", collectionId, versionId);

    internal string StagingDirectory(string collectionId, string versionId) => Path.Combine(Root, "staging", collectionId, versionId);

    public async Task<IReadOnlyList<CatalogEntry>> GetCatalogAsync(CancellationToken cancellationToken = default) =>
        (await ReadCatalogAsync(cancellationToken)).Values.OrderBy(e => e.CollectionId, StringComparer.Ordinal).ToArray();

    public async Task<CatalogEntry?> GetCatalogEntryAsync(string collectionId, CancellationToken cancellationToken = default) =>
        (await ReadCatalogAsync(cancellationToken)).GetValueOrDefault(collectionId);

    public async Task<IReadOnlyList<VersionInfo>> ListVersionsAsync(string collectionId, CancellationToken cancellationToken = default)
    {
        string directory = Path.Combine(Root, "versions", collectionId);
        if (!StoreSchema.IsValidCollectionId(collectionId) || !Directory.Exists(directory))
            return [];
        var versions = new List<VersionInfo>();
        foreach (string path in Directory.EnumerateDirectories(directory))
            if (await ReadVersionInfoAsync(collectionId, Path.GetFileName(path), cancellationToken) is { } version)
                versions.Add(version);
        return versions.OrderBy(v => v.VersionId, StringComparer.Ordinal).ToArray();
    }

    public Task<VersionInfo?> GetVersionAsync(string collectionId, string versionId, CancellationToken cancellationToken = default) =>
        ReadVersionInfoAsync(collectionId, versionId, cancellationToken);

    public async Task<LayerFile> OpenVersionAsync(string collectionId, string versionId, CancellationToken cancellationToken = default)
    {
        var version = await GetVersionAsync(collectionId, versionId, cancellationToken);
        if (version is not { IsComplete: true })
            throw new StoreNotFoundException($"Collection '{collectionId}' has no version '{versionId}'.");
        string path = Path.Combine(VersionDirectory(collectionId, versionId), VersionFileWriter.LayerFileName);
        var file = await StoreErrors.Guard(() => Task.FromResult(LayerFile.Open(path)));
        if (file.Source.Length != version.ByteSize || file.ContentHash != version.ContentHash)
            throw new InvalidDataException($"Version '{versionId}' of '{collectionId}' holds {file.Source.Length} bytes hashing to {file.ContentHash} on disk, not the {version.ByteSize} bytes hashing to {version.ContentHash} recorded.");
        return file;
    }

    public async Task<IVersionWriter> BeginVersionAsync(string collectionId, string versionId, PublishHooks hooks, CancellationToken cancellationToken = default) =>
        await StoreErrors.Guard(() => LocalVersionWriter.StartAsync(this, collectionId, versionId, hooks));

    public async Task<IReadOnlyList<CatalogEntry>> SwitchCurrentVersionsAsync(IReadOnlyList<CatalogSwitch> switches, CancellationToken cancellationToken = default)
    {
        foreach (var s in switches)
            if (await GetVersionAsync(s.CollectionId, s.VersionId, cancellationToken) is not { IsComplete: true })
                throw new StoreNotFoundException($"Collection '{s.CollectionId}' has no complete version '{s.VersionId}'.");
        return await UpdateCatalogAsync(catalog =>
        {
            foreach (var s in switches)
            {
                var now = catalog.GetValueOrDefault(s.CollectionId);
                if (now?.Tag != s.Expected?.Tag)
                    throw new PublishConflictException(
                        $"Collection '{s.CollectionId}' was changed by another publish, rollback or delete while this one ran; nothing was switched. Retry against the new state.");
            }
            var updated = switches.Select(s => new CatalogEntry(s.CollectionId, s.VersionId, s.Metadata, TimeProvider.GetUtcNow(), new VersionTag(Guid.NewGuid().ToString("N")))).ToArray();
            foreach (var entry in updated)
                catalog[entry.CollectionId] = entry;
            return (IReadOnlyList<CatalogEntry>)updated;
        }, cancellationToken);
    }

    public async Task<bool> DeleteCollectionAsync(string collectionId, CancellationToken cancellationToken = default)
    {
        if (!StoreSchema.IsValidCollectionId(collectionId))
            return false; // no such collection, and no path may be built from it
        bool hadEntry = await UpdateCatalogAsync(catalog => catalog.Remove(collectionId), cancellationToken);
        string versions = Path.Combine(Root, "versions", collectionId);
        bool hadVersions = Directory.Exists(versions) && Directory.EnumerateDirectories(versions).Any();
        await StoreErrors.Guard(() =>
        {
            LocalFiles.DeleteDirectory(versions, Trash);
            return Task.CompletedTask;
        });
        return hadEntry || hadVersions;
    }

    public Task DeleteVersionAsync(string collectionId, string versionId, CancellationToken cancellationToken = default) =>
        !StoreSchema.IsValidCollectionId(collectionId) || !LocalVersionWriter.IsVersionId(versionId) ? Task.CompletedTask : StoreErrors.Guard(() =>
        {
            LocalFiles.DeleteDirectory(VersionDirectory(collectionId, versionId), Trash);
            LocalFiles.DeleteDirectory(StagingDirectory(collectionId, versionId), Trash);
            return Task.CompletedTask;
        });

    /// <summary>A staging directory is a crashed publish when its writer lock is free (its process is gone), whatever its age.</summary>
    public Task<IReadOnlyList<string>> DeleteIncompleteVersionsAsync(string? collectionId, TimeSpan minimumAge, CancellationToken cancellationToken = default) =>
        StoreErrors.Guard(() =>
        {
            var deleted = new List<string>();
            string staging = Path.Combine(Root, "staging");
            var collections = collectionId is not null ? [Path.Combine(staging, collectionId)]
                : Directory.Exists(staging) ? Directory.GetDirectories(staging) : [];
            foreach (string collection in collections.Where(Directory.Exists))
            {
                foreach (string version in Directory.GetDirectories(collection))
                {
                    using (var free = FileLock.TryTake(Path.Combine(version, WriterLockFile)))
                        if (free is null)
                            continue;
                    LocalFiles.DeleteDirectory(version, Trash);
                    deleted.Add($"{Path.GetFileName(collection)}/{Path.GetFileName(version)}");
                }
            }
            return Task.FromResult((IReadOnlyList<string>)deleted);
        });

    public Task<long> StoredBytesAsync(string collectionId, string? versionId = null, CancellationToken cancellationToken = default)
    {
        if (!StoreSchema.IsValidCollectionId(collectionId) || (versionId is not null && !LocalVersionWriter.IsVersionId(versionId)))
            return Task.FromResult(0L);
        long bytes = 0;
        foreach (string root in new[] { "versions", "staging" })
        {
            string directory = versionId is null ? Path.Combine(Root, root, collectionId) : Path.Combine(Root, root, collectionId, versionId);
            if (Directory.Exists(directory))
                bytes += new DirectoryInfo(directory).EnumerateFiles("*", SearchOption.AllDirectories).Where(f => f.Name != WriterLockFile).Sum(f => f.Length);
        }
        return Task.FromResult(bytes);
    }

    private async Task<VersionInfo?> ReadVersionInfoAsync(string collectionId, string versionId, CancellationToken cancellationToken)
    {
        if (!StoreSchema.IsValidCollectionId(collectionId) || !LocalVersionWriter.IsVersionId(versionId))
            return null;
        string path = Path.Combine(VersionDirectory(collectionId, versionId), VersionFile);
        if (!File.Exists(path))
            return null;
        byte[] bytes = await StoreErrors.Guard(() => File.ReadAllBytesAsync(path, cancellationToken));
        return JsonSerializer.Deserialize<VersionInfo>(bytes, StoreSchema.MetadataJson)
            ?? throw new InvalidDataException($"{path} is empty.");
    }

    private async Task<Dictionary<string, CatalogEntry>> ReadCatalogAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(CatalogPath))
            return new Dictionary<string, CatalogEntry>(StringComparer.Ordinal);
        byte[] bytes = await StoreErrors.Guard(() => File.ReadAllBytesAsync(CatalogPath, cancellationToken));
        var file = JsonSerializer.Deserialize<CatalogFile>(bytes, StoreSchema.MetadataJson) ?? new CatalogFile([]);
        return file.Collections.ToDictionary(
            e => e.Id, e => new CatalogEntry(e.Id, e.CurrentVersion, e.Metadata, e.UpdatedAt, new VersionTag(e.ETag)), StringComparer.Ordinal);
    }

    /// <summary>Read, change and replace the catalog file as one step, under the in-process gate and the file lock.</summary>
    private async Task<T> UpdateCatalogAsync<T>(Func<Dictionary<string, CatalogEntry>, T> change, CancellationToken cancellationToken)
    {
        await _catalogGate.WaitAsync(cancellationToken);
        try
        {
            Directory.CreateDirectory(Root);
            using var held = await FileLock.TakeAsync(Path.Combine(Root, "catalog.lock"), LockTimeout, cancellationToken);
            var catalog = await ReadCatalogAsync(cancellationToken);
            T result = change(catalog);
            var file = new CatalogFile(catalog.Values.OrderBy(e => e.CollectionId, StringComparer.Ordinal)
                .Select(e => new CatalogFileEntry(e.CollectionId, e.CurrentVersion, e.UpdatedAt, e.Tag.Value, e.Metadata)).ToArray());
            await StoreErrors.Guard(() => LocalFiles.WriteAtomicallyAsync(CatalogPath, JsonSerializer.SerializeToUtf8Bytes(file, StoreSchema.MetadataJson), cancellationToken));
            return result;
        }
        finally
        {
            _catalogGate.Release();
        }
    }

    private sealed record CatalogFile(CatalogFileEntry[] Collections);

    private sealed record CatalogFileEntry(string Id, string CurrentVersion, DateTimeOffset UpdatedAt, string ETag, Maps.Core.Layers.CollectionMetadata Metadata);
}
