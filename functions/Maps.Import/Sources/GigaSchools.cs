namespace Maps.Import.Sources;

/// <summary>
/// Giga's public school locations (Kenya, South Africa, Bosnia and Herzegovina) → <c>giga-schools</c>, in
/// Giga's own schema so that rows join Giga's school master data. Id: <c>giga_id_school</c> as it is (a
/// UUID, no prefix); a repeated id is rejected like any duplicate (the Kenya file has one). Text fields that
/// are empty or <c>nan</c> (pandas' spelling of a missing value) are null. <c>country</c> is
/// <c>country_iso3_code</c>, else the point's country.
/// </summary>
internal sealed class GigaSchools : ILayerSource
{
    public const string Folder = "giga-schools";

    /// <summary>The source files, in the order they are read (the first of a repeated id wins).</summary>
    public static readonly IReadOnlyList<string> Files =
    [
        Folder + "/schools_location_data_KEN.csv",
        Folder + "/schools_location_data_ZAF.csv",
        Folder + "/schools_location_data_BIH.csv",
    ];

    /// <summary>The planner sample a source file is copied to: <c>giga-schools-KEN.csv</c> for <c>schools_location_data_KEN.csv</c>.</summary>
    public static string SampleName(string file) =>
        "giga-schools-" + System.IO.Path.GetFileNameWithoutExtension(file)["schools_location_data_".Length..] + ".csv";

    /// <summary>The values of <c>education_level</c> in Giga's data.</summary>
    public static readonly IReadOnlyList<string> EducationLevels = ["Pre-Primary", "Primary", "Secondary", "Primary And Secondary", "Other", "Unknown"];

    public CollectionMetadata Metadata { get; } = new()
    {
        Id = "giga-schools",
        Title = "Schools (Giga: Kenya, South Africa, Bosnia and Herzegovina)",
        Description = "The public school locations of Giga's Maps API for Kenya (6,884 rows), South Africa (22,457) and Bosnia and Herzegovina (2,010), "
            + "in Giga's schema: the feature id is giga_id_school, and school_name, education_level, country_iso3_code and school_data_source are Giga's columns "
            + "(empty or nan as null), with country and country_name added. Unchanged apart from that mapping and coordinates rounded to 7 decimals; "
            + "a repeated giga_id_school is kept once. The same files are the planner samples data/samples/giga-schools-{KEN,ZAF,BIH}.csv.",
        Keywords = ["schools", "Giga", "Kenya", "South Africa", "Bosnia and Herzegovina"],
        License = "CC-BY-4.0",
        LicenseUrl = "https://creativecommons.org/licenses/by/4.0/",
        Attribution = "Giga and its contributors (CC BY 4.0); unchanged apart from the mapping to this layer",
        Source = "Giga school location data via GitHub unicef/giga-maps-api, commit 26332200",
        SourceUrl = "https://github.com/unicef/giga-maps-api",
        GeometryType = "Point",
        Queryables =
        [
            Map.Country,
            Map.Q("education_level", "string", "Giga's education level", EducationLevels),
            Map.Q("giga_id_school", "string", "Giga's school id (also the feature id)"),
            Map.Q("school_data_source", "string", "Giga's school_data_source column"),
        ],
    };

    public void Build(ImportContext context, LayerIngest ingest)
    {
        foreach (string file in Files)
        {
            var csv = context.ReadCsv(file);
            int id = Column(csv, "giga_id_school"), name = Column(csv, "school_name"), level = Column(csv, "education_level"),
                iso3 = Column(csv, "country_iso3_code"), dataSource = Column(csv, "school_data_source");
            Map.CsvPoints(csv, ingest, Column(csv, "longitude"), Column(csv, "latitude"),
                row => Value(row, id),
                rowError: null,
                (row, schoolId, geometry) =>
                {
                    var (country, countryName) = CountryOf(context, Value(row, iso3), geometry);
                    return new OutputFeature(schoolId, geometry, new Props
                    {
                        ["giga_id_school"] = schoolId,
                        ["school_name"] = Value(row, name),
                        ["education_level"] = Value(row, level),
                        ["country_iso3_code"] = Value(row, iso3),
                        ["school_data_source"] = Value(row, dataSource),
                        ["country"] = country,
                        ["country_name"] = countryName,
                    });
                });
        }
    }

    /// <summary>The row's ISO3 code with its English name (from the table, else the boundaries when they agree); without a code, the point's country.</summary>
    private static (string? Iso3, string? Name) CountryOf(ImportContext context, string? code, Geometry geometry)
    {
        if (code is not { Length: 3 })
            return context.CountryOf(geometry);
        string iso3 = code.ToUpperInvariant();
        if (CountryCodes.NameOf(iso3) is { } name)
            return (iso3, name);
        var located = context.CountryOf(geometry);
        return (iso3, located.Iso3 == iso3 ? located.Name : null);
    }

    /// <summary>A field as Giga writes it: trimmed, null when empty or <c>nan</c>.</summary>
    public static string? Value(string[] row, int column)
    {
        string value = SourceCsv.Field(row, column).Trim();
        return value.Length == 0 || value.Equals("nan", StringComparison.OrdinalIgnoreCase) ? null : value;
    }

    private static int Column(SourceCsv csv, string name) =>
        csv.ColumnIndex(name) is int i and >= 0 ? i : throw new ImportFileException(csv.File, $"no '{name}' column (Giga's school CSV has "
            + "school_name, longitude, latitude, education_level, country_iso3_code, giga_id_school, school_data_source).");
}
