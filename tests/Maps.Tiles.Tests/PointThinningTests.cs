namespace Maps.Tiles.Tests;

/// <summary>
/// Below the deepest zoom a tile keeps one point feature per cell of <see cref="VectorTileOptions.PointCellSize"/>
/// tile units, the first in id order; at the deepest zoom it keeps every point. Checked by decoding with GDAL.
/// </summary>
public sealed class PointThinningTests
{
    private const int Z = 4, PerCell = 3, CellsPerSide = 12, Origin = 1024;
    private static readonly int CellUnits = VectorTileOptions.Default.PointCellSize;

    // Tile 4/8/7 holds Lagos; cells are laid out from unit 1024 (a multiple of the cell size) so that all stay well inside it.
    private static readonly (int X, int Y) Tile = (8, 7);

    private static (double Lon, double Lat) LonLatOfUnit(double ux, double uy)
    {
        double size = 2 * Mercator.HalfWorld / (1 << Z);
        double mx = -Mercator.HalfWorld + Tile.X * size + ux / 4096 * size;
        double my = Mercator.HalfWorld - Tile.Y * size - uy / 4096 * size;
        return (mx / Mercator.Radius * 180 / Math.PI, (2 * Math.Atan(Math.Exp(my / Mercator.Radius)) - Math.PI / 2) * 180 / Math.PI);
    }

    /// <summary>Three points around the centre of each cell of a 12 × 12 block: ids p-cc-rr-k.</summary>
    private static Maps.Core.Layers.Layer DenseLayer()
    {
        var builder = new LayerBuilder("schools");
        for (int cx = 0; cx < CellsPerSide; cx++)
            for (int cy = 0; cy < CellsPerSide; cy++)
                for (int k = 0; k < PerCell; k++)
                {
                    double ux = Origin + cx * CellUnits + CellUnits / 2.0 + (k - 1) * 1.5;
                    double uy = Origin + cy * CellUnits + CellUnits / 2.0 + (k - 1) * 1.0;
                    var (lon, lat) = LonLatOfUnit(ux, uy);
                    builder.Point($"p-{cx:D2}-{cy:D2}-{k}", new { k }, lon, lat);
                }
        return builder.Build();
    }

    [Fact]
    public void Below_the_deepest_zoom_each_pixel_cell_keeps_only_its_first_point()
    {
        var layer = DenseLayer();
        var address = TileAddress.Create(Z, Tile.X, Tile.Y);

        var ids = OgrMvt.Decode(VectorTileBuilder.Build(layer, address), address, layer.Id).Select(f => f.Id).Order(StringComparer.Ordinal).ToArray();

        var expected = Enumerable.Range(0, CellsPerSide).SelectMany(cx => Enumerable.Range(0, CellsPerSide).Select(cy => $"p-{cx:D2}-{cy:D2}-0"))
            .Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(expected, ids);
    }

    [Fact]
    public void At_the_deepest_zoom_every_point_is_kept()
    {
        var layer = DenseLayer();
        var options = VectorTileOptions.Default with { MaxZoom = Z };
        var address = TileAddress.Create(Z, Tile.X, Tile.Y);

        var features = OgrMvt.Decode(VectorTileBuilder.Build(layer, address, options), address, layer.Id);

        Assert.Equal(CellsPerSide * CellsPerSide * PerCell, features.Count);
    }

    [Fact]
    public void Thinning_can_be_switched_off()
    {
        var layer = DenseLayer();
        var address = TileAddress.Create(Z, Tile.X, Tile.Y);

        var features = OgrMvt.Decode(VectorTileBuilder.Build(layer, address, VectorTileOptions.Default with { PointCellSize = 0 }), address, layer.Id);

        Assert.Equal(layer.Count, features.Count);
    }
}
