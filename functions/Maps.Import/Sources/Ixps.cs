namespace Maps.Import.Sources;

/// <summary>WATRA internet exchange points → <c>ixps</c>. Id: <c>ixp-&lt;iso3&gt;-&lt;slug of name&gt;</c> (the source has no ids).</summary>
internal sealed class Ixps : ILayerSource
{
    public const string File = Watra.Folder + "ixps.geojson";

    public CollectionMetadata Metadata { get; } = new()
    {
        Id = "ixps",
        Title = "Internet exchange points (West Africa, WATRA)",
        Description = "Internet exchange points in the WATRA countries, from ITU. The source gives no city, so city is null.",
        Keywords = [.. Watra.Keywords, "IXP"],
        License = Watra.License,
        LicenseUrl = Watra.LicenseUrl,
        Attribution = Watra.Attribution,
        Source = Watra.Source,
        SourceUrl = Watra.SourceUrl,
        GeometryType = "Point",
        Queryables = [Map.Country, Map.Q("name", "string", "IXP name"), Map.Q("city", "string", "City (null: not in the source)")],
    };

    public void Build(ImportContext context, LayerIngest ingest)
    {
        var source = context.Read(File);
        Map.Features(source, ingest,
            f => Map.Clean(f.GetString("name")) is { } name && f.Geometry is not null
                ? $"ixp-{(context.CountryOf(f.Geometry, f.GetString("country")).Iso3 ?? "xxx").ToLowerInvariant()}-{Slug.Make(name)}"
                : null,
            (f, id, geometry) =>
            {
                var (iso3, countryName) = context.CountryOf(geometry, f.GetString("country"));
                return new OutputFeature(id, geometry, new Props
                {
                    ["name"] = Map.Clean(f.GetString("name")),
                    ["country"] = iso3,
                    ["country_name"] = countryName,
                    ["city"] = Map.Clean(f.GetString("city")),
                });
            });
    }
}
