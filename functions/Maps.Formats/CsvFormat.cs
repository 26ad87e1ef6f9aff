using System.Globalization;
using System.Text.RegularExpressions;
using Maps.Core.Import;
using Maps.Core.Layers;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;

namespace Maps.Formats;

/// <summary>
/// A CSV of points or WKT geometries, one feature per data row, read by the one CSV tokenizer,
/// <see cref="CsvRecordReader"/> (RFC 4180: quoted fields may hold delimiters, doubled quotes and line breaks;
/// streamed, one record in memory).
/// <list type="bullet">
/// <item>The delimiter is picked from the header line, as the analyses and the import pick it (the same reader,
/// so a ';' file with decimal commas reads the same everywhere).</item>
/// <item>Geometry: a longitude and a latitude column named as the analyses name them
/// (<see cref="CsvConventions.LongitudeNames"/>, <see cref="CsvConventions.LatitudeNames"/>), else a WKT column
/// (<c>wkt</c>, <c>geometry</c>, <c>geom</c>, <c>the_geom</c>, <c>wkt_geom</c>). A row whose position is blank or
/// not a number, or whose WKT cannot be read, is handed on with a null geometry: rejected alone.</item>
/// <item>The feature id is the <c>id</c> column when there is one, else the data record number from 1 (blank lines not counted).</item>
/// <item>The other columns are properties: empty is null; text that is a JSON number (RFC 8259 grammar, so no
/// leading zeros, '+' or blanks: <c>007</c> and <c>+44 20</c> stay text) is that number, written as it is;
/// a date or date-time as spreadsheets and GDAL write them (<c>2024/02/29</c>, <c>2024/02/29 13:45:10+00</c>, ISO 8601
/// without a zone) is RFC 3339 text (<see cref="TemporalText.FromCsv"/>), which queryables call <c>date</c> / <c>date-time</c>;
/// anything else is a string.</item>
/// </list>
/// File-level problems are <see cref="ImportFileException"/>s: no header, no position or WKT column, a
/// quoted field never closed, text that is not UTF-8, a record over <see cref="MaxRecordBytes"/>.
/// </summary>
public sealed partial class CsvFormat : IUploadFormat
{
    /// <summary>Guards memory against a quote that is never closed in a large file.</summary>
    public const int MaxRecordBytes = 16 << 20;

    private const int BlockFeatures = 1000;

    private static readonly string[] WktNames = ["wkt", "geometry", "geom", "the_geom", "wkt_geom"];
    private static readonly string[] IdNames = ["id"];

    public string Id => "csv";

    public IReadOnlyList<string> MediaTypes { get; } = ["text/csv"];

    public IReadOnlyList<string> Extensions { get; } = [".csv"];

    public bool HasNodes => false;

    public async Task<int> ReadAsync(Stream body, UploadReadOptions options, UploadSink sink, CancellationToken cancellationToken = default)
    {
        string name = options.Name;
        var crs = UploadCrs.Parse(options.Crs, name);
        using var reader = new CsvRecordReader(body, message => new ImportFileException(name, message), MaxRecordBytes);
        await reader.DetectDelimiterAsync(cancellationToken);
        var header = await ReadHeaderAsync(reader, name, cancellationToken);
        var columns = Columns.Find(header, name);
        var wktReader = new WKTReader();
        using var writer = new FeatureJsonWriter();
        int count = 0;
        while (await reader.ReadAsync(cancellationToken))
        {
            CheckUtf8(reader, name);
            var geometry = columns.Wkt >= 0 ? ReadWkt(wktReader, Field(reader, columns.Wkt)) : ReadPoint(reader, columns);
            string? id = columns.Id >= 0 ? NullIfBlank(Field(reader, columns.Id)) : (count + 1).ToString(CultureInfo.InvariantCulture);
            writer.Begin(id, geometry);
            foreach (var (index, property) in columns.Properties)
                WriteValue(writer, property, Field(reader, index));
            sink.Features(writer.End(), count++, crs);
            if (count % BlockFeatures == 0)
                await sink.AfterBlock(cancellationToken);
        }
        await sink.AfterBlock(cancellationToken);
        return count;
    }

    private static async Task<IReadOnlyList<string>> ReadHeaderAsync(CsvRecordReader reader, string name, CancellationToken cancellationToken)
    {
        if (!await reader.ReadAsync(cancellationToken))
            throw new ImportFileException(name, "the CSV is empty; it needs a header line naming longitude and latitude columns (lon, lat) or a WKT column (wkt).");
        CheckUtf8(reader, name);
        var header = Enumerable.Range(0, reader.FieldCount).Select(i => reader.Field(i).Trim()).ToArray();
        if (header.All(h => h.Length == 0))
            throw new ImportFileException(name, "the CSV is empty; it needs a header line naming longitude and latitude columns (lon, lat) or a WKT column (wkt).");
        return header;
    }

    private static void CheckUtf8(CsvRecordReader reader, string name)
    {
        if (!System.Text.Unicode.Utf8.IsValid(reader.Raw))
            throw new ImportFileException(name, $"CSV record {reader.RecordNumber} is not UTF-8 text (an invalid byte sequence).");
    }

    private static string? Field(CsvRecordReader reader, int index) => index < reader.FieldCount ? reader.Field(index) : null;

    private static Geometry? ReadPoint(CsvRecordReader reader, Columns columns) =>
        reader.TryNumber(columns.Lon, out double lon) && reader.TryNumber(columns.Lat, out double lat)
            ? GeoJsonOptions.Factory.CreatePoint(new Coordinate(lon, lat))
            : null;

    private static Geometry? ReadWkt(WKTReader reader, string? wkt)
    {
        if (string.IsNullOrWhiteSpace(wkt))
            return null;
        try
        {
            return reader.Read(wkt);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return null;
        }
    }

    private static void WriteValue(FeatureJsonWriter writer, string name, string? text)
    {
        if (string.IsNullOrEmpty(text))
            writer.Property(name, null);
        else if (JsonNumber().IsMatch(text) && double.IsFinite(double.Parse(text, CultureInfo.InvariantCulture)))
            writer.RawProperty(name, text);
        else
            writer.Property(name, TemporalText.FromCsv(text) ?? text);
    }

    private static string? NullIfBlank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    [GeneratedRegex(@"^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?$")]
    private static partial Regex JsonNumber();

    /// <summary>Where the geometry, the id and the properties are in a row.</summary>
    private sealed record Columns(int Lon, int Lat, int Wkt, int Id, IReadOnlyList<(int Index, string Name)> Properties)
    {
        public static Columns Find(IReadOnlyList<string> header, string file)
        {
            int lon = CsvConventions.FindColumn(header, CsvConventions.LongitudeNames);
            int lat = CsvConventions.FindColumn(header, CsvConventions.LatitudeNames);
            int wkt = lon >= 0 && lat >= 0 ? -1 : CsvConventions.FindColumn(header, WktNames);
            if (wkt < 0 && (lon < 0 || lat < 0))
                throw new ImportFileException(file,
                    $"the CSV header has no longitude and latitude columns (looked for {string.Join(", ", CsvConventions.LongitudeNames)} and " +
                    $"{string.Join(", ", CsvConventions.LatitudeNames)}) and no WKT column ({string.Join(", ", WktNames)}). Columns: {string.Join(", ", header)}.");
            int id = CsvConventions.FindColumn(header, IdNames);
            var properties = new List<(int, string)>();
            for (int i = 0; i < header.Count; i++)
                if (i != lon && i != lat && i != wkt && i != id)
                    properties.Add((i, header[i].Length > 0 ? header[i] : $"column_{i + 1}"));
            return new Columns(lon, lat, wkt, id, properties);
        }
    }
}
