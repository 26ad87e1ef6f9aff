using Maps.Core.Layers;
using NetTopologySuite.Geometries;

namespace Maps.Tiles;

/// <summary>
/// Cuts Mapbox Vector Tiles (MVT 2.1 protobuf, not compressed) from a loaded <see cref="Layer"/>,
/// one MVT layer named by the collection id, in the WebMercatorQuad XYZ grid.
/// </summary>
/// <remarks>
/// <para>Per tile: the layer's STR-tree gives the features whose lon/lat envelope meets the tile grown
/// by <see cref="VectorTileOptions.Buffer"/>; each one's geometry, projected to Web Mercator once per
/// layer and cached, is scaled to tile units, clipped to the buffered tile, simplified by
/// Douglas–Peucker with <see cref="VectorTileOptions.SimplifyTolerance"/> tile units (below
/// <see cref="VectorTileOptions.MaxZoom"/>) and rounded. Cost: O(log n + vertices of the candidates).</para>
/// <para>Attributes: the feature id as the string attribute <c>id</c> (use MapLibre's
/// <c>promoteId: "id"</c>), then the properties converted to MVT primitives (arrays joined with
/// commas, objects as JSON text, nulls omitted; see <see cref="TileValue"/>).</para>
/// <para>Antimeridian: features are stored split at ±180° (RFC 7946), so each side draws in its own
/// tiles. In addition, when the buffered tile reaches past ±180° (column 0 and column 2^z − 1,
/// and both sides at z 0), features within the buffer on the other side of the antimeridian are
/// added, shifted by one world width, so lines crossing it join without a seam.</para>
/// <para>Empty-tile policy: <see cref="Build(TileAddress)"/> returns an empty array when no feature
/// has geometry in the buffered tile (nothing nearby, or everything collapsed below one tile unit).
/// The HTTP layer answers that with 204 No Content; it never gets a tile with an empty layer.</para>
/// <para>Thread-safety: an instance holds only immutable state; <see cref="Build(TileAddress)"/> may be
/// called concurrently.</para>
/// </remarks>
public sealed class VectorTileBuilder
{
    private readonly ProjectedLayer _projected;

    public VectorTileBuilder(Layer layer, VectorTileOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(layer);
        _projected = ProjectedLayer.For(layer);
        Options = options ?? VectorTileOptions.Default;
    }

    public Layer Layer => _projected.Layer;

    public VectorTileOptions Options { get; }

    /// <summary>MVT layer name used in tiles and in TileJSON <c>vector_layers</c>: the collection id.</summary>
    public string LayerName => Layer.Id;

    /// <summary>Tile bytes for one tile of <paramref name="layer"/>; empty when the tile has no feature.</summary>
    public static byte[] Build(Layer layer, TileAddress tile, VectorTileOptions? options = null, Func<int, bool>? include = null) =>
        new VectorTileBuilder(layer, options).Build(tile, include);

    /// <summary>
    /// Tile bytes (MVT, uncompressed), or an empty array when the tile has no feature (HTTP 204).
    /// With <paramref name="include"/>, only the features (by position) it accepts (a request's filter).
    /// </summary>
    public byte[] Build(TileAddress tile, Func<int, bool>? include = null) => Build(tile, useIndex: true, include);

    /// <summary><paramref name="useIndex"/> false scans every feature envelope instead of the index (benchmark baseline).</summary>
    internal byte[] Build(TileAddress tile, bool useIndex, Func<int, bool>? include = null)
    {
        if (tile.Z is < 0 or > TileAddress.MaxZoom || tile.X < 0 || tile.X >= tile.MatrixSize || tile.Y < 0 || tile.Y >= tile.MatrixSize)
            throw new ArgumentOutOfRangeException(nameof(tile), tile, "Not a WebMercatorQuad tile; use TileAddress.Create to validate requests.");

        int extent = Options.Extent;
        double tileSize = 1.0 / tile.MatrixSize;
        double bufferWorld = tileSize * Options.Buffer / extent;
        double minX = tile.X * tileSize - bufferWorld, maxX = (tile.X + 1) * tileSize + bufferWorld;
        double minY = tile.Y * tileSize - bufferWorld, maxY = (tile.Y + 1) * tileSize + bufferWorld;

        var candidates = new List<(int Position, int Shift)>();
        Collect(candidates, Math.Max(minX, 0), Math.Min(maxX, 1), minY, maxY, 0, useIndex);
        if (minX < 0)
            Collect(candidates, minX + 1, 1, minY, maxY, -1, useIndex);
        if (maxX > 1)
            Collect(candidates, 0, maxX - 1, minY, maxY, 1, useIndex);
        if (candidates.Count == 0)
            return [];
        // Features go into the tile in id order (point thinning keeps the first of a cell), wrapped copies after their original.
        var rank = Layer.IdRank;
        candidates.Sort((a, b) => a.Position == b.Position ? a.Shift.CompareTo(b.Shift) : rank[a.Position].CompareTo(rank[b.Position]));
        if (include is not null)
            candidates.RemoveAll(c => !include(c.Position));
        if (candidates.Count == 0)
            return [];

        double tolerance = tile.Z < Options.MaxZoom ? Options.SimplifyTolerance : 0;
        var writer = new MvtLayerWriter(extent, Options.Buffer, tolerance);
        var transform = new TileTransform(extent * (double)tile.MatrixSize, tile.X * (double)extent, tile.Y * (double)extent,
            minX, maxX, minY, maxY);
        double[] scratch = new double[256];
        var occupiedCells = tile.Z < Options.MaxZoom && Options.PointCellSize > 0 ? new HashSet<long>() : null;
        bool pointsFromIndex = !_projected.IsCached && Layer.IsPoints;
        for (int i = 0; i < candidates.Count;)
        {
            int position = candidates[i].Position;
            if (pointsFromIndex && occupiedCells is not null)
            {
                // A large point layer: thin by the index's coordinates, and read only the points kept.
                var (lon, lat) = Layer.PointAt(position);
                if (IsThinnedPoint(WebMercator.WorldX(lon), WebMercator.WorldY(lat), candidates[i].Shift, transform, Options.PointCellSize, occupiedCells))
                {
                    for (; i < candidates.Count && candidates[i].Position == position; i++) { }
                    continue;
                }
            }
            var feature = _projected.Feature(position);
            if (!pointsFromIndex && occupiedCells is not null && feature.Type == TileGeometryType.Point && feature.Parts.Length == 1
                && IsThinnedPoint(feature.Parts[0].Coordinates[0], feature.Parts[0].Coordinates[1], candidates[i].Shift, transform, Options.PointCellSize, occupiedCells))
            {
                for (; i < candidates.Count && candidates[i].Position == position; i++) { }
                continue;
            }
            writer.BeginFeature();
            for (; i < candidates.Count && candidates[i].Position == position; i++)
                AddGeometry(writer, feature, candidates[i].Shift, transform, ref scratch);
            writer.EndFeature(feature.Type, feature.Attributes);
        }
        return writer.ToTile(LayerName);
    }

    /// <summary>
    /// Point thinning below the deepest zoom: a single-point feature is left out when a feature
    /// earlier in id order already put a point in the same cell of <paramref name="cellSize"/> tile
    /// units (8 = one screen pixel). Dense layers (38,000 schools) would otherwise make
    /// low-zoom tiles of several MB that draw the same pixels; at <see cref="VectorTileOptions.MaxZoom"/>
    /// every point is kept.
    /// </summary>
    private static bool IsThinnedPoint(double worldX, double worldY, int shift, in TileTransform transform, int cellSize, HashSet<long> occupied)
    {
        long cellX = (long)Math.Floor(transform.X(worldX + shift) / cellSize);
        long cellY = (long)Math.Floor(transform.Y(worldY) / cellSize);
        return !occupied.Add((cellX << 32) ^ (cellY & 0xFFFFFFFFL));
    }

    private void Collect(List<(int, int)> candidates, double minX, double maxX, double minY, double maxY, int shift, bool useIndex)
    {
        var box = new Envelope(WebMercator.Longitude(minX), WebMercator.Longitude(maxX), WebMercator.Latitude(maxY), WebMercator.Latitude(minY));
        if (useIndex && box.Contains(Layer.Extent))
        {
            // A low-zoom tile over the whole layer: every feature, without a tree query.
            for (int position = 0; position < Layer.Count; position++)
                candidates.Add((position, shift));
            return;
        }
        if (useIndex)
        {
            foreach (int position in Layer.PositionsIntersecting(box))
                candidates.Add((position, shift));
            return;
        }
        for (int position = 0; position < Layer.Count; position++)
            if (Layer.EnvelopeOf(position).Intersects(box))
                candidates.Add((position, shift));
    }

    private static void AddGeometry(MvtLayerWriter writer, ProjectedFeature feature, int shift, in TileTransform transform, ref double[] scratch)
    {
        var parts = feature.Parts;
        switch (feature.Type)
        {
            case TileGeometryType.Point:
                foreach (var part in parts)
                    writer.AddPoint(transform.X(part.Coordinates[0] + shift), transform.Y(part.Coordinates[1]));
                break;
            case TileGeometryType.LineString:
                foreach (var part in parts)
                {
                    if (transform.Classify(part, shift) is not PartPosition placement)
                        continue;
                    int count = transform.ToTileUnits(part, shift, ref scratch);
                    writer.AddLine(scratch, count, placement == PartPosition.Inside);
                }
                break;
            case TileGeometryType.Polygon:
                int ring = 0;
                foreach (int ringCount in feature.RingCounts)
                {
                    bool shellKept = false;
                    for (int r = 0; r < ringCount; r++, ring++)
                    {
                        if (r > 0 && !shellKept)
                            continue;
                        var part = parts[ring];
                        if (transform.Classify(part, shift) is not PartPosition placement)
                            continue;
                        int count = transform.ToTileUnits(part, shift, ref scratch);
                        bool kept = writer.AddRing(scratch, count, placement == PartPosition.Inside, exterior: r == 0);
                        if (r == 0)
                            shellKept = kept;
                    }
                }
                break;
        }
    }

    private enum PartPosition
    {
        Inside,
        Crossing,
    }

    /// <summary>World units to tile units for one tile, and the buffered tile in world units.</summary>
    private readonly record struct TileTransform(double Scale, double OriginX, double OriginY,
        double MinX, double MaxX, double MinY, double MaxY)
    {
        public double X(double worldX) => worldX * Scale - OriginX;

        public double Y(double worldY) => worldY * Scale - OriginY;

        /// <summary>Null when the part's box misses the buffered tile; Inside when it needs no clipping.</summary>
        public PartPosition? Classify(ProjectedPart part, int shift)
        {
            double partMinX = part.MinX + shift, partMaxX = part.MaxX + shift;
            if (partMaxX < MinX || partMinX > MaxX || part.MaxY < MinY || part.MinY > MaxY)
                return null;
            return partMinX >= MinX && partMaxX <= MaxX && part.MinY >= MinY && part.MaxY <= MaxY
                ? PartPosition.Inside
                : PartPosition.Crossing;
        }

        public int ToTileUnits(ProjectedPart part, int shift, ref double[] scratch)
        {
            var source = part.Coordinates;
            if (scratch.Length < source.Length)
                scratch = new double[Math.Max(source.Length, scratch.Length * 2)];
            for (int i = 0; i < source.Length; i += 2)
            {
                scratch[i] = (source[i] + shift) * Scale - OriginX;
                scratch[i + 1] = source[i + 1] * Scale - OriginY;
            }
            return part.PointCount;
        }
    }
}
