using Maps.Core.Import;

namespace Maps.Formats;

/// <summary>
/// The <c>?crs=</c> of formats that cannot name their own CRS (CSV, GeoJSON text sequences): lon/lat by
/// default, or Web Mercator metres, which the publisher reprojects. Anything else is refused by name.
/// </summary>
public static class UploadCrs
{
    private static readonly HashSet<string> LonLat = new(StringComparer.OrdinalIgnoreCase)
    {
        "EPSG:4326", "4326", "CRS84", "OGC:CRS84", "urn:ogc:def:crs:OGC:1.3:CRS84", "urn:ogc:def:crs:OGC::CRS84",
        "urn:ogc:def:crs:EPSG::4326", "http://www.opengis.net/def/crs/OGC/1.3/CRS84", "http://www.opengis.net/def/crs/EPSG/0/4326",
    };

    private static readonly HashSet<string> WebMercator = new(StringComparer.OrdinalIgnoreCase)
    {
        "EPSG:3857", "3857", "urn:ogc:def:crs:EPSG::3857", "http://www.opengis.net/def/crs/EPSG/0/3857",
    };

    /// <summary>The CRS <paramref name="crs"/> names (null or blank: lon/lat); <see cref="ImportFileException"/> for any other.</summary>
    public static SourceCrs Parse(string? crs, string name)
    {
        if (string.IsNullOrWhiteSpace(crs) || LonLat.Contains(crs.Trim()))
            return SourceCrs.LonLat;
        if (WebMercator.Contains(crs.Trim()))
            return SourceCrs.WebMercator;
        throw new ImportFileException(name, $"unsupported CRS '{crs}' (crs= accepts EPSG:4326, CRS84 or EPSG:3857).");
    }
}
