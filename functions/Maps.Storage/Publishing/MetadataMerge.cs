using Maps.Core.Import;
using Maps.Core.Layers;

namespace Maps.Storage.Publishing;

/// <summary>
/// A version's metadata: query parameters over the sidecar (<see cref="MetadataInput.Over"/>) applied to the
/// metadata served now, the store's or the shipped layer's (<see cref="MetadataInput.ApplyTo"/>); a new collection
/// must get title, licence, attribution and source from one of the first two. Its geometry type is what <see cref="GeometryFit"/> kept the features to, and its
/// queryables are derived from this version's features (a property the old version had and this one
/// lacks is gone), with descriptions, enums and order from the sidecar and the publisher's own lists, then
/// the types and order a format's schema declares (a REAL column stays <c>number</c> when its values are
/// whole), and a description the current metadata gave a property kept when nothing newer gives one.
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
        var curated = (given.Queryables ?? []).Concat(CuratedQueryables(target.CollectionId)).Concat(declared)
            .DistinctBy(q => q.Name).ToArray();
        var derived = target.Ingest.Queryables(curated)
            .Select(q => q.Description is null && current?.FindQueryable(q.Name)?.Description is { } description ? q with { Description = description } : q)
            .Select(q => q.Type == "integer" && declared.Any(c => c.Name == q.Name && c.Type == "number") ? q with { Type = "number" } : q)
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

    /// <summary>A new collection's geometry queryable: the geometry column a schema names (a GeoPackage's <c>geom</c>), unless a property has that name; else <c>geometry</c>.</summary>
    private static string GeometryQueryable(Maps.Formats.UploadSchema? schema, IReadOnlyList<QueryableProperty> queryables) =>
        schema?.GeometryName is { Length: > 0 } name && !queryables.Any(q => q.Name == name) ? name : "geometry";

    /// <summary>
    /// What the publisher knows of the properties it normalises, merged into the derived queryables
    /// (<see cref="QueryableAccumulator.Build"/>): descriptions and enums, and their order first, for the
    /// properties the upload has.
    /// </summary>
    private static IReadOnlyList<QueryableProperty> CuratedQueryables(string collectionId) => CellSiteRules.AppliesTo(collectionId) ?
    [
        .. DefaultQueryables,
        new QueryableProperty { Name = "radio_type", Type = "string", Description = "Radio technology (ITU): 2G, 3G, 4G or 5G", Values = RadioTypes.All },
        new QueryableProperty { Name = "operator_name", Type = "string", Description = "Mobile network operator" },
    ] : DefaultQueryables;

    private static readonly IReadOnlyList<QueryableProperty> DefaultQueryables =
    [
        new QueryableProperty { Name = "status", Type = "string", Description = "Normalised status", Values = StatusNormaliser.All },
        new QueryableProperty { Name = "country", Type = "string", Description = "ISO 3166-1 alpha-3" },
    ];
}
