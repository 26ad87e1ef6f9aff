using Maps.Core.Layers;
using NetTopologySuite.Geometries;

namespace Maps.Core.Spatial;

/// <summary>
/// One feature handed to <see cref="SphericalIndex.Build"/>: the collection it belongs to, its id
/// (unique within the collection), its lon/lat geometry and the weight a range query sums
/// (<see cref="SphericalIndex.Within"/>; 1 unless given, so a sum is a count).
/// </summary>
public readonly record struct IndexedFeature(string CollectionId, string FeatureId, Geometry Geometry, double Weight = 1)
{
    /// <summary>
    /// The features of the given layers, optionally only those whose <c>status</c> property is one
    /// of <paramref name="statuses"/> (compared ignoring case). Null or empty statuses keep every feature.
    /// </summary>
    public static IEnumerable<IndexedFeature> FromLayers(IEnumerable<Layer> layers, IReadOnlyCollection<string>? statuses = null)
    {
        var list = layers.ToList();
        return FromLayers(list, new IndexSelection(list.Select(l => l.Id), statuses));
    }

    /// <summary>The features of the given layers that <paramref name="selection"/> includes, with its weights.</summary>
    public static IEnumerable<IndexedFeature> FromLayers(IEnumerable<Layer> layers, IndexSelection selection)
    {
        foreach (var layer in layers)
        {
            foreach (var feature in layer.All())
            {
                if (selection.Includes(feature))
                    yield return new IndexedFeature(layer.Id, feature.Id, feature.Geometry, selection.Weight(feature));
            }
        }
    }
}
