namespace Maps.Core.Import;

/// <summary>How <see cref="LayerIngest"/> treats one layer's features: what differs between layers, not between import and publish.</summary>
public sealed record IngestRules(string CollectionId)
{
    /// <summary>The geometry type the collection declares; null takes it from the first feature (<see cref="GeometryFit"/>).</summary>
    public string? GeometryType { get; init; }

    /// <summary>
    /// Decimals coordinates are rounded to, or null to keep them as given. The import rounds the shipped layers
    /// to 7 (about 1 cm: stable, smaller files); a publish keeps a steward's vertices as uploaded.
    /// </summary>
    public int? Decimals { get; init; }

    /// <summary>
    /// True when the ingest derives <c>length_km</c> and a missing <c>country</c> (<see cref="PropertyRules"/>), as a
    /// publish does; the import's mappers place these fields themselves, with the same functions.
    /// </summary>
    public bool DeriveFields { get; init; }

    /// <summary>Where a missing country is located, when <see cref="DeriveFields"/>.</summary>
    public CountryLocator? Countries { get; init; }

    /// <summary>True for a cell-sites collection (<see cref="CellSiteRules.AppliesTo"/>).</summary>
    public bool CellSites => CellSiteRules.AppliesTo(CollectionId);
}
