using System.Text.Json;
using Maps.Core.Layers;
using NetTopologySuite.Geometries;

namespace Maps.Core.Import;

/// <summary>One feature of a source file, its geometry already in lon/lat (CRS84).</summary>
/// <param name="Index">Position in the file's <c>features</c> array, from 0.</param>
/// <param name="Id">The Feature-level <c>id</c> (string or number, as text), if any.</param>
/// <param name="Geometry">The geometry, or null when it is null or could not be read (see <paramref name="GeometryError"/>).</param>
/// <param name="GeometryError">Why the geometry could not be read, if it could not.</param>
/// <param name="Properties">The <c>properties</c> object (an empty object when absent or null).</param>
public sealed record SourceFeature(int Index, string? Id, Geometry? Geometry, string? GeometryError, JsonElement Properties)
{
    /// <summary>What reading fixed rather than refused (an unclosed ring closed), for the report; null when nothing.</summary>
    public string? Fixed { get; init; }

    public string? GetString(string name) =>
        Properties.TryGetProperty(name, out var v) ? v.ValueKind switch
        {
            JsonValueKind.String => v.GetString(),
            JsonValueKind.Number => v.GetRawText(),
            _ => null,
        } : null;

    public double? GetDouble(string name) =>
        Properties.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;

    public long? GetInt64(string name) =>
        Properties.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out long n) ? n : null;

    public IReadOnlyList<string> GetStrings(string name) =>
        Properties.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Array
            ? v.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!).ToArray()
            : [];
}

/// <summary>The CRS a source file declares, as far as the import understands it.</summary>
public enum SourceCrs
{
    /// <summary>No <c>crs</c> member, CRS84 or EPSG:4326: lon/lat degrees (GeoJSON axis order).</summary>
    LonLat,

    /// <summary>EPSG:3857 Web Mercator metres; reprojected on read.</summary>
    WebMercator,
}

/// <summary>A parsed source FeatureCollection.</summary>
public sealed record SourceCollection(string File, SourceCrs Crs, IReadOnlyList<SourceFeature> Features);

/// <summary>
/// Reads a source GeoJSON FeatureCollection (RFC 7946, or the 2008 draft with a named <c>crs</c>),
/// reprojecting EPSG:3857 to lon/lat. Whole-file problems (unreadable or truncated JSON, not a
/// FeatureCollection, an unsupported CRS) throw <see cref="ImportFileException"/> naming the file;
/// per-feature geometry problems are returned on the feature for the validator to reject.
/// </summary>
public static class GeoJsonSourceReader
{
    private static readonly Dictionary<string, SourceCrs> KnownCrs = new(StringComparer.OrdinalIgnoreCase)
    {
        ["urn:ogc:def:crs:OGC:1.3:CRS84"] = SourceCrs.LonLat,
        ["urn:ogc:def:crs:OGC::CRS84"] = SourceCrs.LonLat,
        ["CRS84"] = SourceCrs.LonLat,
        ["OGC:CRS84"] = SourceCrs.LonLat,
        ["EPSG:4326"] = SourceCrs.LonLat,
        ["urn:ogc:def:crs:EPSG::4326"] = SourceCrs.LonLat,
        ["EPSG:3857"] = SourceCrs.WebMercator,
        ["urn:ogc:def:crs:EPSG::3857"] = SourceCrs.WebMercator,
        ["EPSG:900913"] = SourceCrs.WebMercator,
        ["urn:ogc:def:crs:EPSG::900913"] = SourceCrs.WebMercator,
    };

    public static SourceCollection ReadFile(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (IOException e)
        {
            throw new ImportFileException(path, $"cannot read file ({e.Message}).", e);
        }
        return Parse(bytes, path);
    }

    /// <summary>Parses GeoJSON bytes; <paramref name="name"/> is used in messages (a path or an upload name).</summary>
    public static SourceCollection Parse(ReadOnlyMemory<byte> geoJson, string name)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(geoJson, new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException e)
        {
            throw new ImportFileException(name, $"not valid JSON, truncated or corrupt (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}): {e.Message}", e);
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String || type.GetString() != "FeatureCollection"
                || !root.TryGetProperty("features", out var array) || array.ValueKind != JsonValueKind.Array)
                throw new ImportFileException(name, "not a GeoJSON FeatureCollection (needs \"type\": \"FeatureCollection\" and a \"features\" array).");

            var crs = ReadCrs(root, name);
            var features = new List<SourceFeature>(array.GetArrayLength());
            int index = 0;
            foreach (var element in array.EnumerateArray())
                features.Add(ReadFeature(element, index++, crs));
            return new SourceCollection(name, crs, features);
        }
    }

    private static SourceCrs ReadCrs(JsonElement root, string name) =>
        root.TryGetProperty("crs", out var crs) ? ParseCrs(crs, name) : SourceCrs.LonLat;

    /// <summary>
    /// The CRS named by a FeatureCollection's <c>crs</c> member (null: lon/lat). Throws
    /// <see cref="ImportFileException"/> for anything but CRS84/EPSG:4326 and EPSG:3857.
    /// Used by streaming readers that meet the member on its own.
    /// </summary>
    public static SourceCrs ParseCrs(JsonElement crs, string name)
    {
        if (crs.ValueKind == JsonValueKind.Null)
            return SourceCrs.LonLat;
        string? crsName = crs.ValueKind == JsonValueKind.Object
            && crs.TryGetProperty("properties", out var p) && p.ValueKind == JsonValueKind.Object
            && p.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String
                ? n.GetString()
                : null;
        if (crsName is not null && KnownCrs.TryGetValue(crsName, out var known))
            return known;
        throw new ImportFileException(name,
            $"unsupported CRS '{crsName ?? crs.GetRawText()}' (supported: CRS84, EPSG:4326 as lon/lat, EPSG:3857).");
    }

    /// <summary>
    /// Reads one element of a <c>features</c> array (reprojecting from <paramref name="crs"/>); the
    /// properties are cloned, so the element's document may be disposed afterwards.
    /// </summary>
    public static SourceFeature ReadFeature(JsonElement element, int index, SourceCrs crs)
    {
        if (element.ValueKind != JsonValueKind.Object)
            return new SourceFeature(index, null, null, "not a GeoJSON Feature object", EmptyObject);
        string? id = element.TryGetProperty("id", out var idElement) ? idElement.ValueKind switch
        {
            JsonValueKind.String => idElement.GetString(),
            JsonValueKind.Number => idElement.GetRawText(),
            _ => null,
        } : null;
        var properties = element.TryGetProperty("properties", out var p) && p.ValueKind == JsonValueKind.Object ? p.Clone() : EmptyObject;

        if (!element.TryGetProperty("geometry", out var g) || g.ValueKind == JsonValueKind.Null)
            return new SourceFeature(index, id, null, "missing geometry", properties);
        Geometry? geometry;
        string? fixedOnRead = null;
        try
        {
            geometry = g.Deserialize<Geometry>(GeoJsonOptions.Geometry);
        }
        catch (ArgumentException) when (ReadClosingRings(g) is ({ } read, var closed))
        {
            // GDAL, QGIS and OGR-based tools read a ring whose last position is not its first; so does the ingest, closing it.
            (geometry, fixedOnRead) = (read, closed ? UnclosedRingsFixed : null);
        }
        catch (Exception e) when (e is JsonException or ArgumentException or InvalidOperationException or FormatException)
        {
            return new SourceFeature(index, id, null, $"invalid geometry: {e.Message}", properties);
        }
        if (geometry is null)
            return new SourceFeature(index, id, null, "missing geometry", properties);
        if (crs == SourceCrs.WebMercator)
            geometry = WebMercator.ToLonLat(geometry);
        return new SourceFeature(index, id, geometry, null, properties) { Fixed = fixedOnRead };
    }

    /// <summary>The report's name for a feature read with its polygon rings closed.</summary>
    public const string UnclosedRingsFixed = "polygon rings not closed, closed as GDAL reads them";

    /// <summary>The geometry read with its rings closed, and whether any needed it (null when it cannot be read even so).</summary>
    private static (Geometry? Geometry, bool Closed) ReadClosingRings(JsonElement geometry)
    {
        try
        {
            var closing = new RingClosing();
            var read = GeoJsonGeometryReader.Read(geometry, GeoJsonOptions.Factory, closing);
            return (read, closing.Closed > 0);
        }
        catch (Exception e) when (e is JsonException or ArgumentException or InvalidOperationException or InvalidDataException or FormatException or KeyNotFoundException)
        {
            return (null, false);
        }
    }

    private static readonly JsonElement EmptyObject = JsonDocument.Parse("{}").RootElement.Clone();
}
