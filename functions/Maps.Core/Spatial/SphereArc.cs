using System.Runtime.CompilerServices;
using Maps.Core.Geodesy;

namespace Maps.Core.Spatial;

/// <summary>
/// What an arc primitive has beyond its first vertex (which <see cref="SphereArcSet"/> keeps for
/// every primitive): a great-circle arc (the short way) between two distinct, non-antipodal
/// vertices a and b, with its second vertex b as a 3D unit vector and as given, its plane normal
/// <c>N = a×b/|a×b|</c> and the two in-plane vectors <c>Ea = N×a</c>, <c>Eb = b×N</c> that bound the
/// arc's lune. Points need none of this, so a set of points costs no more than its positions.
/// </summary>
internal struct ArcDetail
{
    public double Bx, By, Bz;
    public double Nx, Ny, Nz;
    public double EaX, EaY, EaZ, EbX, EbY, EbZ;
    public double BLon, BLat;
}

/// <summary>
/// The exact spherical maths shared by <see cref="SphericalIndex"/> and <see cref="BruteForceNearest"/>.
/// Distances are compared as the squared chord between unit vectors (the "key"), which is a
/// monotonic function of the great-circle angle: <c>key = (2 sin(θ/2))²</c>. Stateless.
/// </summary>
internal static class SphereMath
{
    /// <summary>
    /// Relative tolerance on keys under which two features count as equally near and the smaller
    /// (collection, id) wins: 2e-9 on the squared chord, i.e. about 1e-9 relative on the distance.
    /// </summary>
    public const double TieTolerance = 2e-9;

    /// <summary>An arc whose |a×b| is below this (about 6 µm) is indexed as its two endpoints.</summary>
    public const double DegenerateCross = 1e-12;

    public static void ToUnit(double lon, double lat, out double x, out double y, out double z)
    {
        double lambda = lon * Sphere.DegreesToRadians, phi = lat * Sphere.DegreesToRadians;
        var (sinPhi, cosPhi) = Math.SinCos(phi);
        var (sinLambda, cosLambda) = Math.SinCos(lambda);
        x = cosPhi * cosLambda;
        y = cosPhi * sinLambda;
        z = sinPhi;
    }

    public static (double Lon, double Lat) ToLonLat(double x, double y, double z)
    {
        double lon = Math.Atan2(y, x) / Sphere.DegreesToRadians;
        double lat = Math.Atan2(z, Math.Sqrt(x * x + y * y)) / Sphere.DegreesToRadians;
        return (lon, lat);
    }

    /// <summary>Squared chord for a distance in km (distances beyond half the circumference clamp to 4).</summary>
    public static double KeyFromKm(double km)
    {
        double angle = Math.Min(Math.Max(km, 0) / Sphere.RadiusKm, Math.PI);
        double chord = 2 * Math.Sin(angle / 2);
        return chord * chord;
    }

    public static double KmFromKey(double key) => 2 * Math.Asin(Math.Min(1.0, Math.Sqrt(Math.Max(key, 0)) / 2)) * Sphere.RadiusKm;

    /// <summary>True when (key1, rank1) orders before (key2, rank2): nearer, or equally near within the tie tolerance and a smaller rank.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Better(double key1, int rank1, double key2, int rank2)
    {
        double diff = key1 - key2;
        double tolerance = TieTolerance * Math.Max(key1, key2);
        if (diff < -tolerance)
            return true;
        if (diff > tolerance)
            return false;
        return rank1 < rank2;
    }

    /// <summary>
    /// Exact squared chord from the unit vector q to primitive <paramref name="i"/> of the set. For
    /// an arc: when q projects into the arc's lune (q·Ea ≥ 0 and q·Eb ≥ 0) the nearest point is the
    /// projection onto the great circle, at angle asin|q·N|, and the key is 2s²/(1+√(1−s²)) with
    /// s = q·N (no cancellation for small s); otherwise it is the nearer endpoint (distance along a
    /// great circle grows monotonically away from the projection, so an arc that misses it is
    /// nearest at an end).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Key(SphereArcSet set, int i, double qx, double qy, double qz)
    {
        double dx = qx - set.X[i], dy = qy - set.Y[i], dz = qz - set.Z[i];
        double keyA = dx * dx + dy * dy + dz * dz;
        int arc = set.Arc[i];
        return arc < 0 ? keyA : ArcKey(set.Arcs[arc], keyA, qx, qy, qz);
    }

    private static double ArcKey(in ArcDetail arc, double keyA, double qx, double qy, double qz)
    {
        double wa = qx * arc.EaX + qy * arc.EaY + qz * arc.EaZ;
        double wb = qx * arc.EbX + qy * arc.EbY + qz * arc.EbZ;
        if (wa >= 0 && wb >= 0)
        {
            double s = qx * arc.Nx + qy * arc.Ny + qz * arc.Nz;
            double s2 = Math.Min(s * s, 1.0);
            double keyPlane = 2 * s2 / (1 + Math.Sqrt(1 - s2));
            return keyPlane < keyA ? keyPlane : keyA; // a query on vertex a gives exactly 0
        }
        double dx = qx - arc.Bx, dy = qy - arc.By, dz = qz - arc.Bz;
        double keyB = dx * dx + dy * dy + dz * dz;
        return keyB < keyA ? keyB : keyA;
    }

    /// <summary>The point of primitive <paramref name="i"/> nearest to q, as lon/lat (recomputes what <see cref="Key"/> decided).</summary>
    public static (double Lon, double Lat) Closest(SphereArcSet set, int i, double qx, double qy, double qz)
    {
        int index = set.Arc[i];
        if (index < 0)
            return (set.Lon[i], set.Lat[i]);
        ref readonly var arc = ref set.Arcs[index];
        double ax = qx - set.X[i], ay = qy - set.Y[i], az = qz - set.Z[i];
        double bx = qx - arc.Bx, by = qy - arc.By, bz = qz - arc.Bz;
        double keyA = ax * ax + ay * ay + az * az, keyB = bx * bx + by * by + bz * bz;
        double wa = qx * arc.EaX + qy * arc.EaY + qz * arc.EaZ;
        double wb = qx * arc.EbX + qy * arc.EbY + qz * arc.EbZ;
        if (wa >= 0 && wb >= 0 && ArcKey(arc, keyA, qx, qy, qz) < Math.Min(keyA, keyB))
        {
            double s = qx * arc.Nx + qy * arc.Ny + qz * arc.Nz;
            double px = qx - s * arc.Nx, py = qy - s * arc.Ny, pz = qz - s * arc.Nz;
            double norm = Math.Sqrt(px * px + py * py + pz * pz);
            if (norm > 1e-15)
                return ToLonLat(px / norm, py / norm, pz / norm);
            return (set.Lon[i], set.Lat[i]);
        }
        return keyB < keyA ? (arc.BLon, arc.BLat) : (set.Lon[i], set.Lat[i]);
    }
}
