using Maps.Core.Import;
using NetTopologySuite.Geometries;

namespace Maps.Import.Tests;

public sealed class AntimeridianSplitterTests
{
    private static readonly GeometryFactory Factory = new(new PrecisionModel(), 4326);

    [Fact]
    public void A_line_from_179_to_minus_179_becomes_two_parts_meeting_at_180()
    {
        var line = Factory.CreateLineString([new(179, 10), new(-179, 12)]);

        var split = AntimeridianSplitter.Split(line);

        var multi = Assert.IsType<MultiLineString>(split);
        Assert.Equal(2, multi.NumGeometries);
        var first = (LineString)multi.GetGeometryN(0);
        var second = (LineString)multi.GetGeometryN(1);
        Assert.Equal(new Coordinate(179, 10), first.StartPoint.Coordinate);
        Assert.Equal(180, first.EndPoint.X);
        Assert.Equal(-180, second.StartPoint.X);
        Assert.Equal(first.EndPoint.Y, second.StartPoint.Y);
        Assert.Equal(new Coordinate(-179, 12), second.EndPoint.Coordinate);
    }

    [Fact]
    public void Crossing_latitude_is_on_the_great_circle_not_the_straight_line()
    {
        // Symmetric about the equator: the great circle crosses 180° exactly at the equator.
        Assert.Equal(0, AntimeridianSplitter.CrossingLatitude(179, -10, 181, 10, 180), 12);

        // Same latitude both ends: the great circle bulges poleward, so it crosses north of 10°.
        double lat = AntimeridianSplitter.CrossingLatitude(179, 10, 181, 10, 180);
        Assert.Equal(IndependentCrossingLatitude(179, 10, -179, 10), lat, 9);
        Assert.True(lat > 10);
    }

    [Fact]
    public void Split_line_ends_at_the_great_circle_crossing_latitude()
    {
        var line = Factory.CreateLineString([new(170, -15), new(-170, -25)]);

        var multi = (MultiLineString)AntimeridianSplitter.Split(line);

        Assert.Equal(IndependentCrossingLatitude(170, -15, -170, -25), ((LineString)multi.GetGeometryN(0)).EndPoint.Y, 9);
    }

    [Fact]
    public void A_line_that_does_not_cross_is_returned_unchanged()
    {
        var line = Factory.CreateLineString([new(10, 10), new(170, 20), new(179.9, 21)]);

        Assert.Same(line, AntimeridianSplitter.Split(line));
    }

    [Fact]
    public void A_line_crossing_twice_becomes_three_parts()
    {
        var line = Factory.CreateLineString([new(179, 0), new(-179, 1), new(179, 2)]);

        var split = AntimeridianSplitter.Split(line);

        Assert.Equal(3, split.NumGeometries);
    }

    /// <summary>
    /// Independent method: intersect the great circle of the edge (normal n = a × b) with the plane of
    /// the 180° meridian (normal (0, 1, 0) in earth-centred coordinates), and pick the intersection between a and b.
    /// </summary>
    private static double IndependentCrossingLatitude(double lon1, double lat1, double lon2, double lat2)
    {
        static (double X, double Y, double Z) V(double lon, double lat)
        {
            double l = lon * Math.PI / 180, p = lat * Math.PI / 180;
            return (Math.Cos(p) * Math.Cos(l), Math.Cos(p) * Math.Sin(l), Math.Sin(p));
        }
        var a = V(lon1, lat1);
        var b = V(lon2, lat2);
        var n = (X: a.Y * b.Z - a.Z * b.Y, Y: a.Z * b.X - a.X * b.Z, Z: a.X * b.Y - a.Y * b.X);
        // d = n × (0,1,0) lies on both planes.
        var d = (X: -n.Z, Y: 0.0, Z: n.X);
        if (d.X > 0) // the crossing is on the 180° side, where x < 0
            d = (-d.X, 0, -d.Z);
        return Math.Atan2(d.Z, Math.Sqrt(d.X * d.X)) * 180 / Math.PI;
    }
}
