namespace Maps.Core.Layers;

/// <summary>
/// Where the endpoints get collections from: the shipped files (embedded default) or a layer store.
/// Implementations return a complete snapshot; callers never see a layer half replaced.
/// </summary>
public interface ILayerCatalog
{
    ValueTask<LayerSet> GetLayersAsync(CancellationToken cancellationToken = default);
}
