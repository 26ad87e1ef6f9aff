using System.Globalization;

namespace Maps.Import.Sources;

/// <summary>
/// Open Data Mali's "Ecoles du Mali" (sources UNICEF and Jokkolabs, ODC-PDDL) → <c>mali-schools</c>. Id:
/// <c>school-mli-&lt;CODE_ETABLISSEMENT&gt;</c>; a row without a code is rejected (missing id), a repeated code like any
/// duplicate (the first row kept), a row without X/Y by the CSV rule ("no point: ..."). Layer rule: a point outside
/// Mali is rejected unless it lies within <see cref="BorderKm"/> of Mali's boundary, so that border schools whose point
/// the generalised 50m boundary puts just across the border are kept (62 in the source, all within 7 km) while a
/// sign error (CODE 723077 ZANTIGUILA, X = +7.43 for 07°26'W: in Nigeria) is not. Every feature is <c>country</c> MLI:
/// the source is Mali's school list. <c>school_type</c> is the source's STATUT (Public, Communautaire, ...), not a
/// network <c>status</c>.
/// </summary>
internal sealed class MaliSchools : ILayerSource
{
    public const string Folder = "mali-schools";
    public const string File = Folder + "/MLI_schools.csv";
    public const string Iso3 = "MLI";

    /// <summary>How far outside Mali's boundary (km, by <see cref="CountryLocator.DistanceKm"/>) a school's point is still kept.</summary>
    public const double BorderKm = 25;

    /// <summary>The source's regions (Région), its school cycles (CYCLE) and its STATUT values, as written there.</summary>
    public static readonly IReadOnlyList<string> Regions = ["BAMAKO", "GAO", "KAYES", "KIDAL", "KOULIKORO", "MOPTI", "SEGOU", "SIKASSO", "TOMBOUCTOU"];
    public static readonly IReadOnlyList<string> Levels = ["1er cycle", "2ème cycle"];
    public static readonly IReadOnlyList<string> SchoolTypes = ["Public", "Communautaire", "Medersa", "Privé laïc", "Privé confessionnel"];

    public CollectionMetadata Metadata { get; } = new()
    {
        Id = "mali-schools",
        Title = "Schools (Mali, Open Data Mali)",
        Description = "10,151 schools of Mali (fondamental 1er cycle, grades 1-6, and 2ème cycle, grades 7-9) from Open Data Mali's \"Ecoles du Mali\" "
            + "(sources UNICEF and Jokkolabs), with pupils, girls, boys and teachers per school: the 13,619 rows of the source less 3,463 without "
            + "coordinates, 4 without a school code and 1 whose point is outside Mali (a longitude sign error). Many points are locality-level, "
            + "not buildings: the 10,151 points fall on 7,240 distinct positions (up to 56 schools on one). Vintage unstated: published in 2015, "
            + "probably an early-2010s school census. school_type is the source's STATUT (Public, Communautaire, Medersa, Privé laïc, "
            + "Privé confessionnel), not a network status. A sample for the nearest-backbone analysis over the West African backbone.",
        Keywords = ["schools", "Mali", "Open Data Mali", "UNICEF"],
        License = "ODC-PDDL-1.0",
        LicenseUrl = "https://opendatacommons.org/licenses/pddl/1-0/",
        Attribution = "Open Data Mali / Jokkolabs (listed sources: UNICEF, Jokkolabs), ODC-PDDL 1.0",
        Source = "Ecoles du Mali (ecole-mali/MLI_schools.csv) via GitHub opendatamali/datasets, commit 78962881",
        SourceUrl = "https://github.com/opendatamali/datasets",
        GeometryType = "Point",
        Queryables =
        [
            Map.Country,
            Map.Q("region", "string", "Region (Région, as the source writes it)", Regions),
            Map.Q("level", "string", "School cycle (CYCLE)", Levels),
            Map.Q("school_type", "string", "Kind of school (STATUT)", SchoolTypes),
        ],
    };

    public void Build(ImportContext context, LayerIngest ingest)
    {
        var csv = context.ReadCsv(File);
        if (!context.Countries.Has(Iso3))
            throw new ImportFileException(ImportContext.BoundariesFile, $"has no {Iso3} (Mali) boundary, which the mali-schools layer needs.");
        int code = Column(csv, "CODE_ETABLISSEMENT"), name = Column(csv, "NOM_ETABLISSEMENT"), cycle = Column(csv, "CYCLE"),
            statut = Column(csv, "STATUT"), region = Column(csv, "Région"), cercle = Column(csv, "Cercle"), commune = Column(csv, "Commune"),
            locality = Column(csv, "Localites"), total = Column(csv, "TOTAL"), girls = Column(csv, "FILLES"), boys = Column(csv, "GARCONS"),
            teachers = Column(csv, "NBRE ENSEIGNANTS"), lon = Column(csv, "X"), lat = Column(csv, "Y");
        Map.CsvPoints(csv, ingest, lon, lat,
            row => Text(row, code) is { } c ? "school-mli-" + c : null,
            row => OutsideMali(context, csv.Number(row, lon), csv.Number(row, lat)),
            (row, id, geometry) => new OutputFeature(id, geometry, new Props
            {
                ["name"] = Text(row, name),
                ["code"] = Text(row, code),
                ["level"] = Text(row, cycle),
                ["school_type"] = Text(row, statut),
                ["region"] = Text(row, region),
                ["cercle"] = Text(row, cercle),
                ["commune"] = Text(row, commune),
                ["locality"] = Text(row, locality),
                ["pupils"] = Integer(row, total),
                ["girls"] = Integer(row, girls),
                ["boys"] = Integer(row, boys),
                ["teachers"] = Integer(row, teachers),
                ["country"] = Iso3,
                ["country_name"] = "Mali",
            }));
    }

    /// <summary>
    /// Why a point is refused as not in Mali: its country (<see cref="ImportContext.CountryOf"/>) is not Mali and it lies more
    /// than <see cref="BorderKm"/> outside Mali's boundary. Null when it is kept, and when there is no usable point (the
    /// validator gives that reason).
    /// </summary>
    public static string? OutsideMali(ImportContext context, double? lon, double? lat)
    {
        if (lon is not { } x || lat is not { } y || !double.IsFinite(x) || !double.IsFinite(y) || Math.Abs(x) > 180 || Math.Abs(y) > 90)
            return null;
        // Inside Mali or near it (most rows) needs no country lookup; the lookup names the country for the rest.
        double km = context.Countries.DistanceKm(x, y, Iso3) ?? double.PositiveInfinity;
        if (km <= BorderKm)
            return null;
        var (iso3, _) = context.CountryOf(GeoJsonOptions.Factory.CreatePoint(new Coordinate(x, y)));
        return iso3 == Iso3
            ? null
            : string.Create(CultureInfo.InvariantCulture,
                $"point ({x}, {y}) is in {iso3 ?? "no country"}, not Mali ({km:0} km outside its boundary; up to {BorderKm} km is kept)");
    }

    /// <summary>A text field: trimmed, null when empty.</summary>
    private static string? Text(string[] row, int column) => Map.Clean(SourceCsv.Field(row, column));

    /// <summary>A count (pupils, teachers): an integer, else null.</summary>
    private static long? Integer(string[] row, int column) =>
        long.TryParse(Text(row, column), NumberStyles.Integer, CultureInfo.InvariantCulture, out long n) ? n : null;

    private static int Column(SourceCsv csv, string name) =>
        csv.ColumnIndex(name) is int i and >= 0 ? i : throw new ImportFileException(csv.File, $"no '{name}' column (Open Data Mali's school CSV has "
            + "Région, Cercle, Commune, NOM_ETABLISSEMENT, Localites, X, Y, CODE_ETABLISSEMENT, CYCLE, STATUT, GARCONS, FILLES, TOTAL, NBRE ENSEIGNANTS, ...).");
}
