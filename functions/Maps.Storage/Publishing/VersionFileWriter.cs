using Maps.Core.Layers;

namespace Maps.Storage.Publishing;

/// <summary>
/// What both stores' version writers share: the features go into a <see cref="LayerFileBuilder"/>
/// spooled in the writer's own directory, and completing writes the layer file there, then hands it
/// to the store (<see cref="StoreAsync"/>) to be kept in blocks and marked complete.
/// </summary>
internal abstract class VersionFileWriter : IVersionWriter
{
    private readonly LayerFileBuilder _builder;

    protected VersionFileWriter(string collectionId, string versionId, PublishHooks hooks, string workDirectory)
    {
        CollectionId = collectionId;
        VersionId = versionId;
        Hooks = hooks;
        WorkDirectory = workDirectory;
        _builder = new LayerFileBuilder(workDirectory);
    }

    public string CollectionId { get; }

    public string VersionId { get; }

    protected PublishHooks Hooks { get; }

    protected string WorkDirectory { get; }

    public int FeatureCount => _builder.Count;

    public LayerFileBuilder Features => _builder;

    public async Task<VersionInfo> CompleteAsync(CollectionMetadata metadata, CancellationToken cancellationToken)
    {
        string path = Path.Combine(WorkDirectory, LayerFileName);
        var info = await StoreErrors.Guard(() => Task.Run(() => _builder.WriteTo(path, metadata, cancellationToken), cancellationToken));
        _builder.Dispose();
        return await StoreAsync(path, info, metadata, cancellationToken);
    }

    /// <summary>The name of a version's layer file in a store.</summary>
    public const string LayerFileName = "layer.fgb";

    /// <summary>Keeps the written layer file (calling <see cref="PublishHooks.AfterBatchAsync"/> per block) and marks the version complete.</summary>
    protected abstract Task<VersionInfo> StoreAsync(string path, LayerFileInfo info, CollectionMetadata metadata, CancellationToken cancellationToken);

    public virtual Task SettleAsync()
    {
        _builder.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>The blocks of a file of <paramref name="length"/> bytes in blocks of <paramref name="blockBytes"/>.</summary>
    protected static int BlockCount(long length, int blockBytes) => (int)Math.Max(1, (length + blockBytes - 1) / blockBytes);
}
