namespace Maps.Import;

/// <summary>
/// Holds a layer's features to the geometry type its source mapper declares: each geometry is promoted to
/// the declared Multi type where it is a single of that family (<see cref="GeometryTypes.Promote"/>), and any
/// feature that still does not fit fails the import with the ids at fault and the type that would be honest
/// (<see cref="GeometryTypes.Declared"/>). A LineString layer with a line split at ±180° is such a failure: its
/// mapper must declare MultiLineString. The import does not change a declared type by itself, since the type is
/// published to clients and chosen per layer.
/// </summary>
internal static class DeclaredGeometry
{
    /// <summary>How many offending features the failure names.</summary>
    private const int Named = 5;

    public static List<OutputFeature> Conform(CollectionMetadata metadata, IEnumerable<OutputFeature> features)
    {
        string declared = metadata.GeometryType;
        var conformed = new List<OutputFeature>();
        var misfits = new List<OutputFeature>();
        foreach (var feature in features)
        {
            var geometry = GeometryTypes.Promote(feature.Geometry, declared);
            if (!GeometryTypes.Fits(geometry.GeometryType, declared))
                misfits.Add(feature);
            conformed.Add(ReferenceEquals(geometry, feature.Geometry) ? feature : feature with { Geometry = geometry });
        }
        if (misfits.Count > 0)
        {
            string named = string.Join(", ", misfits.Take(Named).Select(f => $"{f.Id} ({f.Geometry.GeometryType}"
                + (f.Geometry.NumGeometries > 1 ? $", {f.Geometry.NumGeometries} parts)" : ")")));
            string honest = GeometryTypes.Declared(conformed.Select(f => f.Geometry.GeometryType));
            throw new GeometryTypeMismatchException(metadata.Id,
                $"declared {declared}, but {misfits.Count} feature(s) are not: {named}{(misfits.Count > Named ? ", …" : "")}. "
                + $"Its features are honestly {honest}: declare that in its source mapper.");
        }
        return conformed;
    }
}
