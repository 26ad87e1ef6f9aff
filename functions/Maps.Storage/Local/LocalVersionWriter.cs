using System.Buffers;
using System.Text.Json;
using Maps.Core.Layers;
using Maps.Storage.Publishing;

namespace Maps.Storage.Local;

/// <summary>
/// Writes one version of the local store in its staging directory, holding the directory's writer lock
/// throughout: the features stream into <c>features.geojson</c> in blocks of <see cref="BlockBytes"/>
/// (each a "batch" for <see cref="PublishHooks"/>), then the file is closed and flushed to disk,
/// <c>version.json</c> written and the directory renamed into <c>versions/</c>.
/// </summary>
internal sealed class LocalVersionWriter : IVersionWriter
{
    public const int BlockBytes = 1 << 20;

    private static ReadOnlySpan<byte> Prefix => "{\"type\":\"FeatureCollection\",\"features\":["u8;

    private static ReadOnlySpan<byte> Suffix => "]}"u8;

    /// <summary>Bytes around the features in the file.</summary>
    public static int Envelope => Prefix.Length + Suffix.Length;

    private readonly LocalLayerStore _store;
    private readonly string _collectionId;
    private readonly PublishHooks _hooks;
    private readonly string _staging;
    private readonly DateTimeOffset _created;
    private readonly FileLock _lock;
    private readonly FileStream _file;
    private readonly ArrayBufferWriter<byte> _block = new(BlockBytes + 4096);
    private int _blocks;

    private LocalVersionWriter(LocalLayerStore store, string collectionId, string versionId, PublishHooks hooks, string staging, FileLock held, FileStream file)
    {
        _store = store;
        _collectionId = collectionId;
        VersionId = versionId;
        _hooks = hooks;
        _staging = staging;
        _lock = held;
        _file = file;
        _created = store.TimeProvider.GetUtcNow();
    }

    public static async Task<IVersionWriter> StartAsync(LocalLayerStore store, string collectionId, string versionId, PublishHooks hooks, CancellationToken cancellationToken)
    {
        string staging = store.StagingDirectory(collectionId, versionId);
        Directory.CreateDirectory(staging);
        var held = FileLock.TryTake(Path.Combine(staging, LocalLayerStore.WriterLockFile))
            ?? throw new PublishConflictException($"Version '{versionId}' of '{collectionId}' is already being written.");
        var file = new FileStream(Path.Combine(staging, LocalLayerStore.FeaturesFile), FileMode.CreateNew, FileAccess.Write, FileShare.Read, 1, FileOptions.Asynchronous);
        await file.WriteAsync(Prefix.ToArray(), cancellationToken);
        return new LocalVersionWriter(store, collectionId, versionId, hooks, staging, held, file);
    }

    /// <summary>The shape of generated version ids (<see cref="LayerPublisher.NewVersionId"/>), so that a path built from one stays inside the store.</summary>
    public static bool IsVersionId(string versionId) =>
        versionId.Length is > 0 and <= 40 && versionId.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');

    public string VersionId { get; }

    public int FeatureCount { get; private set; }

    public long ByteSize { get; private set; }

    public void AppendFeature(ReadOnlySpan<byte> feature)
    {
        if (FeatureCount > 0)
        {
            _block.Write(","u8);
            ByteSize++;
        }
        _block.Write(feature);
        ByteSize += feature.Length;
        FeatureCount++;
    }

    public async ValueTask WriteReadyAsync(bool drain, CancellationToken cancellationToken)
    {
        if (_block.WrittenCount < BlockBytes && !(drain && _block.WrittenCount > 0))
            return;
        await StoreErrors.Guard(async () => await _file.WriteAsync(_block.WrittenMemory, cancellationToken));
        _block.ResetWrittenCount();
        await _hooks.AfterBatchAsync(_collectionId, VersionId, ++_blocks, cancellationToken);
    }

    public async Task<VersionInfo> CompleteAsync(IReadOnlyList<QueryableProperty> queryables, CancellationToken cancellationToken)
    {
        await WriteReadyAsync(drain: true, cancellationToken);
        var version = new VersionInfo(_collectionId, VersionId, StoreSchema.StatusComplete, FeatureCount, ByteSize, 1, _blocks, _created, queryables);
        await StoreErrors.Guard(async () =>
        {
            await _file.WriteAsync(Suffix.ToArray(), cancellationToken);
            _file.Flush(flushToDisk: true);
            await _file.DisposeAsync();
            await LocalFiles.WriteAtomicallyAsync(Path.Combine(_staging, LocalLayerStore.VersionFile),
                JsonSerializer.SerializeToUtf8Bytes(version, StoreSchema.MetadataJson), cancellationToken);
            string target = _store.VersionDirectory(_collectionId, VersionId);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            // Moved with the lock held (Unix renames a directory with open files), so no cleanup can take a free lock in between.
            Directory.Move(_staging, target);
            _lock.Dispose();
            File.Delete(Path.Combine(target, LocalLayerStore.WriterLockFile));
        });
        return version;
    }

    public async Task SettleAsync()
    {
        await _file.DisposeAsync();
        _lock.Dispose();
    }
}
