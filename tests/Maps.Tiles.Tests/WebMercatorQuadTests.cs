using System.Text.Json;

namespace Maps.Tiles.Tests;

/// <summary>
/// WebMercatorQuad as Maps computes it against the OGC registry's definition (tests/ogc-tms,
/// copied from opengeospatial/2D-Tile-Matrix-Set), and the per-zoom tile limits of a layer against
/// tiles found from each vertex with textbook Mercator in metres (<see cref="Mercator"/>).
/// </summary>
public sealed class WebMercatorQuadTests
{
    private static JsonElement Registry() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "ogc-tms", "WebMercatorQuad.json"))).RootElement;

    [Fact]
    public void Every_registered_tile_matrix_has_the_registry_figures()
    {
        var registry = Registry();
        Assert.Equal(WebMercatorQuad.Uri, registry.GetProperty("uri").GetString());
        Assert.Equal(WebMercatorQuad.Crs, registry.GetProperty("crs").GetString());
        var matrices = registry.GetProperty("tileMatrices").EnumerateArray().ToList();
        Assert.Equal(TileAddress.MaxZoom + 1, matrices.Count);

        foreach (var registered in matrices)
        {
            int z = int.Parse(registered.GetProperty("id").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
            var computed = WebMercatorQuad.Matrix(z);
            // The registry prints 15 significant digits.
            Assert.Equal(registered.GetProperty("cellSize").GetDouble(), computed.CellSize, computed.CellSize * 1e-13);
            Assert.Equal(registered.GetProperty("scaleDenominator").GetDouble(), computed.ScaleDenominator, computed.ScaleDenominator * 1e-13);
            Assert.Equal(registered.GetProperty("matrixWidth").GetInt64(), computed.MatrixSize);
            Assert.Equal(WebMercatorQuad.TileSize, registered.GetProperty("tileWidth").GetInt32());
            var origin = registered.GetProperty("pointOfOrigin");
            Assert.Equal(origin[0].GetDouble(), -WebMercator.HalfWorldMetres, 1e-6);
            Assert.Equal(origin[1].GetDouble(), WebMercator.HalfWorldMetres, 1e-6);
        }
    }

    [Fact]
    public void Limits_are_the_tiles_from_the_westmost_northmost_to_the_eastmost_southmost_vertex()
    {
        var random = new Random(17);
        for (int trial = 0; trial < 50; trial++)
        {
            var builder = new LayerBuilder("points");
            var points = Enumerable.Range(0, 1 + random.Next(20))
                .Select(_ => (Lon: random.NextDouble() * 60 - 20, Lat: random.NextDouble() * 120 - 60)).ToList();
            for (int i = 0; i < points.Count; i++)
                builder.Point($"p{i}", new { }, points[i].Lon, points[i].Lat);
            var layer = builder.Build();

            foreach (var limits in WebMercatorQuad.Limits(layer, 14))
            {
                var tiles = points.Select(p => TileOf(limits.Zoom, p.Lon, p.Lat)).ToList();
                Assert.Equal(tiles.Min(t => t.Col), limits.MinTileCol);
                Assert.Equal(tiles.Max(t => t.Col), limits.MaxTileCol);
                Assert.Equal(tiles.Min(t => t.Row), limits.MinTileRow);
                Assert.Equal(tiles.Max(t => t.Row), limits.MaxTileRow);
            }
        }
    }

    [Fact]
    public void A_layer_across_the_antimeridian_takes_every_column_and_an_empty_one_has_no_limits()
    {
        // Split at ±180° as the import splits such lines: the layer's west bound (170) is east of its east bound (−170).
        var across = new LayerBuilder("cable").MultiLine("c", new { }, [(170, -10), (180, -15)], [(-180, -15), (-170, -20)]).Build();
        var empty = new LayerBuilder("empty").Build();

        Assert.All(WebMercatorQuad.Limits(across, 6), l => Assert.Equal((0, (1 << l.Zoom) - 1), (l.MinTileCol, l.MaxTileCol)));
        Assert.Equal(TileOf(6, 0, -10).Row, WebMercatorQuad.Limits(across, 6)[6].MinTileRow);
        Assert.Empty(WebMercatorQuad.Limits(empty, 6));
    }

    [Theory]
    [InlineData("Point", 0)]
    [InlineData("MultiPoint", 0)]
    [InlineData("LineString", 1)]
    [InlineData("MultiLineString", 1)]
    [InlineData("MultiPolygon", 2)]
    [InlineData("GeometryCollection", null)]
    public void Geometry_dimension_follows_the_geometry_type(string type, int? dimension) =>
        Assert.Equal(dimension, WebMercatorQuad.GeometryDimension(type));

    /// <summary>The tile holding a point, from its metres: columns from the west edge, rows from the north edge.</summary>
    private static (int Col, int Row) TileOf(int z, double lon, double lat)
    {
        var (x, y) = Mercator.Metres(lon, Math.Clamp(lat, -85.0511287798, 85.0511287798));
        double size = 2 * Mercator.HalfWorld / (1 << z);
        int last = (1 << z) - 1;
        return (Math.Clamp((int)Math.Floor((x + Mercator.HalfWorld) / size), 0, last), Math.Clamp((int)Math.Floor((Mercator.HalfWorld - y) / size), 0, last));
    }
}
