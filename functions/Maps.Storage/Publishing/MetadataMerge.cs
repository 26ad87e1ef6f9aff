using Maps.Core.Import;
using Maps.Core.Layers;

namespace Maps.Storage.Publishing;

/// <summary>
/// A version's metadata: query parameters over the sidecar (<see cref="MetadataInput.Over"/>) applied to the
/// metadata served now, the store's or the shipped layer's (<see cref="MetadataInput.ApplyTo"/>); a new collection
/// must get title, licence, attribution and source from one of the first two. Its geometry type is what <see cref="GeometryFit"/> kept the features to, and its
/// queryables are derived from this version's features (a property the old version had and this one
/// lacks is gone), with descriptions, enums and order from the sidecar, the current version and the ingest's own
/// lists (<see cref="Curated"/>), then the types and order a format's schema declares (a REAL column stays
/// <c>number</c> when its values are whole).
/// </summary>
internal static class MetadataMerge
{
    public static CollectionMetadata Merge(PublishTarget target, MetadataInput input, MetadataInput sidecar)
    {
        var current = target.Current;
        var given = input.Over(sidecar);
        if (current is null && given.MissingForNew() is { Count: > 0 } missing)
            throw new UploadRejectedException(UploadProblem.Malformed,
                $"Collection '{target.CollectionId}' is new: give its metadata as query parameters or in a {target.CollectionId}.collection.json part sent before the data "
                + $"({string.Join(", ", missing)} missing; description, licenseUrl, sourceUrl, dateProperty and geometryType are optional).", target.Report);
        var declared = target.Schema?.Columns ?? [];
        var derived = target.Ingest.Queryables(Curated(given.Queryables ?? [], current?.Queryables ?? [], CuratedQueryables.For(target.CollectionId), declared))
            .Select(q => q.Type == "integer" && declared.Any(c => c.Name == q.Name && c.Type == "number") ? q with { Type = "number" } : q)
            .Select(q => current?.FindQueryable(q.Name)?.Values is { } values && q.Values is { } now && now.All(values.Contains) ? q with { Values = values } : q)
            .ToList();
        var record = current ?? new CollectionMetadata
        {
            Id = target.CollectionId, Title = "", Description = "", License = "", Attribution = "", Source = "", GeometryType = GeometryFit.Any,
            GeometryQueryable = GeometryQueryable(target.Schema, derived),
        };
        return given.ApplyTo(record) with
        {
            Id = target.CollectionId,
            GeometryType = target.Geometry.Declared ?? GeometryFit.Any,
            Queryables = derived,
        };
    }

    /// <summary>
    /// The curated entries, in the order of the sidecar's, then the current version's (so a republished layer keeps
    /// its order), then the ingest's own lists and a format's declared columns; for each name, the description and
    /// enum of the sidecar, else of the ingest's lists, else the current description (its enum is kept after the
    /// derivation only while it still covers the data).
    /// </summary>
    private static QueryableProperty[] Curated(IReadOnlyList<QueryableProperty> sidecar, IReadOnlyList<QueryableProperty> current,
        IReadOnlyList<QueryableProperty> rules, IReadOnlyList<QueryableProperty> declared)
    {
        QueryableProperty? First(IReadOnlyList<QueryableProperty> list, string name) => list.FirstOrDefault(q => q.Name == name);
        return sidecar.Concat(current).Concat(rules).Concat(declared).Select(q => q.Name).Distinct(StringComparer.Ordinal)
            .Select(name => First(sidecar, name) ?? First(rules, name) ?? (First(current, name) is { } kept ? kept with { Values = null } : null) ?? First(declared, name)!)
            .ToArray();
    }

    /// <summary>A new collection's geometry queryable: the geometry column a schema names (a GeoPackage's <c>geom</c>), unless a property has that name; else <c>geometry</c>.</summary>
    private static string GeometryQueryable(Maps.Formats.UploadSchema? schema, IReadOnlyList<QueryableProperty> queryables) =>
        schema?.GeometryName is { Length: > 0 } name && !queryables.Any(q => q.Name == name) ? name : "geometry";
}
