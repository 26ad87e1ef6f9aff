using Maps.Core.Import;
using NetTopologySuite.Geometries;

namespace Maps.Core.Tests.Import;

public sealed class GeometryTypesTests
{
    private static readonly GeometryFactory Factory = new(new PrecisionModel(), 4326);

    private const string Misfit = "✗";

    private static readonly string[] FeatureTypes =
        ["Point", "LineString", "Polygon", "MultiPoint", "MultiLineString", "MultiPolygon", "GeometryCollection"];

    /// <summary>
    /// Written out by hand, one row per declared type: what each feature type (columns as <see cref="FeatureTypes"/>)
    /// becomes, or <see cref="Misfit"/> when it stays as it is and does not fit.
    /// </summary>
    public static TheoryData<string, string[]> Expected => new()
    {
        //                     Point          LineString         Polygon         MultiPoint    MultiLineString    MultiPolygon    GeometryCollection
        { "Point",           ["Point",        Misfit,            Misfit,         Misfit,       Misfit,            Misfit,         Misfit] },
        { "LineString",      [Misfit,         "LineString",      Misfit,         Misfit,       Misfit,            Misfit,         Misfit] },
        { "Polygon",         [Misfit,         Misfit,            "Polygon",      Misfit,       Misfit,            Misfit,         Misfit] },
        { "MultiPoint",      ["MultiPoint",   Misfit,            Misfit,         "MultiPoint", Misfit,            Misfit,         Misfit] },
        { "MultiLineString", [Misfit,         "MultiLineString", Misfit,         Misfit,       "MultiLineString", Misfit,         Misfit] },
        { "MultiPolygon",    [Misfit,         Misfit,            "MultiPolygon", Misfit,       Misfit,            "MultiPolygon", Misfit] },
        { "Geometry",        ["Point",        "LineString",      "Polygon",      "MultiPoint", "MultiLineString", "MultiPolygon", "GeometryCollection"] },
    };

    [Theory]
    [MemberData(nameof(Expected))]
    public void Each_feature_type_in_a_collection_of_each_declared_type_is_promoted_kept_or_a_misfit(string declared, string[] expected)
    {
        for (int i = 0; i < FeatureTypes.Length; i++)
        {
            var geometry = Sample(FeatureTypes[i]);
            var promoted = GeometryTypes.Promote(geometry, declared);
            bool fits = GeometryTypes.Fits(promoted.GeometryType, declared);

            string because = $"a {FeatureTypes[i]} in a collection declared {declared}";
            if (expected[i] == Misfit)
            {
                Assert.True(ReferenceEquals(geometry, promoted), because + " is left as it is");
                Assert.False(fits, because + " does not fit");
            }
            else
            {
                Assert.True(expected[i] == promoted.GeometryType, $"{because} becomes {expected[i]}, not {promoted.GeometryType}");
                Assert.True(fits, because + " fits");
                Assert.Equal(geometry.Coordinates, promoted.Coordinates);
                if (promoted.GeometryType != geometry.GeometryType)
                    Assert.True(promoted.NumGeometries == 1 && promoted.GetGeometryN(0).EqualsExact(geometry), because + " becomes a one-part Multi of itself");
            }
        }
    }

    [Theory]
    [InlineData("Point", "Point")]
    [InlineData("LineString", "LineString", "LineString")]
    [InlineData("MultiLineString", "MultiLineString")]
    [InlineData("MultiPolygon", "MultiPolygon", "MultiPolygon")]
    [InlineData("GeometryCollection", "GeometryCollection")]
    [InlineData("MultiLineString", "LineString", "MultiLineString")]
    [InlineData("MultiLineString", "MultiLineString", "LineString", "LineString")]
    [InlineData("MultiPoint", "Point", "MultiPoint")]
    [InlineData("MultiPolygon", "MultiPolygon", "Polygon")]
    [InlineData("Geometry", "Point", "LineString")]
    [InlineData("Geometry", "LineString", "MultiPoint")]
    [InlineData("Geometry", "Polygon", "MultiLineString")]
    [InlineData("Geometry", "MultiLineString", "MultiPolygon")]
    [InlineData("Geometry", "Point", "MultiPoint", "LineString")]
    [InlineData("Geometry", "LineString", "GeometryCollection")]
    [InlineData("Geometry")]
    public void The_declared_type_of_a_set_of_feature_types_is_the_one_type_its_Multi_form_or_Geometry(string expected, params string[] featureTypes) =>
        Assert.Equal(expected, GeometryTypes.Declared(featureTypes));

    [Fact]
    public void Promoting_a_multi_part_Multi_in_a_single_type_collection_keeps_it_a_misfit()
    {
        var split = Factory.CreateMultiLineString([Line(170, 179), Line(-179, -170)]);

        Assert.Same(split, GeometryTypes.Promote(split, "LineString"));
        Assert.False(GeometryTypes.Fits("MultiLineString", "LineString"));
    }

    private static LineString Line(double fromLon, double toLon) =>
        Factory.CreateLineString([new Coordinate(fromLon, 1), new Coordinate(toLon, 2)]);

    private static Polygon Square(double lon) => Factory.CreatePolygon(
        [new Coordinate(lon, 0), new Coordinate(lon + 1, 0), new Coordinate(lon + 1, 1), new Coordinate(lon, 1), new Coordinate(lon, 0)]);

    private static Geometry Sample(string type) => type switch
    {
        "Point" => Factory.CreatePoint(new Coordinate(1, 2)),
        "LineString" => Line(1, 3),
        "Polygon" => Square(0),
        "MultiPoint" => Factory.CreateMultiPoint([Factory.CreatePoint(new Coordinate(1, 2)), Factory.CreatePoint(new Coordinate(3, 4))]),
        "MultiLineString" => Factory.CreateMultiLineString([Line(1, 3), Line(5, 7)]),
        "MultiPolygon" => Factory.CreateMultiPolygon([Square(0), Square(5)]),
        "GeometryCollection" => Factory.CreateGeometryCollection([Factory.CreatePoint(new Coordinate(1, 2)), Line(1, 3)]),
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };
}
