namespace Maps.Tiles;

/// <summary>How tiles are cut. The defaults suit MapLibre GL, which draws a tile on 512 screen pixels.</summary>
public sealed record VectorTileOptions
{
    public static readonly VectorTileOptions Default = new();

    /// <summary>Tile units per tile side (MVT <c>extent</c>).</summary>
    public int Extent { get; init; } = 4096;

    /// <summary>
    /// Tile units kept beyond each edge, so that line joins and caps are drawn by both neighbouring
    /// tiles and no seam shows; points in the buffer are kept too, so icons are not cut at edges.
    /// </summary>
    public int Buffer { get; init; } = 64;

    /// <summary>
    /// Douglas–Peucker tolerance in tile units (8 units = 1 screen pixel of a 512-pixel tile). Zero turns
    /// simplification off. Applied at every zoom below <see cref="MaxZoom"/>; at and beyond it, only
    /// rounding to whole tile units thins vertices.
    /// </summary>
    public double SimplifyTolerance { get; init; } = 8;

    /// <summary>
    /// Below <see cref="MaxZoom"/>, at most one single-point feature per square cell of this many tile
    /// units (8 = one screen pixel of a 512-pixel tile; the default 16 is two, below the size of a drawn
    /// point); the first in id order is kept. Zero keeps every point.
    /// </summary>
    public int PointCellSize { get; init; } = 16;

    /// <summary>Deepest zoom that tiles are generated for; clients over-zoom beyond it (TileJSON <c>maxzoom</c>).</summary>
    public int MaxZoom { get; init; } = 14;
}
