using System.Globalization;
using System.Text.Json;

namespace Maps.Import.Sources;

/// <summary>
/// Cell sites → <c>cell-sites</c>, in ITU's infrastructure-map cell-site schema, built only when
/// <c>data/sources/cell-sites/</c> holds CSVs (<c>*.csv</c>, <c>*.csv.gz</c>; read in ordinal name order).
/// Nothing ships there: no openly licensed cell-site data was found for the WATRA countries or Kenya
/// (data/README.md). Each file is one of two kinds, told by its header:
/// <list type="bullet">
/// <item>ITU schema (<c>ict_id</c>, <c>radio_type</c>, <c>lat</c>/<c>latitude</c>, <c>lon</c>/<c>longitude</c>,
/// and any of the other ITU columns): id <c>cell-&lt;ict_id&gt;</c>;</item>
/// <item>OpenCelliD export (<c>radio</c>, <c>mcc</c>, <c>net</c>, <c>area</c>, <c>cell</c>, <c>lon</c>, <c>lat</c>,
/// <c>range</c>, <c>samples</c>, <c>created</c>, <c>updated</c>): id
/// <c>cell-&lt;radio&gt;-&lt;mcc&gt;-&lt;net&gt;-&lt;area&gt;-&lt;cell&gt;</c> (radio lower-cased: OpenCelliD's key).</item>
/// </list>
/// <c>radio_type</c> goes through <see cref="RadioTypes"/> and a row it refuses is rejected
/// (<see cref="CellSiteRules"/>), as is a row with bad coordinates or a repeated id. Licence and
/// attribution: <c>metadata.json</c> beside the CSVs (a <see cref="MetadataInput"/>, as a publish's sidecar), needed unless every file
/// is an OpenCelliD export (then OpenCelliD's CC BY-SA 4.0).
/// </summary>
internal sealed class CellSites : IOptionalLayerSource
{
    public const string Folder = "cell-sites";
    public const string MetadataFile = Folder + "/metadata.json";

    private static readonly string[] OpenCelliDColumns = ["radio", "mcc", "net", "area", "cell", "lon", "lat"];

    public CollectionMetadata Metadata { get; } = new()
    {
        Id = CellSiteRules.CollectionId,
        Title = "Cell sites",
        Description = "Mobile network cell sites in ITU's infrastructure-map cell-site schema: radio_type is 2G, 3G, 4G or 5G (GSM, UMTS/CDMA, LTE, NR), "
            + "with operator, antenna and tower heights, backhaul and the radio parameters where the source has them. status is operational unless the source says otherwise.",
        Keywords = ["cell sites", "mobile", "2G", "3G", "4G", "5G", "ITU"],
        License = "CC-BY-SA-4.0",
        LicenseUrl = "https://creativecommons.org/licenses/by-sa/4.0/",
        Attribution = "OpenCelliD Project (opencellid.org), CC BY-SA 4.0",
        Source = "OpenCelliD cell export",
        SourceUrl = "https://opencellid.org/",
        GeometryType = "Point",
        Queryables = CuratedQueryables.For(CellSiteRules.CollectionId),
    };

    public string Absent => $"no CSV in {Folder}/";

    /// <summary>The CSVs of the folder, relative to the sources directory, in ordinal order; empty when there is no folder.</summary>
    public static IReadOnlyList<string> Files(ImportContext context)
    {
        string folder = Path.Combine(context.SourcesDirectory, Folder);
        if (!Directory.Exists(folder))
            return [];
        return Directory.GetFiles(folder)
            .Select(Path.GetFileName)
            .Where(n => n!.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) || n.EndsWith(".csv.gz", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal)
            .Select(n => Folder + "/" + n)
            .ToList();
    }

    public CollectionMetadata? MetadataFor(ImportContext context)
    {
        var files = Files(context);
        if (files.Count == 0)
            return null;
        var info = ReadSourceInfo(context);
        if (info is null)
        {
            var notOpenCelliD = files.FirstOrDefault(f => !IsOpenCelliD(context.ReadCsv(f)));
            if (notOpenCelliD is not null)
                throw new ImportFileException(MetadataFile, $"missing: {notOpenCelliD} is not an OpenCelliD export, so its licence, attribution and source "
                    + "must be given in metadata.json ({\"license\", \"attribution\", \"source\"} required; \"title\", \"description\", \"licenseUrl\", \"sourceUrl\" optional).");
            return Metadata;
        }
        var missing = info.MissingForNew().Where(name => name != "title").ToList();
        if (missing.Count > 0)
            throw new ImportFileException(MetadataFile, $"needs {string.Join(", ", missing)}.");
        return info.ApplyTo(Metadata);
    }

    public void Build(ImportContext context, LayerIngest ingest)
    {
        foreach (string file in Files(context))
        {
            var csv = context.ReadCsv(file);
            if (IsOpenCelliD(csv))
                BuildOpenCelliD(context, csv, ingest);
            else if (IsItu(csv))
                BuildItu(context, csv, ingest);
            else
                throw new ImportFileException(file, "not a cell-site CSV: needs ITU's columns (ict_id, radio_type, lat or latitude, lon or longitude) "
                    + "or OpenCelliD's (radio, mcc, net, area, cell, lon, lat).");
        }
    }

    public static bool IsOpenCelliD(SourceCsv csv) => csv.HasColumns(OpenCelliDColumns) && csv.ColumnIndex("radio_type") < 0;

    public static bool IsItu(SourceCsv csv) =>
        csv.HasColumns("ict_id", "radio_type") && csv.ColumnIndex("lat", "latitude") >= 0 && csv.ColumnIndex("lon", "longitude") >= 0;

    private static void BuildItu(ImportContext context, SourceCsv csv, LayerIngest ingest)
    {
        var c = new Columns(csv);
        int ictId = csv.ColumnIndex("ict_id"), radioType = csv.ColumnIndex("radio_type");
        Map.CsvPoints(csv, ingest, csv.ColumnIndex("lon", "longitude"), csv.ColumnIndex("lat", "latitude"),
            row => Map.Clean(SourceCsv.Field(row, ictId)) is { } id ? "cell-" + id : null,
            row => CellSiteRules.Reason(null, Text(row, radioType), null),
            (row, id, geometry) => Feature(context, csv, c, row, id, geometry,
                ictId: Text(row, ictId), radio: Text(row, radioType), radioType: CellSiteRules.RadioType(Text(row, radioType), null),
                sourceCellId: Text(row, c.SourceCellId)));
    }

    private static void BuildOpenCelliD(ImportContext context, SourceCsv csv, LayerIngest ingest)
    {
        var c = new Columns(csv);
        int radio = csv.ColumnIndex("radio");
        int[] key = [csv.ColumnIndex("mcc"), csv.ColumnIndex("net"), csv.ColumnIndex("area"), csv.ColumnIndex("cell")];
        string? SourceKey(string[] row)
        {
            var parts = key.Select(k => Text(row, k)).Prepend(Text(row, radio)).ToArray();
            return parts.Any(p => p is null) ? null : string.Join("-", parts);
        }
        Map.CsvPoints(csv, ingest, csv.ColumnIndex("lon"), csv.ColumnIndex("lat"),
            row => SourceKey(row) is { } k ? "cell-" + k.ToLowerInvariant() : null,
            row => CellSiteRules.Reason(null, null, Text(row, radio)),
            (row, id, geometry) => Feature(context, csv, c, row, id, geometry,
                ictId: null, radio: Text(row, radio), radioType: CellSiteRules.RadioType(null, Text(row, radio)),
                sourceCellId: SourceKey(row)));
    }

    /// <summary>One cell site, every column of the schema in a fixed order (null where the source has none).</summary>
    private static OutputFeature Feature(ImportContext context, SourceCsv csv, Columns c, string[] row, string id, Geometry geometry,
        string? ictId, string? radio, string? radioType, string? sourceCellId)
    {
        string? code = Text(row, c.CountryCode)?.ToUpperInvariant();
        var located = context.CountryOf(geometry);
        var (country, countryName) = code is { Length: 3 }
            ? (code, CountryCodes.NameOf(code) ?? (located.Iso3 == code ? located.Name : null))
            : located;
        return new OutputFeature(id, geometry, new Props
        {
            ["ict_id"] = ictId,
            ["radio_type"] = radioType,
            ["status"] = CellSiteRules.Status(Text(row, c.Status)),
            ["operator_name"] = Text(row, c.OperatorName),
            ["antenna_height"] = csv.Number(row, c.AntennaHeight),
            ["tower_height"] = csv.Number(row, c.TowerHeight),
            ["backhaul_type"] = Backhaul(Text(row, c.BackhaulType)),
            ["backhaul_throughput_mbps"] = csv.Number(row, c.BackhaulThroughput),
            ["power_source"] = Text(row, c.PowerSource)?.ToLowerInvariant(),
            ["downlink_frequency_mhz"] = csv.Number(row, c.Downlink),
            ["uplink_frequency_mhz"] = csv.Number(row, c.Uplink),
            ["max_channel_bandwidth_mhz"] = csv.Number(row, c.Bandwidth),
            ["eirp_dbm"] = csv.Number(row, c.Eirp),
            ["azimuth_degrees"] = csv.Number(row, c.Azimuth),
            ["mechanical_tilt_degrees"] = csv.Number(row, c.MechanicalTilt),
            ["electrical_tilt_degrees"] = csv.Number(row, c.ElectricalTilt),
            ["antenna_model"] = Text(row, c.AntennaModel),
            ["antenna_gain"] = csv.Number(row, c.AntennaGain),
            ["antenna_horizontal_beamwidth_degrees"] = csv.Number(row, c.HorizontalBeamwidth),
            ["antenna_vertical_beamwidth_degrees"] = csv.Number(row, c.VerticalBeamwidth),
            ["radio"] = radio,
            ["source_ict_id"] = Text(row, c.SourceIctId),
            ["source_cell_id"] = sourceCellId,
            ["dataset_id"] = Text(row, c.DatasetId),
            ["admin1"] = Text(row, c.Admin1),
            ["admin2"] = Text(row, c.Admin2),
            ["admin3"] = Text(row, c.Admin3),
            ["mcc"] = Integer(row, c.Mcc),
            ["net"] = Integer(row, c.Net),
            ["area"] = Integer(row, c.Area),
            ["cell"] = Integer(row, c.Cell),
            ["range_m"] = Integer(row, c.Range),
            ["samples"] = Integer(row, c.Samples),
            ["created"] = UnixTime(row, c.Created),
            ["updated"] = UnixTime(row, c.Updated),
            ["country"] = country,
            ["country_name"] = countryName,
        });
    }

    /// <summary>ITU's backhaul values (<c>fiber</c>, <c>microwave</c>, <c>satellite</c>) from their usual spellings; others lower-cased as given.</summary>
    public static string? Backhaul(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        null => null,
        "fiber" or "fibre" or "optical fiber" or "optical fibre" or "fo" => "fiber",
        "microwave" or "mw" => "microwave",
        "satellite" or "vsat" => "satellite",
        var other => other,
    };

    private static string? Text(string[] row, int column) => column < 0 ? null : Map.Clean(SourceCsv.Field(row, column)) is { } v && !v.Equals("nan", StringComparison.OrdinalIgnoreCase) ? v : null;

    private static long? Integer(string[] row, int column) =>
        long.TryParse(Text(row, column), NumberStyles.Integer, CultureInfo.InvariantCulture, out long n) ? n : null;

    /// <summary>OpenCelliD's Unix seconds as ISO 8601 UTC (<c>2016-01-12T10:00:00Z</c>).</summary>
    private static string? UnixTime(string[] row, int column) =>
        Integer(row, column) is { } seconds and >= 0 and <= 253402300799
            ? DateTimeOffset.FromUnixTimeSeconds(seconds).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)
            : null;

    private static MetadataInput? ReadSourceInfo(ImportContext context)
    {
        string path = Path.Combine(context.SourcesDirectory, MetadataFile);
        if (!File.Exists(path))
            return null;
        try
        {
            return JsonSerializer.Deserialize<MetadataInput>(File.ReadAllBytes(path), new JsonSerializerOptions(JsonSerializerDefaults.Web))
                ?? throw new ImportFileException(MetadataFile, "is null; give a JSON object.");
        }
        catch (JsonException e)
        {
            throw new ImportFileException(MetadataFile, $"not valid JSON ({e.Message}).", e);
        }
    }

    /// <summary>Where each schema column is in one file (−1 when it has none).</summary>
    private sealed class Columns(SourceCsv csv)
    {
        public readonly int Status = csv.ColumnIndex("status");
        public readonly int OperatorName = csv.ColumnIndex("operator_name");
        public readonly int AntennaHeight = csv.ColumnIndex("antenna_height", "antenna_height_m");
        public readonly int TowerHeight = csv.ColumnIndex("tower_height", "tower_height_m");
        public readonly int BackhaulType = csv.ColumnIndex("backhaul_type");
        public readonly int BackhaulThroughput = csv.ColumnIndex("backhaul_throughput_mbps", "backhaul_throuput_mbps"); // ITU's database spells it so
        public readonly int PowerSource = csv.ColumnIndex("power_source");
        public readonly int Downlink = csv.ColumnIndex("downlink_frequency_mhz");
        public readonly int Uplink = csv.ColumnIndex("uplink_frequency_mhz");
        public readonly int Bandwidth = csv.ColumnIndex("max_channel_bandwidth_mhz");
        public readonly int Eirp = csv.ColumnIndex("eirp_dbm");
        public readonly int Azimuth = csv.ColumnIndex("azimuth_degrees");
        public readonly int MechanicalTilt = csv.ColumnIndex("mechanical_tilt_degrees");
        public readonly int ElectricalTilt = csv.ColumnIndex("electrical_tilt_degrees");
        public readonly int AntennaModel = csv.ColumnIndex("antenna_model");
        public readonly int AntennaGain = csv.ColumnIndex("antenna_gain");
        public readonly int HorizontalBeamwidth = csv.ColumnIndex("antenna_horizontal_beamwidth_degrees");
        public readonly int VerticalBeamwidth = csv.ColumnIndex("antenna_vertical_beamwidth_degrees");
        public readonly int SourceIctId = csv.ColumnIndex("source_ict_id");
        public readonly int SourceCellId = csv.ColumnIndex("source_cell_id");
        public readonly int DatasetId = csv.ColumnIndex("dataset_id");
        public readonly int CountryCode = csv.ColumnIndex("country_code", "country_iso3_code");
        public readonly int Admin1 = csv.ColumnIndex("admin1");
        public readonly int Admin2 = csv.ColumnIndex("admin2");
        public readonly int Admin3 = csv.ColumnIndex("admin3");
        public readonly int Mcc = csv.ColumnIndex("mcc");
        public readonly int Net = csv.ColumnIndex("net", "mnc");
        public readonly int Area = csv.ColumnIndex("area", "lac", "tac");
        public readonly int Cell = csv.ColumnIndex("cell", "cid");
        public readonly int Range = csv.ColumnIndex("range");
        public readonly int Samples = csv.ColumnIndex("samples");
        public readonly int Created = csv.ColumnIndex("created");
        public readonly int Updated = csv.ColumnIndex("updated");
    }
}
