using System.Globalization;
using System.Text;
using Maps.Core.Layers;
using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Prepared;

namespace Maps.Core.Tests.Spatial;

/// <summary>The layer's envelope index (the layer file's packed Hilbert R-tree): bbox positions ascending, and counts from the index, against every feature read and tested.</summary>
public class LayerEnvelopeIndexTests
{
    private static Layer RandomLayer(int seed, int count)
    {
        var random = new Random(seed);
        string F(double value) => value.ToString("R", CultureInfo.InvariantCulture);
        string Coordinate() => $"[{F(random.Next(0, 41) * 0.25)},{F(random.Next(0, 41) * 0.25)}]";
        var features = Enumerable.Range(0, count).Select(i =>
        {
            string geometry = random.Next(3) == 0
                ? $$"""{"type":"LineString","coordinates":[{{Coordinate()}},{{Coordinate()}},{{Coordinate()}}]}"""
                : $$"""{"type":"Point","coordinates":{{Coordinate()}}}""";
            return $$"""{"type":"Feature","id":"f{{random.Next():D10}}-{{i}}","properties":{"kind":"{{(i % 5 == 0 ? "a" : "b")}}"},"geometry":{{geometry}}}""";
        });
        string json = $$"""{"type":"FeatureCollection","features":[{{string.Join(",", features)}}]}""";
        var metadata = new CollectionMetadata
        {
            Id = "test", Title = "Test", Description = "Synthetic", License = "CC0-1.0", Attribution = "tests", Source = "tests", GeometryType = "Point",
        };
        return Layer.FromGeoJson(metadata, Encoding.UTF8.GetBytes(json), "test");
    }

    [Theory]
    [InlineData(1, 0)]
    [InlineData(2, 1)]
    [InlineData(3, 3_000)]
    public void Positions_are_ascending_and_counts_equal_the_filtered_features(int seed, int count)
    {
        var layer = RandomLayer(seed, count);
        var random = new Random(seed);
        var factory = new GeometryFactory();
        var features = layer.ReadAll().OrderBy(f => f.Position).ToArray();
        var kindA = layer.EnvelopeIndex.CounterOf(p => features[p].GetString("kind") == "a");
        for (int q = 0; q < 50; q++)
        {
            double x = random.Next(-2, 42) * 0.25, y = random.Next(-2, 42) * 0.25;
            var box = new Envelope(x, x + random.Next(0, 20) * 0.25, y, y + random.Next(0, 20) * 0.25);
            var boxGeometry = factory.ToGeometry(box);
            var prepared = PreparedGeometryFactory.Prepare(boxGeometry);
            var expected = Enumerable.Range(0, layer.Count).Where(p => features[p].Envelope.Intersects(box)).ToList();

            Assert.Equal(expected, layer.PositionsIntersecting(box)); // ascending, as the id order of pages needs

            var matching = expected.Where(p => features[p].Geometry.Intersects(boxGeometry)).ToList();
            Assert.Equal(matching.Count, layer.CountIntersecting(box, p => prepared.Intersects(features[p].Geometry)));
            Assert.Equal(matching.Count(p => features[p].GetString("kind") == "a"),
                layer.CountIntersecting(box, p => prepared.Intersects(features[p].Geometry), kindA));
        }
    }

    [Fact]
    public void A_box_over_most_of_a_large_layer_is_still_ascending()
    {
        var layer = RandomLayer(9, 5_000);
        var box = new Envelope(0.5, 9.5, 0.5, 9.5);
        var positions = layer.PositionsIntersecting(box);
        Assert.True(positions.Count > layer.Count / 16);
        Assert.Equal(Enumerable.Range(0, layer.Count).Where(p => layer.Feature(p).Envelope.Intersects(box)), positions);
    }
}
