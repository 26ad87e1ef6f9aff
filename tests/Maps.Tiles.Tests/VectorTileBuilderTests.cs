using Maps.Core.Layers;
using NetTopologySuite.Geometries;

namespace Maps.Tiles.Tests;

/// <summary>Tiles are decoded by GDAL's MVT driver, not by our code.</summary>
public class VectorTileBuilderTests
{
    private const int Buffer = 64;

    private static readonly Lazy<Layer> WestAfrica = new(() => RandomLines(seed: 7, count: 300));

    public VectorTileBuilderTests() =>
        Assert.True(OgrMvt.Available, "GDAL's ogrinfo with the MVT driver is needed: apt-get install -y gdal-bin");

    [Theory]
    [InlineData(3, 3, 3)]
    [InlineData(4, 7, 7)]
    [InlineData(5, 15, 14)]
    [InlineData(6, 31, 29)]
    [InlineData(7, 62, 59)]
    [InlineData(8, 125, 119)]
    public void Feature_count_equals_brute_force_intersection(int z, int x, int y)
    {
        var layer = WestAfrica.Value;
        var address = TileAddress.Create(z, x, y);
        // A feature that reaches into the buffer by less than one tile unit may round away.
        var certain = BruteForceIds(layer, address, Buffer - 1);
        var possible = BruteForceIds(layer, address, Buffer + 1);

        var decoded = OgrMvt.Decode(VectorTileBuilder.Build(layer, address), address, layer.Id);

        var ids = decoded.Select(f => f.Id).ToHashSet();
        Assert.NotEmpty(certain);
        Assert.Equal(decoded.Count, ids.Count);
        Assert.Subset(ids, certain.ToHashSet());
        Assert.Superset(ids, possible.ToHashSet());
    }

    [Fact]
    public void Attributes_survive_as_mvt_primitives()
    {
        var layer = new LayerBuilder()
            .Line("fl-1", new { operator_name = "MTN", distance = 19723.5, fibre_count = 48, operators = new[] { "MTN", "Orange" }, status = (string?)null, lit = true, id = "ignored" },
                (3.0, 6.0), (4.0, 7.0))
            .Build();
        var address = TileAddress.Create(6, 32, 30);

        var feature = Assert.Single(OgrMvt.Decode(VectorTileBuilder.Build(layer, address), address, layer.Id));

        Assert.Equal("fl-1", feature.Attributes["id"]);
        Assert.Equal("MTN", feature.Attributes["operator_name"]);
        Assert.Equal(19723.5, double.Parse(feature.Attributes["distance"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("48", feature.Attributes["fibre_count"]);
        Assert.Equal("MTN,Orange", feature.Attributes["operators"]);
        Assert.Equal("1", feature.Attributes["lit"]);
        Assert.True(!feature.Attributes.TryGetValue("status", out string? status) || status == "(null)", $"status = {status}");
    }

    [Theory]
    [InlineData(3.3792, 6.5244, 10)]   // Lagos
    [InlineData(-17.4677, 14.7167, 14)] // Dakar
    [InlineData(-23.5, 84.9, 3)]        // near the Web Mercator edge
    public void Point_lands_within_one_tile_unit_of_its_web_mercator_position(double lon, double lat, int z)
    {
        var layer = new LayerBuilder("nodes").Point("n-1", new { name = "node" }, lon, lat).Build();
        var (mx, my) = Mercator.Metres(lon, lat);
        int n = 1 << z;
        var address = TileAddress.Create(z, (int)((mx + Mercator.HalfWorld) / (2 * Mercator.HalfWorld) * n), (int)((Mercator.HalfWorld - my) / (2 * Mercator.HalfWorld) * n));

        var feature = Assert.Single(OgrMvt.Decode(VectorTileBuilder.Build(layer, address), address, layer.Id));

        var (x, y) = Assert.Single(feature.Positions);
        Assert.InRange(x, mx - Mercator.UnitSize(z), mx + Mercator.UnitSize(z));
        Assert.InRange(y, my - Mercator.UnitSize(z), my + Mercator.UnitSize(z));
    }

    [Fact]
    public void Antimeridian_line_appears_in_east_and_west_edge_tiles()
    {
        // Stored split at ±180° as RFC 7946 asks.
        var layer = new LayerBuilder("submarine-cables")
            .MultiLine("cable-1", new { name = "Trans-Pacific" }, [(170, -15), (180, -16)], [(-180, -16), (-170, -17)])
            .Build();
        var east = TileAddress.Create(2, 3, 2);
        var west = TileAddress.Create(2, 0, 2);

        var inEast = Assert.Single(OgrMvt.Decode(VectorTileBuilder.Build(layer, east), east, layer.Id));
        var inWest = Assert.Single(OgrMvt.Decode(VectorTileBuilder.Build(layer, west), west, layer.Id));

        Assert.Equal("cable-1", inEast.Id);
        Assert.Equal("cable-1", inWest.Id);
        // Each edge tile also carries the other side's part within its buffer, so the line joins without a seam.
        Assert.Contains(inEast.Positions, p => p.X > Mercator.HalfWorld);
        Assert.Contains(inWest.Positions, p => p.X < -Mercator.HalfWorld);
        Assert.All(inEast.Positions, p => Assert.InRange(p.X, 0, Mercator.HalfWorld + 64 * Mercator.UnitSize(2) + 1));
    }

    [Fact]
    public void Tile_without_features_is_an_empty_array()
    {
        var layer = WestAfrica.Value;

        byte[] pacific = VectorTileBuilder.Build(layer, TileAddress.Create(5, 2, 14));

        Assert.Empty(pacific);
    }

    [Fact]
    public void Empty_layer_gives_empty_tiles()
    {
        var layer = new LayerBuilder("empty").Build();

        Assert.Empty(VectorTileBuilder.Build(layer, TileAddress.Create(0, 0, 0)));
    }

    [Fact]
    public void Feature_only_just_beyond_the_buffer_is_not_in_the_tile()
    {
        // Tile 4/8/7 spans lon 0..22.5; the buffer reaches 22.5 + 22.5 × 64/4096 ≈ 22.85.
        var layer = new LayerBuilder().Line("fl-1", new { }, (23.0, 5.0), (24.0, 6.0)).Build();

        Assert.Empty(VectorTileBuilder.Build(layer, TileAddress.Create(4, 8, 7)));
    }

    [Fact]
    public void Simplification_reduces_vertices_at_low_zoom_but_keeps_the_line()
    {
        var wiggly = Enumerable.Range(0, 2000)
            .Select(i => (Lon: -10 + i * 0.01, Lat: 10 + 0.001 * Math.Sin(i)))
            .ToArray();
        var layer = new LayerBuilder().Line("fl-1", new { }, wiggly).Build();
        var low = TileAddress.Create(3, 3, 3);

        var feature = Assert.Single(OgrMvt.Decode(VectorTileBuilder.Build(layer, low), low, layer.Id));

        Assert.InRange(feature.Positions.Count, 2, 20);
    }

    [Fact]
    public void Short_line_at_low_zoom_is_kept()
    {
        // About 1.1 km: under a screen pixel at z 5 but more than one tile unit.
        var layer = new LayerBuilder().Line("fl-short", new { }, (3.0, 6.0), (3.01, 6.0)).Build();
        var address = TileAddress.Create(5, 16, 15);

        var feature = Assert.Single(OgrMvt.Decode(VectorTileBuilder.Build(layer, address), address, layer.Id));

        Assert.Equal("fl-short", feature.Id);
    }

    [Fact]
    public void Polygon_decodes_as_polygon()
    {
        var layer = new LayerBuilder("areas").Polygon("a-1", new { name = "zone" }, (2, 6), (4, 6), (4, 8), (2, 8), (2, 6)).Build();
        var address = TileAddress.Create(5, 16, 15);

        var feature = Assert.Single(OgrMvt.Decode(VectorTileBuilder.Build(layer, address), address, layer.Id));

        Assert.StartsWith("POLYGON", feature.Wkt);
    }

    [Fact]
    public void Index_and_scan_give_the_same_tile()
    {
        var builder = new VectorTileBuilder(WestAfrica.Value);
        var address = TileAddress.Create(6, 31, 29);

        Assert.Equal(builder.Build(address, useIndex: false), builder.Build(address));
    }

    [Theory]
    [InlineData(-1, 0, 0)]
    [InlineData(25, 0, 0)]
    [InlineData(2, 4, 0)]
    [InlineData(2, 0, -1)]
    public void Invalid_tile_numbers_are_rejected(int z, int x, int y) =>
        Assert.Throws<Maps.Core.Query.InvalidParameterException>(() => TileAddress.Create(z, x, y));

    /// <summary>Ids of features whose geometry, projected independently, meets the buffered tile.</summary>
    private static string[] BruteForceIds(Layer layer, TileAddress address, double bufferUnits)
    {
        var factory = new GeometryFactory();
        var (minX, minY, maxX, maxY) = Mercator.TileBox(address.Z, address.X, address.Y, bufferUnits);
        var box = factory.ToGeometry(new Envelope(minX, maxX, minY, maxY));
        return layer.ReadAll()
            .Where(f =>
            {
                var projected = f.Geometry.Copy();
                projected.Apply(new ProjectFilter());
                return projected.Intersects(box);
            })
            .Select(f => f.Id)
            .Order(StringComparer.Ordinal)
            .ToArray();
    }

    internal static Layer RandomLines(int seed, int count)
    {
        var random = new Random(seed);
        var builder = new LayerBuilder();
        string[] operators = ["MTN", "Orange", "Airtel", "Glo"];
        for (int i = 0; i < count; i++)
        {
            double lon = -26 + random.NextDouble() * 42, lat = 3 + random.NextDouble() * 25;
            var points = new (double, double)[30];
            for (int j = 0; j < points.Length; j++)
            {
                points[j] = (lon, lat);
                lon += (random.NextDouble() - 0.5) * 0.4;
                lat += (random.NextDouble() - 0.5) * 0.4;
            }
            builder.Line($"fl-{i:D4}", new { operator_name = operators[i % 4], distance = random.Next(1000, 200000) }, points);
        }
        return builder.Build();
    }

    private sealed class ProjectFilter : ICoordinateSequenceFilter
    {
        public bool Done => false;
        public bool GeometryChanged => true;

        public void Filter(CoordinateSequence seq, int i)
        {
            var (x, y) = Mercator.Metres(seq.GetX(i), seq.GetY(i));
            seq.SetX(i, x);
            seq.SetY(i, y);
        }
    }
}
