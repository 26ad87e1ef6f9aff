namespace Maps.Tiles;

/// <summary>
/// Spherical Web Mercator (EPSG:3857) in "world units": x from 0 at −180° to 1 at +180°, y from 0 at
/// +85.0511° to 1 at −85.0511° (y down, as tiles count rows). Latitudes beyond ±<see cref="MaxLatitude"/>
/// are clamped onto the edge of the square world. Pure functions, thread-safe.
/// </summary>
public static class WebMercator
{
    /// <summary>atan(sinh(π)): the latitude at which the Web Mercator world is square.</summary>
    public const double MaxLatitude = 85.0511287798066;

    /// <summary>Half the width of the world in EPSG:3857 metres (π × 6 378 137).</summary>
    public const double HalfWorldMetres = 20037508.342789244;

    public static double WorldX(double longitude) => (longitude + 180.0) / 360.0;

    public static double WorldY(double latitude)
    {
        double lat = Math.Clamp(latitude, -MaxLatitude, MaxLatitude) * (Math.PI / 180.0);
        double sin = Math.Sin(lat);
        return 0.5 - Math.Log((1 + sin) / (1 - sin)) / (4 * Math.PI);
    }

    public static double Longitude(double worldX) => worldX * 360.0 - 180.0;

    /// <summary>Latitude of a world y; y outside 0..1 (a tile buffer beyond the edge) gives ±90°.</summary>
    public static double Latitude(double worldY)
    {
        if (worldY <= 0)
            return 90.0;
        if (worldY >= 1)
            return -90.0;
        return Math.Atan(Math.Sinh(Math.PI * (1 - 2 * worldY))) * (180.0 / Math.PI);
    }

    /// <summary>EPSG:3857 metres of a lon/lat (latitude clamped): tileset bounding boxes, tests and diagnostics.</summary>
    public static (double X, double Y) ToMetres(double longitude, double latitude) =>
        ((WorldX(longitude) - 0.5) * 2 * HalfWorldMetres, (0.5 - WorldY(latitude)) * 2 * HalfWorldMetres);
}
