using System.Text.RegularExpressions;
using Maps.Core.Import;
using NetTopologySuite.Geometries;
using ProjNet.CoordinateSystems;
using ProjNet.CoordinateSystems.Transformations;

namespace Maps.Formats;

/// <summary>
/// How a layer's coordinates become lon/lat, decided once per layer from what the file says its CRS is
/// (a GeoPackage's <c>gpkg_spatial_ref_sys</c> row, a Shapefile's <c>.prj</c>): WGS 84 lon/lat passes
/// through untouched; Web Mercator is passed on flagged <see cref="SourceCrs.WebMercator"/>, which the
/// publisher reprojects as it does GeoJSON in EPSG:3857; any other CRS whose WKT ProjNET can read is
/// transformed here to WGS 84 (ProjNET's geographic output is lon, lat: the GeoJSON axis order). A CRS that
/// cannot be read or transformed is an <see cref="ImportFileException"/> naming it, before any feature is read.
/// </summary>
public sealed partial class CrsTransform
{
    private readonly MathTransform? _transform;

    private CrsTransform(SourceCrs crs, MathTransform? transform, string label)
    {
        Crs = crs;
        _transform = transform;
        Label = label;
    }

    /// <summary>What the features handed on are in: lon/lat, or Web Mercator for the publisher to reproject.</summary>
    public SourceCrs Crs { get; }

    /// <summary>The CRS as messages name it (<c>EPSG:27700</c>, or the name in the WKT).</summary>
    public string Label { get; }

    /// <summary>True when <see cref="Apply"/> changes coordinates.</summary>
    public bool Transforms => _transform is not null;

    public static readonly CrsTransform LonLat = new(SourceCrs.LonLat, null, "EPSG:4326");

    /// <summary>
    /// From a GeoPackage's spatial reference system: EPSG:4326 and the spec's undefined geographic CRS (srs_id 0)
    /// are lon/lat; EPSG:3857 is Web Mercator; any other is read from its WKT <paramref name="definition"/>.
    /// The spec's undefined Cartesian CRS (srs_id −1) cannot be placed on the earth and is refused.
    /// </summary>
    public static CrsTransform ForGeoPackage(long srsId, string? organization, long? code, string? definition, string file)
    {
        string label = organization is { Length: > 0 } && code is not null ? $"{organization.ToUpperInvariant()}:{code}" : $"srs_id {srsId}";
        bool epsg = string.Equals(organization, "EPSG", StringComparison.OrdinalIgnoreCase);
        if ((epsg && code == 4326) || srsId == 0)
            return LonLat;
        if (epsg && code is 3857 or 900913)
            return new CrsTransform(SourceCrs.WebMercator, null, label);
        if (srsId == -1)
            throw new ImportFileException(file, $"the layer's CRS is the GeoPackage's undefined Cartesian CRS (srs_id -1), which cannot be transformed to EPSG:4326.");
        return FromWkt(definition, label, file);
    }

    /// <summary>From a Shapefile's <c>.prj</c> (ESRI or OGC WKT 1).</summary>
    public static CrsTransform ForPrj(string wkt, string file)
    {
        string label = WktName(wkt) ?? Shorten(wkt);
        if (IsWebMercator(wkt))
            return new CrsTransform(SourceCrs.WebMercator, null, label);
        return FromWkt(wkt, label, file);
    }

    private static CrsTransform FromWkt(string? wkt, string label, string file)
    {
        if (string.IsNullOrWhiteSpace(wkt) || wkt.Trim().Equals("undefined", StringComparison.OrdinalIgnoreCase))
            throw new ImportFileException(file, $"the CRS {label} has no WKT definition, so it cannot be transformed to EPSG:4326.");
        if (IsWebMercator(wkt))
            return new CrsTransform(SourceCrs.WebMercator, null, label);
        if (!IsWellFormed(wkt))
            throw new ImportFileException(file, $"the CRS {label} cannot be transformed to EPSG:4326: its WKT definition is cut short or malformed (unbalanced brackets or quotes).");
        CoordinateSystem source;
        try
        {
            source = new CoordinateSystemFactory().CreateFromWkt(wkt);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new ImportFileException(file, $"the CRS {label} cannot be transformed to EPSG:4326: its WKT definition cannot be read ({e.Message}).", e);
        }
        if (source is GeographicCoordinateSystem geographic && IsWgs84LonLat(geographic))
            return new CrsTransform(SourceCrs.LonLat, null, label);
        try
        {
            var transform = new CoordinateTransformationFactory().CreateFromCoordinateSystems(source, GeographicCoordinateSystem.WGS84);
            return new CrsTransform(SourceCrs.LonLat, transform.MathTransform, label);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new ImportFileException(file, $"the CRS {label} cannot be transformed to EPSG:4326 ({e.Message}).", e);
        }
    }

    /// <summary>
    /// The geometry in lon/lat (a transformed copy; the same instance when nothing changes). Null when a
    /// coordinate cannot be transformed, so that feature alone is rejected.
    /// </summary>
    public Geometry? Apply(Geometry geometry)
    {
        if (_transform is null)
            return geometry;
        var copy = geometry.Copy();
        try
        {
            copy.Apply(new ProjectingFilter(_transform));
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or ArithmeticException or NotSupportedException)
        {
            return null;
        }
        copy.GeometryChanged();
        return copy;
    }

    /// <summary>WGS 84 ellipsoid, Greenwich, degrees and no datum shift: already lon/lat as GeoJSON wants it.</summary>
    private static bool IsWgs84LonLat(GeographicCoordinateSystem geographic)
    {
        var datum = geographic.HorizontalDatum;
        var wgs84 = datum.Ellipsoid;
        bool ellipsoid = Math.Abs(wgs84.SemiMajorAxis - 6378137) < 1e-3 && Math.Abs(wgs84.InverseFlattening - 298.257223563) < 1e-6;
        bool noShift = datum.Wgs84Parameters is null || datum.Wgs84Parameters.HasZeroValuesOnly;
        bool greenwich = Math.Abs(geographic.PrimeMeridian.Longitude) < 1e-12;
        bool degrees = Math.Abs(geographic.AngularUnit.RadiansPerUnit - Math.PI / 180) < 1e-12;
        return ellipsoid && noShift && greenwich && degrees;
    }

    /// <summary>
    /// Brackets and quotes balanced, nothing after the last bracket, at most <see cref="MaxWktLength"/> characters.
    /// Checked before ProjNET sees the text: its WKT tokenizer does not stop at the end of a definition
    /// that is cut short inside a bracket, and a request must not be able to spin a thread.
    /// </summary>
    internal static bool IsWellFormed(string wkt)
    {
        if (wkt.Length > MaxWktLength)
            return false;
        int depth = 0;
        bool quoted = false, closed = false;
        foreach (char c in wkt)
        {
            if (closed && !char.IsWhiteSpace(c))
                return false;
            if (c == '"')
                quoted = !quoted;
            else if (quoted)
                continue;
            else if (c is '[' or '(')
                depth++;
            else if (c is ']' or ')')
            {
                if (--depth < 0)
                    return false;
                closed = depth == 0;
            }
        }
        return !quoted && depth == 0 && closed;
    }

    private const int MaxWktLength = 64 * 1024;

    private static bool IsWebMercator(string wkt) =>
        WebMercatorPattern().IsMatch(wkt) || AuthorityPattern().Match(wkt) is { Success: true } m && m.Groups[1].Value is "3857" or "900913" or "102100" or "102113";

    private static string? WktName(string wkt) => NamePattern().Match(wkt) is { Success: true } m ? m.Groups[1].Value : null;

    private static string Shorten(string text) => text.Length <= 80 ? text.Trim() : text[..80].Trim() + "…";

    [GeneratedRegex(@"Pseudo[-_ ]?Mercator|Web[-_ ]Mercator|Mercator_Auxiliary_Sphere", RegexOptions.IgnoreCase)]
    private static partial Regex WebMercatorPattern();

    /// <summary>The authority of the outermost CRS: the last AUTHORITY in WKT 1.</summary>
    [GeneratedRegex(@"AUTHORITY\[\s*""EPSG""\s*,\s*""?(\d+)""?\s*\]\s*\]\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex AuthorityPattern();

    [GeneratedRegex(@"^\s*(?:PROJCS|GEOGCS|GEOCCS|COMPD_CS)\s*\[\s*""([^""]*)""", RegexOptions.IgnoreCase)]
    private static partial Regex NamePattern();

    private sealed class ProjectingFilter(MathTransform transform) : ICoordinateSequenceFilter
    {
        public bool Done => false;

        public bool GeometryChanged => true;

        public void Filter(CoordinateSequence seq, int i)
        {
            double x = seq.GetX(i), y = seq.GetY(i);
            transform.Transform(ref x, ref y);
            seq.SetX(i, x);
            seq.SetY(i, y);
        }
    }
}
