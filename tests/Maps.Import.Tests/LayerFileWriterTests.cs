using System.Text;
using Maps.Core.Import;
using Maps.Core.Layers;
using NetTopologySuite.Geometries;

namespace Maps.Import.Tests;

public sealed class LayerFileWriterTests
{
    private static readonly GeometryFactory Factory = new(new PrecisionModel(), 4326);

    private static readonly CollectionMetadata Metadata = new()
    {
        Id = "t", Title = "T", Description = "", License = "CC0-1.0", Attribution = "tests", Source = "tests", GeometryType = "Point",
    };

    private static string[] Write(params OutputFeature[] features)
    {
        string directory = TestPaths.NewTempDirectory();
        try
        {
            LayerFileWriter.Write(directory, Metadata, features);
            return Layer.Open(LayerFileWriter.PathOf(directory, "t")).ReadAll().Select(f => Encoding.UTF8.GetString(f.GeoJson.Span)).ToArray();
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void Features_come_back_by_id_with_coordinates_rounded_to_7_decimals_and_every_property_of_the_layer()
    {
        var features = Write(
            new OutputFeature("b", Factory.CreatePoint(new Coordinate(1.123456789, -0.00000001)), new Props { ["name"] = "B", ["n"] = 2 }),
            new OutputFeature("a", Factory.CreatePoint(new Coordinate(-180, 90)), new Props { ["name"] = "Ä", ["tags"] = new[] { "x" }, ["v"] = null }));

        Assert.Equal(
            [
                "{\"type\":\"Feature\",\"id\":\"a\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[-180,90]},\"properties\":{\"name\":\"Ä\",\"n\":null,\"tags\":[\"x\"],\"v\":null}}",
                "{\"type\":\"Feature\",\"id\":\"b\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[1.1234568,0]},\"properties\":{\"name\":\"B\",\"n\":2,\"tags\":null,\"v\":null}}",
            ],
            features);
    }

    [Fact]
    public void Writing_duplicate_ids_throws_and_leaves_no_file()
    {
        var p = Factory.CreatePoint(new Coordinate(0, 0));
        string directory = TestPaths.NewTempDirectory();
        try
        {
            Assert.Throws<InvalidDataException>(() => LayerFileWriter.Write(directory, Metadata, [new OutputFeature("a", p, new Props()), new OutputFeature("a", p, new Props())]));
            Assert.Empty(Directory.GetFiles(directory));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
