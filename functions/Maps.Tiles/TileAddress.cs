using Maps.Core.Query;

namespace Maps.Tiles;

/// <summary>
/// A tile of the WebMercatorQuad tile matrix set in the XYZ scheme: <see cref="X"/> grows eastwards
/// from −180°, <see cref="Y"/> grows southwards from +85.0511° (the top row is 0), as in
/// <c>/{z}/{x}/{y}.mvt</c> URLs and OGC API – Tiles <c>{tileMatrix}/{tileRow}/{tileCol}</c>.
/// </summary>
public readonly record struct TileAddress(int Z, int X, int Y)
{
    /// <summary>Deepest zoom accepted; 2^24 tiles per row keeps every tile number an <c>int</c>.</summary>
    public const int MaxZoom = 24;

    /// <summary>Number of tiles per row and per column at <see cref="Z"/>.</summary>
    public int MatrixSize => 1 << Z;

    /// <summary>
    /// Validates a request's tile numbers.
    /// </summary>
    /// <exception cref="InvalidParameterException">z is outside 0..<see cref="MaxZoom"/>, or x or y is outside 0..2^z−1 (HTTP 400).</exception>
    public static TileAddress Create(int z, int x, int y)
    {
        if (z < 0 || z > MaxZoom)
            throw new InvalidParameterException("z", $"Zoom {z} is outside 0..{MaxZoom}.");
        int size = 1 << z;
        if (x < 0 || x >= size)
            throw new InvalidParameterException("x", $"Tile column {x} is outside 0..{size - 1} at zoom {z}.");
        if (y < 0 || y >= size)
            throw new InvalidParameterException("y", $"Tile row {y} is outside 0..{size - 1} at zoom {z}.");
        return new TileAddress(z, x, y);
    }

    public override string ToString() => $"{Z}/{X}/{Y}";
}
