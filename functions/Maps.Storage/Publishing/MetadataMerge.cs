using Maps.Core.Import;
using Maps.Core.Layers;

namespace Maps.Storage.Publishing;

/// <summary>
/// A version's metadata: query parameters over the sidecar over the metadata served now (the store's, or
/// the shipped layer's); a new collection must get title, licence, attribution and source from one of
/// the first two. Its geometry type is what <see cref="GeometryFit"/> kept the features to, and its
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
        string? Pick(Func<MetadataInput, string?> member, string? now) => Given(member(input)) ?? Given(member(sidecar)) ?? now;
        if (current is null)
        {
            var missing = new (string Name, Func<MetadataInput, string?> Member)[]
                { ("title", m => m.Title), ("license", m => m.License), ("attribution", m => m.Attribution), ("source", m => m.Source) }
                .Where(p => Pick(p.Member, null) is null).Select(p => p.Name).ToArray();
            if (missing.Length > 0)
                throw new UploadRejectedException(UploadProblem.Malformed,
                    $"Collection '{target.CollectionId}' is new: give its metadata as query parameters or in a {target.CollectionId}.collection.json part sent before the data "
                    + $"({string.Join(", ", missing)} missing; description, licenseUrl, sourceUrl, dateProperty and geometryType are optional).", target.Report);
        }
        var declared = target.Schema?.Columns ?? [];
        var curated = (sidecar.Queryables ?? []).Concat(CuratedQueryables(target.CollectionId)).Concat(declared)
            .DistinctBy(q => q.Name).ToArray();
        var derived = target.Ingest.Queryables(curated)
            .Select(q => q.Description is null && current?.FindQueryable(q.Name)?.Description is { } description ? q with { Description = description } : q)
            .Select(q => q.Type == "integer" && declared.Any(c => c.Name == q.Name && c.Type == "number") ? q with { Type = "number" } : q)
            .ToList();
        return new CollectionMetadata
        {
            Id = target.CollectionId,
            Title = Pick(m => m.Title, current?.Title)!,
            Description = Pick(m => m.Description, current?.Description) ?? "",
            Keywords = sidecar.Keywords ?? current?.Keywords ?? [],
            License = Pick(m => m.License, current?.License)!,
            LicenseUrl = Pick(m => m.LicenseUrl, current?.LicenseUrl),
            Attribution = Pick(m => m.Attribution, current?.Attribution)!,
            Source = Pick(m => m.Source, current?.Source)!,
            SourceUrl = Pick(m => m.SourceUrl, current?.SourceUrl),
            DateProperty = Pick(m => m.DateProperty, current?.DateProperty),
            GeometryType = target.Geometry.Declared ?? GeometryFit.Any,
            Illustrative = current?.Illustrative ?? false,
            GeometryQueryable = current?.GeometryQueryable ?? GeometryQueryable(target.Schema, derived),
            Queryables = derived,
        };
    }

    /// <summary>A new collection's geometry queryable: the geometry column a schema names (a GeoPackage's <c>geom</c>), unless a property has that name; else <c>geometry</c>.</summary>
    private static string GeometryQueryable(Maps.Formats.UploadSchema? schema, IReadOnlyList<QueryableProperty> queryables) =>
        schema?.GeometryName is { Length: > 0 } name && !queryables.Any(q => q.Name == name) ? name : "geometry";

    private static string? Given(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

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
