namespace Maps.Tiles.Tests;

/// <summary>Textbook spherical Mercator, written apart from the code under test.</summary>
internal static class Mercator
{
    public const double Radius = 6378137.0;
    public const double HalfWorld = Math.PI * Radius;

    public static (double X, double Y) Metres(double lon, double lat) =>
        (Radius * lon * Math.PI / 180, Radius * Math.Log(Math.Tan(Math.PI / 4 + lat * Math.PI / 360)));

    /// <summary>The tile's box in metres, grown by <paramref name="bufferUnits"/> of 4096 per side.</summary>
    public static (double MinX, double MinY, double MaxX, double MaxY) TileBox(int z, int x, int y, double bufferUnits = 0)
    {
        double size = 2 * HalfWorld / (1 << z);
        double buffer = size * bufferUnits / 4096;
        return (-HalfWorld + x * size - buffer, HalfWorld - (y + 1) * size - buffer,
            -HalfWorld + (x + 1) * size + buffer, HalfWorld - y * size + buffer);
    }

    public static double UnitSize(int z) => 2 * HalfWorld / (1 << z) / 4096;
}
