using System.Text;
using Maps.Core.Import;
using NetTopologySuite.Geometries;

namespace Maps.Import.Tests;

public sealed class LayerFileWriterTests
{
    private static readonly GeometryFactory Factory = new(new PrecisionModel(), 4326);

    private static string Write(params OutputFeature[] features)
    {
        using var stream = new MemoryStream();
        LayerFileWriter.WriteFeatures(stream, features);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    [Fact]
    public void Features_are_sorted_by_id_one_per_line_with_coordinates_rounded_to_7_decimals()
    {
        string text = Write(
            new OutputFeature("b", Factory.CreatePoint(new Coordinate(1.123456789, -0.00000001)), new Props { ["name"] = "B", ["n"] = 2 }),
            new OutputFeature("a", Factory.CreatePoint(new Coordinate(-180, 90)), new Props { ["name"] = "Ä", ["tags"] = new[] { "x" }, ["v"] = null }));

        Assert.Equal(
            "{\"type\":\"FeatureCollection\",\"features\":[\n"
            + "{\"type\":\"Feature\",\"id\":\"a\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[-180,90]},\"properties\":{\"name\":\"Ä\",\"tags\":[\"x\"],\"v\":null}},\n"
            + "{\"type\":\"Feature\",\"id\":\"b\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[1.1234568,0]},\"properties\":{\"name\":\"B\",\"n\":2}}\n"
            + "]}\n",
            text);
    }

    [Fact]
    public void Writing_duplicate_ids_throws()
    {
        var p = Factory.CreatePoint(new Coordinate(0, 0));

        Assert.Throws<InvalidDataException>(() => Write(new OutputFeature("a", p, new Props()), new OutputFeature("a", p, new Props())));
    }
}
