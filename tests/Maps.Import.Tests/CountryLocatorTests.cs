using Maps.Core.Import;
using NetTopologySuite.Geometries;

namespace Maps.Import.Tests;

public sealed class CountryLocatorTests
{
    private static readonly GeometryFactory Factory = new(new PrecisionModel(), 4326);

    /// <summary>A 1° square "country" on the equator, its east coast at lon 1.</summary>
    private static CountryLocator SquareCountry() =>
        new([("AAA", "Square", Factory.ToGeometry(new Envelope(0, 1, 0, 1)))]);

    [Fact]
    public void A_point_inside_a_country_gets_it_at_distance_zero()
    {
        var match = SquareCountry().Locate(0.5, 0.5);

        Assert.Equal("AAA", match!.Value.Iso3);
        Assert.True(match.Value.Inside);
    }

    [Fact]
    public void A_coastal_landing_point_just_offshore_gets_the_nearest_country_within_50_km()
    {
        // 0.2° east of the coast at lat 0.5: 0.2 × 111.195 km ≈ 22.2 km offshore.
        var match = SquareCountry().Locate(1.2, 0.5);

        Assert.Equal("AAA", match!.Value.Iso3);
        Assert.False(match.Value.Inside);
        Assert.Equal(22.239, match.Value.DistanceKm, 0.01);
    }

    [Fact]
    public void A_point_further_than_50_km_from_any_country_gets_none()
    {
        Assert.Null(SquareCountry().Locate(1.6, 0.5)); // ≈ 66.7 km offshore
    }

    [Fact]
    public void The_nearest_of_two_countries_wins_for_an_offshore_point()
    {
        var locator = new CountryLocator(
        [
            ("AAA", "West", Factory.ToGeometry(new Envelope(0, 1, 0, 1))),
            ("BBB", "East", Factory.ToGeometry(new Envelope(1.3, 2, 0, 1))),
        ]);

        Assert.Equal("BBB", locator.Locate(1.2, 0.5)!.Value.Iso3);
    }

    [Fact]
    public void The_distance_to_a_named_country_is_zero_inside_it_and_on_the_sphere_outside_even_inside_another()
    {
        var locator = new CountryLocator(
        [
            ("AAA", "West", Factory.ToGeometry(new Envelope(0, 1, 0, 1))),
            ("BBB", "East", Factory.ToGeometry(new Envelope(1, 2, 0, 1))),
        ]);

        Assert.Equal(0, locator.DistanceKm(0.5, 0.5, "AAA"));
        Assert.Equal(0, locator.DistanceKm(1, 0.5, "AAA")); // on the shared border
        Assert.Equal(22.239, locator.DistanceKm(1.2, 0.5, "AAA")!.Value, 0.01); // inside BBB, 0.2° east of AAA
        Assert.Equal(222.39, locator.DistanceKm(0.5, 3, "AAA")!.Value, 0.1);   // beyond the nearest-country radius: still measured
        Assert.Null(locator.DistanceKm(0.5, 0.5, "CCC"));
        Assert.True(locator.Has("BBB"));
        Assert.False(locator.Has("CCC"));
    }

    [Theory]
    [InlineData(-17.4457134, 14.6865948, "SEN")]  // Dakar landing station (WATRA), on the coast
    [InlineData(-22.9333, 16.1833, "CPV")]       // Sal Rei, Boa Vista, Cape Verde
    [InlineData(-156.81, 71.27, "USA")]          // Utqiagvik, Alaska: not Russia, whose 50m ring crosses ±180° unsplit
    [InlineData(177.0, 64.7, "RUS")]             // Anadyr, Chukotka
    [InlineData(-179.9, -16.2, "FJI")]           // Fiji east of the antimeridian
    public void Shipped_boundaries_locate_coastal_and_antimeridian_points(double lon, double lat, string iso3)
    {
        var locator = CountryLocator.FromGeoJsonFile(Path.Combine(TestPaths.Sources, ImportContext.BoundariesFile));

        Assert.Equal(iso3, locator.Locate(lon, lat)?.Iso3);
    }
}
