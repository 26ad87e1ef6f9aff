using System.Runtime.CompilerServices;
using System.Text.Json;
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
/// The tiling form of a <see cref="Layer"/>, built once per layer in O(vertices) and cached beside
/// it (weakly, so it goes when the layer version goes). Immutable; safe for concurrent readers.
/// Features keep the positions they have in <see cref="Layer.Features"/>, so the layer's STR-tree
/// answers candidate queries.
/// </summary>
internal sealed class ProjectedLayer
{
    private static readonly ConditionalWeakTable<Layer, ProjectedLayer> Cache = new();

    private ProjectedLayer(Layer layer)
    {
        Layer = layer;
        var features = new ProjectedFeature[layer.Features.Count];
        for (int i = 0; i < features.Length; i++)
            features[i] = Project(layer.Features[i]);
        Features = features;
    }

    public Layer Layer { get; }

    public IReadOnlyList<ProjectedFeature> Features { get; }

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

    private static KeyValuePair<string, TileValue>[] Attributes(LayerFeature feature)
    {
        var attributes = new List<KeyValuePair<string, TileValue>> { new("id", TileValue.Of(feature.Id)) };
        if (feature.Properties.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in feature.Properties.EnumerateObject())
            {
                // The feature id wins over a property of the same name.
                if (property.Name.Length == 0 || property.NameEquals("id"))
                    continue;
                if (TileValue.FromJson(property.Value) is TileValue value)
                    attributes.Add(new(property.Name, value));
            }
        }
        return attributes.ToArray();
    }
}
