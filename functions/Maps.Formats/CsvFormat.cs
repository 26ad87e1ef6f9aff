using System.Globalization;
using System.Text.RegularExpressions;
using CsvHelper;
using Maps.Core.Import;
using Maps.Core.Layers;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;

namespace Maps.Formats;

/// <summary>
/// A CSV of points or WKT geometries, one feature per data row, parsed with CsvHelper (RFC 4180: quoted
/// fields may hold delimiters, doubled quotes and line breaks; streamed, one record in memory).
/// <list type="bullet">
/// <item>The delimiter is picked from the header line by <see cref="CsvConventions.DetectDelimiter"/>, as the
/// analyses and the import pick it (so a ';' file with decimal commas reads the same everywhere).</item>
/// <item>Geometry: a longitude and a latitude column named as the analyses name them
/// (<see cref="CsvConventions.LongitudeNames"/>, <see cref="CsvConventions.LatitudeNames"/>), else a WKT column
/// (<c>wkt</c>, <c>geometry</c>, <c>geom</c>, <c>the_geom</c>, <c>wkt_geom</c>). A row whose position is blank or
/// not a number, or whose WKT cannot be read, is handed on with a null geometry: rejected alone.</item>
/// <item>The feature id is the <c>id</c> column when there is one, else the data row number from 1.</item>
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
        var peek = await HeaderPeekStream.OpenAsync(body, cancellationToken);
        char delimiter = CsvConventions.DetectDelimiter(peek.Header);
        long unterminated = 0;
        var csvOptions = CsvReaderOptions.Default with
        {
            Separator = delimiter,
            MaxRecordSize = MaxRecordBytes,
            OnMalformedRecord = record =>
            {
                if (record.Reason == CsvMalformedReason.UnterminatedQuote && unterminated == 0)
                    unterminated = record.RecordNumber;
            },
        };
        await using var reader = CsvReader.Create(peek, csvOptions, leaveOpen: true);
        var header = await ReadHeaderAsync(reader, name, cancellationToken);
        var columns = Columns.Find(header, name);
        var wktReader = new WKTReader();
        using var writer = new FeatureJsonWriter();
        int count = 0;
        while (await ReadAsync(reader, name, cancellationToken))
        {
            if (unterminated > 0)
                throw new ImportFileException(name, $"CSV record {unterminated} has a quoted field that is never closed (is the file truncated?).");
            if (!System.Text.Unicode.Utf8.IsValid(reader.RawRecord))
                throw new ImportFileException(name, $"CSV row {reader.RowNumber} is not UTF-8 text (an invalid byte sequence).");
            var geometry = columns.Wkt >= 0 ? ReadWkt(wktReader, reader.GetString(columns.Wkt)) : ReadPoint(reader, columns, delimiter);
            string? id = columns.Id >= 0 ? NullIfBlank(reader.GetString(columns.Id)) : reader.RowNumber.ToString(CultureInfo.InvariantCulture);
            writer.Begin(id, geometry);
            foreach (var (index, property) in columns.Properties)
                WriteValue(writer, property, index < reader.FieldCount ? reader.GetString(index) : null);
            sink.Features(writer.End(), count++, crs);
            if (count % BlockFeatures == 0)
                await sink.AfterBlock(cancellationToken);
        }
        await sink.AfterBlock(cancellationToken);
        return count;
    }

    private static async Task<IReadOnlyList<string>> ReadHeaderAsync(CsvReader reader, string name, CancellationToken cancellationToken)
    {
        try
        {
            await reader.ReadHeaderAsync(cancellationToken);
            var header = reader.Headers.Select(h => h.Trim()).ToArray();
            if (header.Length == 0 || header.All(h => h.Length == 0))
                throw new ImportFileException(name, "the CSV is empty; it needs a header line naming longitude and latitude columns (lon, lat) or a WKT column (wkt).");
            return header;
        }
        catch (CsvFormatException e)
        {
            throw new ImportFileException(name, $"the CSV header cannot be read: {e.Message}", e);
        }
    }

    private static async ValueTask<bool> ReadAsync(CsvReader reader, string name, CancellationToken cancellationToken)
    {
        try
        {
            return await reader.ReadAsync(cancellationToken);
        }
        catch (CsvFormatException e)
        {
            throw new ImportFileException(name, $"the CSV cannot be read: {e.Message}", e);
        }
    }

    private static Geometry? ReadPoint(CsvReader reader, Columns columns, char delimiter)
    {
        double? x = columns.Lon < reader.FieldCount ? CsvConventions.Number(reader.GetString(columns.Lon) ?? "", delimiter) : null;
        double? y = columns.Lat < reader.FieldCount ? CsvConventions.Number(reader.GetString(columns.Lat) ?? "", delimiter) : null;
        return x is double lon && y is double lat ? GeoJsonOptions.Factory.CreatePoint(new Coordinate(lon, lat)) : null;
    }

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
