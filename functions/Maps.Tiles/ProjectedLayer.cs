using System.Runtime.CompilerServices;
using Maps.Core.Layers;
using NetTopologySuite.Geometries;

namespace Maps.Tiles;

internal enum TileGeometryType : byte
{
    Point = 1,
    LineString = 2,
    Polygon = 3,
}

/// <summary>
/// One geometry part in Web Mercator world units (<see cref="WebMercator"/>): a point set, a line or
/// a polygon ring, as interleaved x, y pairs with its bounding box.
/// </summary>
internal sealed class ProjectedPart
{
    public ProjectedPart(double[] coordinates)
    {
        Coordinates = coordinates;
        MinX = MinY = double.MaxValue;
        MaxX = MaxY = double.MinValue;
        for (int i = 0; i < coordinates.Length; i += 2)
        {
            MinX = Math.Min(MinX, coordinates[i]);
            MaxX = Math.Max(MaxX, coordinates[i]);
            MinY = Math.Min(MinY, coordinates[i + 1]);
            MaxY = Math.Max(MaxY, coordinates[i + 1]);
        }
    }

    public double[] Coordinates { get; }
    public int PointCount => Coordinates.Length / 2;
    public double MinX { get; }
    public double MinY { get; }
    public double MaxX { get; }
    public double MaxY { get; }
}

/// <summary>
/// A feature ready for tiling: geometry projected once to world units, attributes converted once to
/// MVT values (the feature id first, as the string attribute <c>id</c>).
/// </summary>
internal sealed class ProjectedFeature
{
    public ProjectedFeature(TileGeometryType type, ProjectedPart[] parts, int[] ringCounts, KeyValuePair<string, TileValue>[] attributes)
    {
        Type = type;
        Parts = parts;
        RingCounts = ringCounts;
        Attributes = attributes;
    }

    public TileGeometryType Type { get; }

    /// <summary>Points: one part per point. Lines: one part per line. Polygons: rings, shell first, polygon after polygon.</summary>
    public ProjectedPart[] Parts { get; }

    /// <summary>Polygons only: how many consecutive <see cref="Parts"/> each polygon has (shell plus holes).</summary>
    public int[] RingCounts { get; }

    public KeyValuePair<string, TileValue>[] Attributes { get; }
}

/// <summary>
/// The tiling form of a <see cref="Layer"/>: each feature's geometry projected to world units and its
/// attributes converted to MVT values. For a layer of at most <see cref="CachedFeatures"/> features
/// every feature is projected once, in O(vertices), and kept beside the layer (weakly, so it goes
/// when the layer version goes); a larger layer is projected per tile from what the tile reads, so
/// its memory does not grow with the layer. Immutable; safe for concurrent readers. Features keep
/// their positions in the layer, so the layer's index answers candidate queries.
/// </summary>
internal sealed class ProjectedLayer
{
    /// <summary>The most features a layer may have for all of them to be kept projected.</summary>
    public const int CachedFeatures = 200_000;

    private static readonly ConditionalWeakTable<Layer, ProjectedLayer> Cache = new();

    private readonly ProjectedFeature[]? _features;

    private ProjectedLayer(Layer layer)
    {
        Layer = layer;
        if (layer.Count > CachedFeatures)
            return;
        var features = new ProjectedFeature[layer.Count];
        foreach (var feature in layer.All())
            features[feature.Position] = Project(feature);
        _features = features;
    }

    public Layer Layer { get; }

    /// <summary>True when every feature is kept projected.</summary>
    public bool IsCached => _features is not null;

    /// <summary>The feature at a position, projected (kept, or read and projected now).</summary>
    public ProjectedFeature Feature(int position) => _features?[position] ?? Project(Layer.Feature(position));

    public static ProjectedLayer For(Layer layer) => Cache.GetValue(layer, static l => new ProjectedLayer(l));

    public static ProjectedFeature Project(LayerFeature feature)
    {
        var attributes = Attributes(feature);
        var geometry = feature.Geometry;
        var parts = new List<ProjectedPart>();
        var ringCounts = new List<int>();
        TileGeometryType type;
        switch (geometry)
        {
            case Point or MultiPoint:
                type = TileGeometryType.Point;
                for (int i = 0; i < geometry.NumGeometries; i++)
                    if (!geometry.GetGeometryN(i).IsEmpty)
                        parts.Add(Project(geometry.GetGeometryN(i).Coordinates));
                break;
            case LineString or MultiLineString:
                type = TileGeometryType.LineString;
                for (int i = 0; i < geometry.NumGeometries; i++)
                    if (geometry.GetGeometryN(i) is LineString { IsEmpty: false } line && line.NumPoints >= 2)
                        parts.Add(Project(line.Coordinates));
                break;
            case Polygon or MultiPolygon:
                type = TileGeometryType.Polygon;
                for (int i = 0; i < geometry.NumGeometries; i++)
                {
                    if (geometry.GetGeometryN(i) is not Polygon { IsEmpty: false } polygon)
                        continue;
                    parts.Add(Project(polygon.Shell.Coordinates));
                    foreach (var hole in polygon.Holes)
                        parts.Add(Project(hole.Coordinates));
                    ringCounts.Add(1 + polygon.NumInteriorRings);
                }
                break;
            default:
                // GeometryCollection: not representable as one MVT feature; the layer schema never has it.
                type = TileGeometryType.Point;
                break;
        }
        return new ProjectedFeature(type, parts.ToArray(), ringCounts.ToArray(), attributes);
    }

    private static ProjectedPart Project(Coordinate[] coordinates)
    {
        var projected = new double[coordinates.Length * 2];
        for (int i = 0; i < coordinates.Length; i++)
        {
            projected[2 * i] = WebMercator.WorldX(coordinates[i].X);
            projected[2 * i + 1] = WebMercator.WorldY(coordinates[i].Y);
        }
        return new ProjectedPart(projected);
    }

    public static KeyValuePair<string, TileValue>[] Attributes(LayerFeature feature)
    {
        var attributes = new List<KeyValuePair<string, TileValue>> { new("id", TileValue.Of(feature.Id)) };
        var names = feature.PropertyNames;
        var values = feature.Values;
        for (int i = 0; i < names.Count; i++)
        {
            // The feature id wins over a property of the same name.
            if (names[i].Length == 0 || names[i] == "id")
                continue;
            if (TileValue.From(values[i]) is TileValue value)
                attributes.Add(new(names[i], value));
        }
        return attributes.ToArray();
    }
}
