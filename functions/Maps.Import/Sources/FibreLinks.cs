namespace Maps.Import.Sources;

/// <summary>WATRA terrestrial fibre links → <c>fibre-links</c>. Id: <c>fibre-&lt;line_id&gt;</c>.</summary>
internal sealed class FibreLinks : ILayerSource
{
    public const string File = Watra.Folder + "fibre_links.geojson";

    public CollectionMetadata Metadata { get; } = new()
    {
        Id = "fibre-links",
        Title = "Terrestrial fibre links (West Africa, WATRA)",
        Description = "Backbone fibre routes of the 16 WATRA countries, digitised by ITU from operator, regulator and development-bank maps. "
            + "Status normalised to operational / under-construction / planned / unknown; length_km is the great-circle length of the route on the "
            + "IUGG mean sphere; name is 'from – to'.",
        Keywords = [.. Watra.Keywords, "fibre"],
        License = Watra.License,
        LicenseUrl = Watra.LicenseUrl,
        Attribution = Watra.Attribution,
        Source = Watra.Source,
        SourceUrl = Watra.SourceUrl,
        GeometryType = "MultiLineString",
        DateProperty = "data_year",
        Queryables =
        [
            Map.Status,
            Map.Country,
            Map.Q("operator", "string", "Operator name as given by the source"),
            Map.Q("data_source", "string", "Who published the map the route was digitised from"),
            Map.Q("data_year", "integer", "Year of the source map"),
        ],
    };

    public void Build(ImportContext context, LayerIngest ingest)
    {
        var source = context.Read(File);
        Map.Features(source, ingest,
            f => Map.Clean(f.GetString("line_id")) is { } id ? "fibre-" + id : null,
            (f, id, geometry) =>
            {
                string? from = Map.Clean(f.GetString("from")), to = Map.Clean(f.GetString("to"));
                var (iso3, countryName) = context.CountryOf(geometry, f.GetString("country"));
                return new OutputFeature(id, geometry, new Props
                {
                    ["name"] = from is not null && to is not null ? $"{from} – {to}" : from ?? to,
                    ["operator"] = Map.Clean(f.GetString("operator_name")),
                    ["status"] = StatusNormaliser.Normalise(Map.Clean(f.GetString("status"))),
                    ["from"] = from,
                    ["to"] = to,
                    ["length_km"] = PropertyRules.LengthKm(geometry),
                    ["country"] = iso3,
                    ["country_name"] = countryName,
                    ["data_source"] = Map.Clean(f.GetString("data_source")),
                    ["data_year"] = Map.Year(f.GetString("data_source_year")),
                    ["source_id"] = Map.Clean(f.GetString("line_id")),
                });
            });
    }
}
