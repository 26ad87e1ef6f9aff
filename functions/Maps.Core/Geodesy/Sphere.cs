using NetTopologySuite.Geometries;

namespace Maps.Core.Geodesy;

/// <summary>
/// The spherical earth model of docs/architecture.md §6: great-circle distances on the sphere of the IUGG mean
/// radius, with a line's edges taken as great-circle arcs between its vertices. Thread-safe (stateless).
/// </summary>
public static class Sphere
{
    /// <summary>IUGG mean earth radius R1, the radius PostGIS uses for geography in sphere mode.</summary>
    public const double RadiusMeters = 6_371_008.8;

    public const double RadiusKm = RadiusMeters / 1000.0;

    public const double DegreesToRadians = Math.PI / 180.0;

    /// <summary>Great-circle distance in km between two lon/lat points (haversine; well-conditioned at small distances).</summary>
    public static double DistanceKm(double lon1, double lat1, double lon2, double lat2)
    {
        double phi1 = lat1 * DegreesToRadians, phi2 = lat2 * DegreesToRadians;
        double dPhi = phi2 - phi1;
        double dLambda = (lon2 - lon1) * DegreesToRadians;
        double sinHalfPhi = Math.Sin(dPhi / 2), sinHalfLambda = Math.Sin(dLambda / 2);
        double h = sinHalfPhi * sinHalfPhi + Math.Cos(phi1) * Math.Cos(phi2) * sinHalfLambda * sinHalfLambda;
        return 2 * RadiusKm * Math.Asin(Math.Min(1.0, Math.Sqrt(h)));
    }

    /// <summary>
    /// Length in km of a (Multi)LineString whose edges are great-circle arcs. Points and polygons
    /// have no length and give 0; an edge that crosses ±180° is measured the short way round.
    /// </summary>
    public static double LengthKm(Geometry geometry)
    {
        double total = 0;
        for (int g = 0; g < geometry.NumGeometries; g++)
        {
            if (geometry.GetGeometryN(g) is not LineString line)
                continue;
            var coordinates = line.CoordinateSequence;
            for (int i = 1; i < coordinates.Count; i++)
                total += DistanceKm(coordinates.GetX(i - 1), coordinates.GetY(i - 1), coordinates.GetX(i), coordinates.GetY(i));
        }
        return total;
    }
}
