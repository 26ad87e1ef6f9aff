using Maps.Core.Layers;

namespace Maps.Tiles;

/// <summary>One tile matrix of WebMercatorQuad: its zoom and size in the OGC 2D Tile Matrix Set 2.0 terms.</summary>
/// <param name="Zoom">The tile matrix id, 0 at the world tile.</param>
/// <param name="CellSize">Metres (EPSG:3857 units) per pixel of a 256-pixel tile.</param>
/// <param name="ScaleDenominator">Cell size over the standard 0.28 mm rendering pixel.</param>
public readonly record struct TileMatrix(int Zoom, double CellSize, double ScaleDenominator)
{
    public int MatrixSize => 1 << Zoom;
}

/// <summary>The rows and columns of one tile matrix that a layer's bounding box meets (inclusive).</summary>
public readonly record struct TileMatrixLimits(int Zoom, int MinTileRow, int MaxTileRow, int MinTileCol, int MaxTileCol);

/// <summary>
/// The WebMercatorQuad tile matrix set of OGC 17-083r4 (Annex D.1, the registry's
/// <c>WebMercatorQuad.json</c>), computed from its definition rather than copied: 256-pixel tiles,
/// origin at the top-left corner (−20 037 508.34 m, +20 037 508.34 m), each zoom halving the cell
/// size. Also the per-zoom rows and columns a layer's extent covers, which tileset metadata
/// publishes as <c>tileMatrixSetLimits</c>.
/// </summary>
public static class WebMercatorQuad
{
    public const string Id = "WebMercatorQuad";
    public const string Uri = "http://www.opengis.net/def/tilematrixset/OGC/1.0/WebMercatorQuad";
    public const string Crs = "http://www.opengis.net/def/crs/EPSG/0/3857";
    public const string WellKnownScaleSet = "http://www.opengis.net/def/wkss/OGC/1.0/GoogleMapsCompatible";
    public const string Title = "Google Maps Compatible for the World";
    public const int TileSize = 256;

    /// <summary>The standard rendering pixel of OGC tile matrix sets (0.28 mm), which defines the scale denominator.</summary>
    public const double StandardPixelMetres = 0.00028;

    public static TileMatrix Matrix(int zoom)
    {
        double cellSize = 2 * WebMercator.HalfWorldMetres / TileSize / (1L << zoom);
        return new TileMatrix(zoom, cellSize, cellSize / StandardPixelMetres);
    }

    /// <summary>
    /// For each zoom 0..<paramref name="maxZoom"/>, the tiles whose area meets the layer's bounding box
    /// (so every tile a feature touches is inside). A layer across ±180° (west bound east of its east
    /// bound) takes every column, since limits cannot wrap. An empty layer has no limits: no tile holds anything.
    /// </summary>
    public static IReadOnlyList<TileMatrixLimits> Limits(Layer layer, int maxZoom)
    {
        var limits = new List<TileMatrixLimits>(maxZoom + 1);
        for (int z = 0; z <= maxZoom; z++)
            if (LimitsAt(layer, z) is { } at)
                limits.Add(at);
        return limits;
    }

    /// <summary>The limits of one zoom, or null for an empty layer.</summary>
    public static TileMatrixLimits? LimitsAt(Layer layer, int zoom)
    {
        if (layer.LongitudeBounds is not (var west, var east) || layer.Extent.IsNull)
            return null;
        int size = 1 << zoom;
        bool wraps = west > east;
        return new TileMatrixLimits(zoom,
            MinTileRow: Index(WebMercator.WorldY(layer.Extent.MaxY), size),
            MaxTileRow: Index(WebMercator.WorldY(layer.Extent.MinY), size),
            MinTileCol: wraps ? 0 : Index(WebMercator.WorldX(west), size),
            MaxTileCol: wraps ? size - 1 : Index(WebMercator.WorldX(east), size));
    }

    /// <summary>Whether the tile lies inside the layer's limits at its zoom.</summary>
    public static bool Holds(TileMatrixLimits? limits, TileAddress tile) =>
        limits is { } l && tile.Y >= l.MinTileRow && tile.Y <= l.MaxTileRow && tile.X >= l.MinTileCol && tile.X <= l.MaxTileCol;

    /// <summary>The geometry dimension OGC tileset layers declare: 0 points, 1 lines, 2 polygons, null when mixed or unknown.</summary>
    public static int? GeometryDimension(string geometryType) => geometryType switch
    {
        "Point" or "MultiPoint" => 0,
        "LineString" or "MultiLineString" => 1,
        "Polygon" or "MultiPolygon" => 2,
        _ => null,
    };

    private static int Index(double world, int size) => Math.Clamp((int)Math.Floor(world * size), 0, size - 1);
}
