using System.Text.Json;

namespace Maps.Tiles.Tests;

public class TileJsonTests
{
    [Fact]
    public void TileJson_describes_bounds_zooms_and_fields()
    {
        var layer = new LayerBuilder()
            .Line("fl-1", new { operator_name = "MTN", distance = 10.5, lit = true, operators = new[] { "a", "b" } }, (-10, 5), (2, 12))
            .Line("fl-2", new { operator_name = "Orange", distance = 3 }, (0, 4), (1, 6))
            .Build();

        var tileJson = TileJson.For(layer, "https://example.org/api/tiles/fibre-links/{z}/{x}/{y}.mvt");
        using var json = JsonDocument.Parse(JsonSerializer.Serialize(tileJson));

        var root = json.RootElement;
        Assert.Equal("3.0.0", root.GetProperty("tilejson").GetString());
        Assert.Equal([-10.0, 4.0, 2.0, 12.0], root.GetProperty("bounds").EnumerateArray().Select(e => e.GetDouble()));
        Assert.Equal(0, root.GetProperty("minzoom").GetInt32());
        Assert.Equal(14, root.GetProperty("maxzoom").GetInt32());
        Assert.Equal("Test attribution", root.GetProperty("attribution").GetString());
        var vectorLayer = Assert.Single(root.GetProperty("vector_layers").EnumerateArray());
        Assert.Equal("fibre-links", vectorLayer.GetProperty("id").GetString());
        var fields = vectorLayer.GetProperty("fields");
        Assert.Equal("String", fields.GetProperty("id").GetString());
        Assert.Equal("String", fields.GetProperty("operator_name").GetString());
        Assert.Equal("Number", fields.GetProperty("distance").GetString());
        Assert.Equal("Boolean", fields.GetProperty("lit").GetString());
        Assert.Equal("String", fields.GetProperty("operators").GetString());
    }

    [Fact]
    public void Empty_layer_bounds_are_the_web_mercator_world()
    {
        var tileJson = TileJson.For(new LayerBuilder("empty").Build(), "t/{z}/{x}/{y}");

        Assert.Equal([-180, -WebMercator.MaxLatitude, 180, WebMercator.MaxLatitude], tileJson.Bounds);
    }
}
