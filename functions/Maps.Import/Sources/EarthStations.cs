namespace Maps.Import.Sources;

/// <summary>Brahe satellite ground stations → <c>earth-stations</c>. Id: <c>station-&lt;source id&gt;</c> (e.g. station-ksat-001).</summary>
internal sealed class EarthStations : ILayerSource
{
    public const string File = "ground-stations-brahe/ground_stations.geojson";

    public CollectionMetadata Metadata { get; } = new()
    {
        Id = "earth-stations",
        Title = "Satellite ground stations",
        Description = "Satellite TT&C and Earth-observation downlink ground stations of 8 operators (Atlas, AWS, NASA DSN, KSAT, Leaf Space, NASA NEN, SSC, Viasat), "
            + "compiled by the Brahe project from provider websites. Coordinates are rounded to about 0.01°. country by point-in-polygon (Natural Earth 50m), "
            + "nearest country within 50 km otherwise.",
        Keywords = ["satellite", "ground station", "earth station"],
        License = "MIT",
        LicenseUrl = "https://github.com/duncaneddy/brahe/blob/68b02560fc316bdf3389713cba3d10d7cabb6d4f/LICENSE",
        Attribution = "Brahe (Duncan Eddy), ground station data, MIT licence © 2019-2026 Duncan Eddy",
        Source = "GitHub duncaneddy/brahe data/groundstations, commit 68b02560",
        SourceUrl = "https://github.com/duncaneddy/brahe",
        GeometryType = "Point",
        Queryables = [Map.Country, Map.Q("operator", "string", "Ground-station network operator")],
    };

    public void Build(ImportContext context, LayerIngest ingest)
    {
        var source = context.Read(File);
        Map.Features(source, ingest,
            f => Map.Clean(f.Id ?? f.GetString("id")) is { } id ? "station-" + id : null,
            (f, id, geometry) =>
            {
                var (iso3, countryName) = context.CountryOf(geometry);
                return new OutputFeature(id, geometry, new Props
                {
                    ["name"] = Map.Clean(f.GetString("name")),
                    ["operator"] = Map.Clean(f.GetString("provider")),
                    ["country"] = iso3,
                    ["country_name"] = countryName,
                    ["bands"] = f.GetStrings("frequency_bands"),
                });
            });
    }
}
