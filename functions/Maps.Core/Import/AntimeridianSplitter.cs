using Maps.Core.Geodesy;
using NetTopologySuite.Geometries;

namespace Maps.Core.Import;

/// <summary>
/// Splits lines that cross the antimeridian into MultiLineStrings, as RFC 7946 §3.1.9 asks.
/// An edge crosses when its longitudes differ by more than 180° (the short way round goes over ±180°).
/// The crossing latitude is where the edge's <b>great circle</b> meets the meridian ±180°
/// (the same spherical model as <see cref="Sphere"/>), so both parts end exactly on ±180° at that latitude.
/// O(n) in the number of vertices. Lines that do not cross, points and polygons are returned unchanged.
/// </summary>
public static class AntimeridianSplitter
{
    public static Geometry Split(Geometry geometry)
    {
        if (geometry is not (LineString or MultiLineString))
            return geometry;
        var parts = new List<LineString>();
        bool changed = false;
        for (int g = 0; g < geometry.NumGeometries; g++)
        {
            var line = (LineString)geometry.GetGeometryN(g);
            int before = parts.Count;
            SplitLine(line, parts, geometry.Factory);
            changed |= parts.Count - before != 1;
        }
        if (!changed)
            return geometry;
        return geometry.Factory.CreateMultiLineString(parts.ToArray());
    }

    /// <summary>True when some edge of the geometry spans more than 180° of longitude.</summary>
    public static bool Crosses(Geometry geometry)
    {
        for (int g = 0; g < geometry.NumGeometries; g++)
        {
            if (geometry.GetGeometryN(g) is not LineString line)
                continue;
            var c = line.CoordinateSequence;
            for (int i = 1; i < c.Count; i++)
                if (Math.Abs(c.GetX(i) - c.GetX(i - 1)) > 180)
                    return true;
        }
        return false;
    }

    /// <summary>
    /// Latitude (degrees) at which the great circle through (lon1, lat1) and (lon2, lat2) meets the
    /// meridian <paramref name="lon"/>: tan φ = (tan φ1 sin(λ − λ2) − tan φ2 sin(λ − λ1)) / sin(λ1 − λ2).
    /// </summary>
    public static double CrossingLatitude(double lon1, double lat1, double lon2, double lat2, double lon)
    {
        double l1 = lon1 * Sphere.DegreesToRadians, l2 = lon2 * Sphere.DegreesToRadians, l = lon * Sphere.DegreesToRadians;
        double t1 = Math.Tan(lat1 * Sphere.DegreesToRadians), t2 = Math.Tan(lat2 * Sphere.DegreesToRadians);
        double denominator = Math.Sin(l1 - l2);
        if (Math.Abs(denominator) < 1e-15)
            return (lat1 + lat2) / 2; // meridional edge: no unique crossing, take the midpoint
        return Math.Atan((t1 * Math.Sin(l - l2) - t2 * Math.Sin(l - l1)) / denominator) / Sphere.DegreesToRadians;
    }

    private static void SplitLine(LineString line, List<LineString> parts, GeometryFactory factory)
    {
        var c = line.CoordinateSequence;
        var current = new List<Coordinate>();
        for (int i = 0; i < c.Count; i++)
        {
            double x = c.GetX(i), y = c.GetY(i);
            if (i > 0)
            {
                double px = c.GetX(i - 1), py = c.GetY(i - 1);
                if (Math.Abs(x - px) > 180)
                {
                    double side = px > 0 ? 180 : -180; // the meridian as seen from the previous vertex
                    double unwrappedX = x + (px > 0 ? 360 : -360);
                    double lat = CrossingLatitude(px, py, unwrappedX, y, side);
                    current.Add(new Coordinate(side, lat));
                    if (current.Count >= 2)
                        parts.Add(factory.CreateLineString(current.ToArray()));
                    current = [new Coordinate(-side, lat)];
                }
            }
            current.Add(new Coordinate(x, y));
        }
        if (current.Count >= 2)
            parts.Add(factory.CreateLineString(current.ToArray()));
    }
}
