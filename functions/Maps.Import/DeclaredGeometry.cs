namespace Maps.Import;

/// <summary>
/// Holds a shipped layer to the geometry type its source mapper declares. The one ingest path fits each feature
/// (<see cref="GeometryFit"/>: a single promoted to the declared Multi type, a one-part Multi demoted); a feature that
/// still does not fit fails the import with the ids at fault and the type that would be honest. A LineString layer with
/// a line split at ±180° is such a failure: its mapper must declare MultiLineString. The import does not change a
/// declared type by itself, since the type is published to clients and chosen per layer.
/// </summary>
internal static class DeclaredGeometry
{
    public static void Check(CollectionMetadata metadata, GeometryFit fit)
    {
        if (fit.Misfits == 0)
            return;
        throw new GeometryTypeMismatchException(metadata.Id,
            $"declared {metadata.GeometryType}, but {fit.Misfits} feature(s) are not: {string.Join(", ", fit.MisfitIds)}{(fit.Misfits > GeometryFit.NamedMisfits ? ", …" : "")}. "
            + $"Its features are honestly {fit.HonestType}: declare that in its source mapper.");
    }
}
