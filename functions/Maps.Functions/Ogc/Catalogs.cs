using Maps.Core.Layers;
using Maps.Functions.Http;

namespace Maps.Functions.Ogc;

public static class Catalogs
{
    /// <summary>The named layer of the current snapshot, a 503 when it exists but none of its versions can be read, or a 404 naming the collections that exist.</summary>
    public static async ValueTask<Layer> FindLayerAsync(ILayerCatalog catalog, string collectionId, CancellationToken cancellationToken)
    {
        var layers = await catalog.GetLayersAsync(cancellationToken);
        if (layers.Find(collectionId) is null && layers.Unavailable.TryGetValue(collectionId, out var reason))
            throw new LayerUnavailableException(collectionId, "none readable", reason);
        return layers.Find(collectionId) ?? throw ApiException.NotFound(
            $"There is no collection '{collectionId}'. Collections: {string.Join(", ", layers.Layers.Select(l => l.Id))}.");
    }
}
