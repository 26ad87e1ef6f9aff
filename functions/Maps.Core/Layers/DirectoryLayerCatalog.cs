namespace Maps.Core.Layers;

/// <summary>
/// The embedded default: every layer of a directory (normally <c>data/layers</c>), read once on a
/// background thread as soon as the catalog is created so that loading overlaps host start-up.
/// </summary>
public sealed class DirectoryLayerCatalog : ILayerCatalog
{
    private readonly Task<LayerSet> _loading;

    public DirectoryLayerCatalog(string directory)
    {
        Directory = directory;
        _loading = Task.Run(() => new LayerSet(LayerFileReader.ReadDirectory(directory)));
    }

    public string Directory { get; }

    public ValueTask<LayerSet> GetLayersAsync(CancellationToken cancellationToken = default) =>
        _loading.IsCompletedSuccessfully ? ValueTask.FromResult(_loading.Result) : new(_loading.WaitAsync(cancellationToken));
}
