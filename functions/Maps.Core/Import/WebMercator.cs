using Maps.Core.Geodesy;
using NetTopologySuite.Geometries;

namespace Maps.Core.Import;

/// <summary>
/// Inverse of the spherical Web Mercator projection (EPSG:3857) to lon/lat degrees (CRS84).
/// Closed form, O(1) per coordinate, thread-safe: lon = x / R, lat = 2·atan(exp(y / R)) − π/2
/// with R = 6,378,137 m (the WGS84 semi-major axis that EPSG:3857 uses as its sphere radius).
/// </summary>
public static class WebMercator
{
    /// <summary>Radius of the EPSG:3857 sphere, in metres.</summary>
    public const double RadiusMeters = 6_378_137.0;

    /// <summary>Converts one EPSG:3857 (x, y) in metres to (lon, lat) in degrees.</summary>
    public static (double Lon, double Lat) ToLonLat(double x, double y) =>
        (x / RadiusMeters / Sphere.DegreesToRadians,
         (2 * Math.Atan(Math.Exp(y / RadiusMeters)) - Math.PI / 2) / Sphere.DegreesToRadians);

    /// <summary>Returns a copy of <paramref name="geometry"/> with every coordinate converted to lon/lat.</summary>
    public static Geometry ToLonLat(Geometry geometry)
    {
        var copy = geometry.Copy();
        copy.Apply(new InverseFilter());
        copy.GeometryChanged();
        return copy;
    }

    private sealed class InverseFilter : IEntireCoordinateSequenceFilter
    {
        public bool Done => false;
        public bool GeometryChanged => true;

        public void Filter(CoordinateSequence seq)
        {
            for (int i = 0; i < seq.Count; i++)
            {
                var (lon, lat) = ToLonLat(seq.GetX(i), seq.GetY(i));
                seq.SetX(i, lon);
                seq.SetY(i, lat);
            }
        }
    }
}
