using System.Text.Json;
using Maps.Core.Import;

namespace Maps.Formats.Ofds;

/// <summary>
/// The CRS of a network's <c>crs</c> member (<c>{"name", "uri"}</c>). OFDS publishes WGS 84 lon/lat (CRS84),
/// which is also what an absent member means; Web Mercator is read too, since the import reprojects it.
/// Matching is on the name or URI ending (publishers write "urn:ogc:def:crs:OGC::CRS84",
/// "http://www.opengis.net/def/crs/OGC/1.3/CRS84", "EPSG:4326", "WGS84"); anything else cannot be transformed
/// and throws <see cref="ImportFileException"/>.
/// </summary>
internal static class OfdsCrs
{
    /// <summary>The CRS named; null when the member names none.</summary>
    public static SourceCrs? Parse(JsonElement crs, string file, string network)
    {
        if (crs.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
            return null;
        string? name = OfdsJson.Text(crs, "name") ?? OfdsJson.Text(crs);
        string? uri = OfdsJson.Text(crs, "uri");
        if (name is null && uri is null)
            return null;
        foreach (string? text in new[] { name, uri })
        {
            if (text is null)
                continue;
            string key = new(text.Where(char.IsAsciiLetterOrDigit).Select(char.ToUpperInvariant).ToArray());
            if (key.EndsWith("CRS84") || key.EndsWith("4326") || key is "WGS84")
                return SourceCrs.LonLat;
            if (key.EndsWith("3857") || key.EndsWith("900913"))
                return SourceCrs.WebMercator;
        }
        throw new ImportFileException(file,
            $"network {network}: unsupported CRS '{name ?? uri}' (supported: CRS84 / EPSG:4326 lon/lat, EPSG:3857).");
    }
}
