using Maps.Core.Geodesy;
using Maps.Core.Spatial;

namespace Maps.Core.Tests.Spatial;

/// <summary>
/// The index's distance formula against independent computations: haversine for points, the
/// cross-track / along-track formulas of spherical trigonometry for arcs, and a published figure.
/// Tolerance: 1e-6 relative or 1 m, the PostGIS sphere-mode agreement criterion of docs/architecture.md §6.
/// </summary>
public class ArcDistanceFormulaTests
{
    private static void AssertAgrees(double expectedKm, double actualKm) =>
        Assert.True(Math.Abs(expectedKm - actualKm) <= Math.Max(1e-6 * expectedKm, 0.001), $"expected {expectedKm} km, got {actualKm} km");

    [Fact]
    public void Published_distance_between_Nashville_and_Los_Angeles()
    {
        // Rosetta Code "Haversine formula": BNA (36.12, -86.67) to LAX (33.94, -118.40) is
        // 2887.2599506071106 km on a sphere of radius 6372.8 km; distance scales with the radius.
        double expected = 2887.2599506071106 * Sphere.RadiusKm / 6372.8;
        var index = SphericalIndex.Build([Geo.Feature("LAX", Geo.Point(-118.40, 33.94))]);

        double actual = index.Nearest(-86.67, 36.12)[0].DistanceKm;

        AssertAgrees(expected, actual);
    }

    [Fact]
    public void Point_to_point_agrees_with_haversine()
    {
        var random = new Random(5);
        for (int i = 0; i < 2_000; i++)
        {
            double lon1 = random.NextDouble() * 360 - 180, lat1 = random.NextDouble() * 180 - 90;
            double lon2 = random.NextDouble() * 360 - 180, lat2 = random.NextDouble() * 180 - 90;
            var index = SphericalIndex.Build([Geo.Feature("p", Geo.Point(lon2, lat2))]);

            AssertAgrees(Sphere.DistanceKm(lon1, lat1, lon2, lat2), index.Nearest(lon1, lat1)[0].DistanceKm);
        }
    }

    [Fact]
    public void Point_to_arc_agrees_with_cross_track_distance()
    {
        var random = new Random(6);
        for (int i = 0; i < 2_000; i++)
        {
            double lon1 = random.NextDouble() * 360 - 180, lat1 = random.NextDouble() * 160 - 80;
            double lon2 = Geo.Wrap(lon1 + random.NextDouble() * 40 - 20), lat2 = Math.Clamp(lat1 + random.NextDouble() * 40 - 20, -89, 89);
            double lon = Geo.Wrap(lon1 + random.NextDouble() * 60 - 30), lat = Math.Clamp(lat1 + random.NextDouble() * 60 - 30, -90, 90);
            var index = SphericalIndex.Build([Geo.Feature("arc", Geo.Line((lon1, lat1), (lon2, lat2)))]);

            var nearest = index.Nearest(lon, lat)[0];

            AssertAgrees(CrossTrackKm(lon, lat, lon1, lat1, lon2, lat2), nearest.DistanceKm);
            AssertAgrees(nearest.DistanceKm, Sphere.DistanceKm(lon, lat, nearest.ClosestLon, nearest.ClosestLat));
        }
    }

    [Fact]
    public void Closest_point_of_a_short_edge_is_accurate_to_the_millimetre()
    {
        // 10 m from a 1 km edge in West Africa.
        var index = SphericalIndex.Build([Geo.Feature("edge", Geo.Line((-1.0, 12.0), (-0.99, 12.0)))]);
        double tenMetresNorth = 0.010 / Sphere.RadiusKm / Sphere.DegreesToRadians;

        var nearest = index.Nearest(-0.995, 12.0 + tenMetresNorth)[0];

        AssertAgrees(CrossTrackKm(-0.995, 12.0 + tenMetresNorth, -1.0, 12.0, -0.99, 12.0), nearest.DistanceKm);
        Assert.InRange(nearest.DistanceKm, 0.00999, 0.01001);
    }

    /// <summary>
    /// Distance from P to the arc A→B by spherical trigonometry (Williams' aviation formulary):
    /// cross-track d_xt = asin(sin δ_AP · sin(θ_AP − θ_AB)), along-track from tan d_at =
    /// tan δ_AP · cos(θ_AP − θ_AB) via atan2; the perpendicular foot counts only if it lies on the
    /// arc, else the nearer endpoint.
    /// </summary>
    private static double CrossTrackKm(double lon, double lat, double lon1, double lat1, double lon2, double lat2)
    {
        double r = Sphere.RadiusKm;
        double deltaAP = Sphere.DistanceKm(lon1, lat1, lon, lat) / r;
        double deltaAB = Sphere.DistanceKm(lon1, lat1, lon2, lat2) / r;
        double bearingAP = Bearing(lon1, lat1, lon, lat), bearingAB = Bearing(lon1, lat1, lon2, lat2);
        double crossTrack = Math.Asin(Math.Sin(deltaAP) * Math.Sin(bearingAP - bearingAB));
        double alongTrack = Math.Atan2(Math.Sin(deltaAP) * Math.Cos(bearingAP - bearingAB), Math.Cos(deltaAP));
        if (alongTrack >= 0 && alongTrack <= deltaAB)
            return Math.Abs(crossTrack) * r;
        return Math.Min(Sphere.DistanceKm(lon, lat, lon1, lat1), Sphere.DistanceKm(lon, lat, lon2, lat2));
    }

    private static double Bearing(double lon1, double lat1, double lon2, double lat2)
    {
        double d = Sphere.DegreesToRadians;
        double phi1 = lat1 * d, phi2 = lat2 * d, dLambda = (lon2 - lon1) * d;
        return Math.Atan2(Math.Sin(dLambda) * Math.Cos(phi2), Math.Cos(phi1) * Math.Sin(phi2) - Math.Sin(phi1) * Math.Cos(phi2) * Math.Cos(dLambda));
    }
}
