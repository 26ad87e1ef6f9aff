using Maps.Core.Layers;
using NetTopologySuite.Geometries;

namespace Maps.Core.Spatial;

/// <summary>
/// One feature handed to <see cref="SphericalIndex.Build"/>: the collection it belongs to, its id
/// (unique within the collection) and its lon/lat geometry.
/// </summary>
public readonly record struct IndexedFeature(string CollectionId, string FeatureId, Geometry Geometry)
{
    /// <summary>
    /// The features of the given layers, optionally only those whose <c>status</c> property is one
    /// of <paramref name="statuses"/> (compared ignoring case). Null or empty statuses keep every feature.
    /// </summary>
    public static IEnumerable<IndexedFeature> FromLayers(IEnumerable<Layer> layers, IReadOnlyCollection<string>? statuses = null)
    {
        var wanted = statuses is { Count: > 0 } ? new HashSet<string>(statuses, StringComparer.OrdinalIgnoreCase) : null;
        foreach (var layer in layers)
        {
            foreach (var feature in layer.Features)
            {
                if (wanted is not null && (feature.GetString("status") is not string status || !wanted.Contains(status)))
                    continue;
                yield return new IndexedFeature(layer.Id, feature.Id, feature.Geometry);
            }
        }
    }
}
