using Maps.Core.Import;
using System.Text;
using Maps.Core.Geodesy;
using Maps.Core.Spatial;

namespace Maps.Analysis.Profile;

/// <summary>
/// The first pass over a spooled profile body: the positions of its distinct schools, for
/// <c>schools_within_{r}km</c>. A row counts when the second pass would answer it (same columns,
/// same position checks); rows with the same id count once, at the first row's position (rows
/// without an id are each a school). Ids are compared by a 64-bit FNV-1a hash of their trimmed
/// UTF-8 text rather than kept as strings, so a million ids cost 8 MB instead of about 100 MB; two
/// different ids collide with probability about n²/2⁶⁵ (3·10⁻⁸ for a million).
/// </summary>
public sealed class RequestSchools
{
    /// <summary>Id columns looked for (case-insensitive) when <c>id=</c> does not name one.</summary>
    public static readonly string[] IdNames = ["giga_id_school", "school_id_giga", "school_id", "id"];

    private readonly List<LonLat> _positions = [];
    private readonly HashSet<ulong> _ids = [];
    private readonly Lazy<SphericalIndex>? _index;

    public RequestSchools()
    {
    }

    /// <summary>Schools already read (by a job's split), whose index is built once however many chunks use it.</summary>
    public RequestSchools(IEnumerable<LonLat> positions)
    {
        _positions.AddRange(positions);
        _index = new Lazy<SphericalIndex>(() => SphericalIndex.FromPoints(_positions, collectionId: "request"));
    }

    /// <summary>Distinct schools read.</summary>
    public int Count => _positions.Count;

    /// <summary>The distinct schools' positions, in reading order.</summary>
    public ReadOnlySpan<LonLat> Positions => System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_positions);

    /// <summary>Rows whose id repeated an earlier row's.</summary>
    public long Duplicates { get; private set; }

    public SphericalIndex BuildIndex(CancellationToken cancellationToken) =>
        _index?.Value ?? SphericalIndex.FromPoints(_positions, collectionId: "request", cancellationToken: cancellationToken);

    private void Add(double lon, double lat, ReadOnlySpan<byte> id)
    {
        id = id.Trim(" \t"u8);
        if (!id.IsEmpty && !_ids.Add(Fnv1a(id)))
        {
            Duplicates++;
            return;
        }
        _positions.Add(new LonLat(lon, lat));
    }

    /// <summary>The id field's value as UTF-8: its raw bytes when unquoted (no copy), else its unquoted text.</summary>
    private static ReadOnlySpan<byte> IdBytes(CsvRecordReader reader, int id)
    {
        var raw = reader.RawField(id);
        return raw.IndexOf((byte)'"') < 0 ? raw : Encoding.UTF8.GetBytes(reader.Field(id));
    }

    /// <summary>The ids are needed only while reading (to count each school once): their set goes before the index is built.</summary>
    private void ForgetIds()
    {
        _ids.Clear();
        _ids.TrimExcess();
    }

    private static ulong Fnv1a(ReadOnlySpan<byte> bytes)
    {
        ulong hash = 14695981039346656037;
        foreach (byte b in bytes)
            hash = (hash ^ b) * 1099511628211;
        return hash;
    }

    public static async Task<RequestSchools> ReadCsvAsync(Stream body, string? latColumn, string? lonColumn, string? idColumn, long maxRows, CancellationToken cancellationToken)
    {
        var schools = new RequestSchools();
        using var reader = new CsvRecordReader(body, message => new MalformedBodyException(message));
        await reader.DetectDelimiterAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
            throw new BatchInputException("The CSV body is empty; it needs a header line naming the latitude and longitude columns.");
        var header = CsvBatch.Header(reader);
        var (lat, lon) = CsvBatch.Position(header, latColumn, lonColumn);
        int id = idColumn is not null
            ? CsvBatch.Column(header, idColumn, [], "id", "school id")
            : IdNames.Select(name => Array.FindIndex(header, h => h.Equals(name, StringComparison.OrdinalIgnoreCase))).FirstOrDefault(i => i >= 0, -1);
        long rows = 0;
        while (await reader.ReadAsync(cancellationToken))
        {
            if (++rows > maxRows)
                throw BatchLimitException.TooManyRows(maxRows);
            if (CsvBatch.ReadPosition(reader, lat, lon, header.Length, out double x, out double y) is not null)
                continue;
            schools.Add(x, y, id >= 0 && id < reader.FieldCount ? IdBytes(reader, id) : []);
        }
        schools.ForgetIds();
        return schools;
    }

    public static async Task<RequestSchools> ReadGeoJsonAsync(Stream body, long maxRows, CancellationToken cancellationToken)
    {
        var schools = new RequestSchools();
        using var reader = GeoJsonBody.Open(body);
        long rows = 0;
        while (await reader.ReadDocumentAsync(cancellationToken) is { } feature)
        {
            using (feature)
            {
                if (++rows > maxRows)
                    throw BatchLimitException.TooManyRows(maxRows);
                var root = feature.RootElement;
                var (lon, lat, error, _) = GeoJsonBatch.ReadPoint(root);
                if (error is null && GeoJsonBatch.Echoable(root))
                    schools.Add(lon, lat, Id(root));
            }
        }
        schools.ForgetIds();
        return schools;
    }

    /// <summary>The feature's <c>id</c> member, else its <c>giga_id_school</c> or <c>school_id</c> property, as raw JSON text.</summary>
    private static ReadOnlySpan<byte> Id(System.Text.Json.JsonElement root)
    {
        if (root.TryGetProperty("id", out var id) && id.ValueKind is System.Text.Json.JsonValueKind.String or System.Text.Json.JsonValueKind.Number)
            return System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(id);
        if (root.TryGetProperty("properties", out var properties) && properties.ValueKind == System.Text.Json.JsonValueKind.Object)
        {
            foreach (var name in IdNames)
            {
                if (properties.TryGetProperty(name, out var value) && value.ValueKind is System.Text.Json.JsonValueKind.String or System.Text.Json.JsonValueKind.Number)
                    return System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(value);
            }
        }
        return [];
    }
}
