using Maps.Core.Geodesy;
using Maps.Core.Import;
using NetTopologySuite.Geometries;

namespace Maps.Import.Tests;

public sealed class GeodesyTests
{
    private static readonly GeometryFactory Factory = new(new PrecisionModel(), 4326);

    /// <summary>Independent check: the spherical law of cosines on the same sphere (fine at these distances).</summary>
    private static double LawOfCosinesKm(double lon1, double lat1, double lon2, double lat2)
    {
        double p1 = lat1 * Math.PI / 180, p2 = lat2 * Math.PI / 180, dl = (lon2 - lon1) * Math.PI / 180;
        return 6371.0088 * Math.Acos(Math.Sin(p1) * Math.Sin(p2) + Math.Cos(p1) * Math.Cos(p2) * Math.Cos(dl));
    }

    [Theory]
    [InlineData(-0.1278, 51.5074, 2.3522, 48.8566)]   // London – Paris
    [InlineData(-17.4457, 14.6866, 3.3792, 6.5244)]   // Dakar – Lagos
    [InlineData(179.5, -18.0, -179.5, -18.5)]          // across the antimeridian
    public void Length_km_agrees_with_the_spherical_law_of_cosines_to_1e_6_relative(double lon1, double lat1, double lon2, double lat2)
    {
        var line = Factory.CreateLineString([new(lon1, lat1), new(lon2, lat2)]);

        double km = Sphere.LengthKm(line);

        double expected = LawOfCosinesKm(lon1, lat1, lon2, lat2);
        Assert.InRange(Math.Abs(km - expected) / expected, 0, 1e-6);
    }

    [Fact]
    public void London_to_Paris_is_the_published_great_circle_distance_within_1_km()
    {
        var line = Factory.CreateLineString([new(-0.1278, 51.5074), new(2.3522, 48.8566)]);

        Assert.InRange(Sphere.LengthKm(line), 342.5, 344.5); // published ≈ 343.5 km
    }

    [Fact]
    public void Length_of_a_line_split_at_the_antimeridian_equals_the_unsplit_length()
    {
        var line = Factory.CreateLineString([new(178, -17), new(-178, -19)]);

        var split = AntimeridianSplitter.Split(line);

        Assert.Equal(Sphere.LengthKm(line), Sphere.LengthKm(split), 6);
    }

    [Theory]
    [InlineData(0, 0, 0, 0)]
    [InlineData(20037508.342789244, 0, 180, 0)]
    [InlineData(-20037508.342789244, 0, -180, 0)]
    [InlineData(0, 20037508.342789244, 0, 85.0511287798066)]
    [InlineData(-14226.630923380362, 6711542.475587636, -0.1278, 51.5074)]      // London
    [InlineData(-1942046.4405322126, 1653108.1750862475, -17.4457, 14.6866)]            // Dakar (forward computed independently)
    public void Web_Mercator_inverse_gives_known_lon_lat(double x, double y, double lon, double lat)
    {
        var (actualLon, actualLat) = WebMercator.ToLonLat(x, y);

        Assert.Equal(lon, actualLon, 1e-7);
        Assert.Equal(lat, actualLat, 1e-7);
    }
}
