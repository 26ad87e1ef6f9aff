using Maps.Core.Layers;

namespace Maps.Core.Import;

/// <summary>
/// What the ingest knows of the properties its rules normalise (<see cref="PropertyRules"/>): their descriptions and
/// enums, merged into the queryables derived from the data (<see cref="QueryableAccumulator.Build"/>), the same for a
/// shipped layer and a published one, so republishing a layer does not change how its queryables read.
/// </summary>
public static class CuratedQueryables
{
    public static QueryableProperty Status { get; } =
        new() { Name = "status", Type = "string", Description = "Normalised status", Values = StatusNormaliser.All };

    public static QueryableProperty Country { get; } =
        new() { Name = "country", Type = "string", Description = "ISO 3166-1 alpha-3 country code" };

    public static QueryableProperty RadioType { get; } =
        new() { Name = "radio_type", Type = "string", Description = "Radio technology (ITU): 2G, 3G, 4G or 5G", Values = RadioTypes.All };

    public static QueryableProperty OperatorName { get; } =
        new() { Name = "operator_name", Type = "string", Description = "Mobile network operator" };

    public static QueryableProperty BackhaulType { get; } =
        new() { Name = "backhaul_type", Type = "string", Description = "Backhaul of the site (ITU: fiber, microwave, satellite)" };

    public static QueryableProperty IctId { get; } =
        new() { Name = "ict_id", Type = "string", Description = "ITU cell-site identifier" };

    /// <summary>The entries for a collection: a cell-sites collection's (<see cref="CellSiteRules.AppliesTo"/>), or every layer's.</summary>
    public static IReadOnlyList<QueryableProperty> For(string collectionId) => CellSiteRules.AppliesTo(collectionId)
        ? [Status, Country, RadioType, OperatorName, BackhaulType, IctId]
        : [Status, Country];
}
