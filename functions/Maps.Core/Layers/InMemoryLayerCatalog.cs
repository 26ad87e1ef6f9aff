namespace Maps.Core.Layers;

/// <summary>A catalog over layers already in memory (tests, benchmarks, generated data).</summary>
public sealed class InMemoryLayerCatalog(LayerSet layers) : ILayerCatalog
{
    public ValueTask<LayerSet> GetLayersAsync(CancellationToken cancellationToken = default) => ValueTask.FromResult(layers);
}
