using System.Buffers.Binary;
using Google.FlatBuffers;
using NetTopologySuite.Geometries;

namespace Maps.Core.Layers.FlatGeobuf;

/// <summary>
/// NTS geometries to and from FlatGeobuf's <c>Geometry</c> table (<c>feature.fbs</c>): flat
/// <c>xy</c> pairs, <c>ends</c> (the end point index of each part, omitted for one part as the spec
/// recommends) for a MultiLineString's lines and a Polygon's rings, and <c>parts</c> for a
/// MultiPolygon's polygons and a GeometryCollection's members. The type is written on every
/// geometry, as the reference writers do; readers need it only in collections and when the header's
/// type is Unknown. Lon/lat only (x, y). An empty geometry is written as no geometry at all.
/// </summary>
public static class FgbGeometry
{
    // Field indexes of table Geometry.
    private const int Ends = 0, Xy = 1, Type = 6, Parts = 7;

    public static FgbGeometryType TypeOf(Geometry geometry) => geometry switch
    {
        Point => FgbGeometryType.Point,
        LineString => FgbGeometryType.LineString,
        Polygon => FgbGeometryType.Polygon,
        MultiPoint => FgbGeometryType.MultiPoint,
        MultiLineString => FgbGeometryType.MultiLineString,
        MultiPolygon => FgbGeometryType.MultiPolygon,
        GeometryCollection => FgbGeometryType.GeometryCollection,
        _ => throw new ArgumentException($"No FlatGeobuf type for {geometry.GeometryType}."),
    };

    /// <summary>The FlatGeobuf type of a declared GeoJSON geometry type (<c>Geometry</c> or anything else: Unknown, per feature).</summary>
    public static FgbGeometryType TypeOf(string geoJsonType) => geoJsonType switch
    {
        "Point" => FgbGeometryType.Point,
        "LineString" => FgbGeometryType.LineString,
        "Polygon" => FgbGeometryType.Polygon,
        "MultiPoint" => FgbGeometryType.MultiPoint,
        "MultiLineString" => FgbGeometryType.MultiLineString,
        "MultiPolygon" => FgbGeometryType.MultiPolygon,
        "GeometryCollection" => FgbGeometryType.GeometryCollection,
        _ => FgbGeometryType.Unknown,
    };

    /// <summary>Builds the Geometry table of a non-empty geometry; returns its offset.</summary>
    public static int Write(FlatBufferBuilder builder, Geometry geometry)
    {
        var type = TypeOf(geometry);
        if (geometry is MultiPolygon or GeometryCollection and not (MultiPoint or MultiLineString))
        {
            var parts = new Offset<GeometryTable>[geometry.NumGeometries];
            for (int i = 0; i < parts.Length; i++)
                parts[i] = new Offset<GeometryTable>(Write(builder, geometry.GetGeometryN(i)));
            var vector = builder.CreateVectorOfTables(parts);
            builder.StartTable(8);
            builder.AddOffset(Parts, vector.Value, 0);
            builder.AddByte(Type, (byte)type, 0);
            return builder.EndTable();
        }

        var sequences = Sequences(geometry);
        int points = 0;
        foreach (var sequence in sequences)
            points += sequence.Count;
        builder.StartVector(8, points * 2, 8);
        for (int s = sequences.Count - 1; s >= 0; s--)
        {
            var sequence = sequences[s];
            for (int i = sequence.Count - 1; i >= 0; i--)
            {
                builder.AddDouble(sequence.GetY(i));
                builder.AddDouble(sequence.GetX(i));
            }
        }
        var xy = builder.EndVector();
        VectorOffset ends = default;
        bool hasEnds = geometry is MultiLineString or Polygon && sequences.Count > 1;
        if (hasEnds)
        {
            builder.StartVector(4, sequences.Count, 4);
            int end = points;
            for (int s = sequences.Count - 1; s >= 0; s--)
            {
                builder.AddUint((uint)end);
                end -= sequences[s].Count;
            }
            ends = builder.EndVector();
        }
        builder.StartTable(8);
        if (hasEnds)
            builder.AddOffset(Ends, ends.Value, 0);
        builder.AddOffset(Xy, xy.Value, 0);
        builder.AddByte(Type, (byte)type, 0);
        return builder.EndTable();
    }

    /// <summary>The coordinate sequences in <c>xy</c> order: points, a line, lines, or rings (shell first).</summary>
    private static List<CoordinateSequence> Sequences(Geometry geometry)
    {
        var sequences = new List<CoordinateSequence>();
        switch (geometry)
        {
            case Point point:
                sequences.Add(point.CoordinateSequence);
                break;
            case LineString line:
                sequences.Add(line.CoordinateSequence);
                break;
            case Polygon polygon:
                sequences.Add(polygon.ExteriorRing.CoordinateSequence);
                foreach (var hole in polygon.InteriorRings)
                    sequences.Add(hole.CoordinateSequence);
                break;
            default: // MultiPoint, MultiLineString
                for (int i = 0; i < geometry.NumGeometries; i++)
                    sequences.AddRange(Sequences(geometry.GetGeometryN(i)));
                break;
        }
        return sequences;
    }

    /// <summary>
    /// Reads a Geometry table; <paramref name="type"/> is the header's type, or Unknown to take the
    /// table's own. Damaged data raises <see cref="InvalidDataException"/>.
    /// </summary>
    internal static Geometry Read(FlatBufferTable table, FgbGeometryType type, GeometryFactory factory)
    {
        if (type == FgbGeometryType.Unknown)
            type = (FgbGeometryType)table.Byte(Type);
        if (type is FgbGeometryType.MultiPolygon or FgbGeometryType.GeometryCollection)
        {
            int count = table.TableCount(Parts);
            var parts = new Geometry[count];
            for (int i = 0; i < count; i++)
                parts[i] = Read(table.TableAt(Parts, i), type == FgbGeometryType.MultiPolygon ? FgbGeometryType.Polygon : FgbGeometryType.Unknown, factory);
            return type == FgbGeometryType.MultiPolygon
                ? factory.CreateMultiPolygon(parts.Select(p => p as Polygon ?? throw new InvalidDataException("A MultiPolygon part is not a polygon.")).ToArray())
                : factory.CreateGeometryCollection(parts);
        }
        var xy = table.Vector(Xy, 8, out int doubles);
        int points = doubles / 2;
        var ends = table.Vector(Ends, 4, out int endCount);
        try
        {
            return type switch
            {
                FgbGeometryType.Point => points == 0 ? factory.CreatePoint() : factory.CreatePoint(Run(xy, points, 0, 1)[0]),
                FgbGeometryType.MultiPoint => factory.CreateMultiPointFromCoords(Run(xy, points, 0, points)),
                FgbGeometryType.LineString => factory.CreateLineString(Run(xy, points, 0, points)),
                FgbGeometryType.MultiLineString => factory.CreateMultiLineString(Runs(xy, points, ends, endCount).Select(r => factory.CreateLineString(r)).ToArray()),
                FgbGeometryType.Polygon => ToPolygon(Runs(xy, points, ends, endCount), factory),
                _ => throw new InvalidDataException($"FlatGeobuf geometry type {(int)type} is not one Maps reads."),
            };
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"A FlatGeobuf geometry is not valid: {e.Message}", e);
        }
    }

    private static Coordinate[] Run(ReadOnlySpan<byte> xy, int points, int from, int to)
    {
        if (from < 0 || to > points || from > to)
            throw new InvalidDataException("A FlatGeobuf part ends outside its coordinates.");
        var coordinates = new Coordinate[to - from];
        for (int i = from; i < to; i++)
            coordinates[i - from] = new Coordinate(BinaryPrimitives.ReadDoubleLittleEndian(xy[(16 * i)..]), BinaryPrimitives.ReadDoubleLittleEndian(xy[(16 * i + 8)..]));
        return coordinates;
    }

    private static List<Coordinate[]> Runs(ReadOnlySpan<byte> xy, int points, ReadOnlySpan<byte> ends, int endCount)
    {
        var runs = new List<Coordinate[]>(Math.Max(1, endCount));
        int start = 0;
        for (int i = 0; i < endCount; i++)
        {
            int end = (int)BinaryPrimitives.ReadUInt32LittleEndian(ends[(4 * i)..]);
            runs.Add(Run(xy, points, start, end));
            start = end;
        }
        if (endCount == 0)
            runs.Add(Run(xy, points, 0, points));
        return runs;
    }

    private static Polygon ToPolygon(List<Coordinate[]> rings, GeometryFactory factory)
    {
        if (rings.Count == 0 || rings[0].Length == 0)
            return factory.CreatePolygon();
        return factory.CreatePolygon(factory.CreateLinearRing(rings[0]), rings.Skip(1).Select(r => factory.CreateLinearRing(r)).ToArray());
    }

    /// <summary>An empty geometry of a header type, for a feature stored without one.</summary>
    public static Geometry Empty(FgbGeometryType type, GeometryFactory factory) => type switch
    {
        FgbGeometryType.LineString => factory.CreateLineString(),
        FgbGeometryType.Polygon => factory.CreatePolygon(),
        FgbGeometryType.MultiPoint => factory.CreateMultiPoint(),
        FgbGeometryType.MultiLineString => factory.CreateMultiLineString(),
        FgbGeometryType.MultiPolygon => factory.CreateMultiPolygon(),
        FgbGeometryType.GeometryCollection or FgbGeometryType.Unknown => factory.CreateGeometryCollection(),
        _ => factory.CreatePoint(),
    };

    /// <summary>Marker type for the builder's typed offsets.</summary>
    private readonly struct GeometryTable;
}
