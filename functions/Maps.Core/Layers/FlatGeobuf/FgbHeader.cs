using System.Buffers.Binary;
using Google.FlatBuffers;

namespace Maps.Core.Layers.FlatGeobuf;

/// <summary>FlatGeobuf's geometry types (the WKB 2D codes), as <c>header.fbs</c> numbers them.</summary>
public enum FgbGeometryType : byte
{
    Unknown = 0,
    Point = 1,
    LineString = 2,
    Polygon = 3,
    MultiPoint = 4,
    MultiLineString = 5,
    MultiPolygon = 6,
    GeometryCollection = 7,
}

/// <summary>FlatGeobuf's column types (<c>header.fbs</c>); Maps writes Bool, Long, Double, String and Json.</summary>
public enum FgbColumnType : byte
{
    Byte, UByte, Bool, Short, UShort, Int, UInt, Long, ULong, Float, Double, String, Json, DateTime, Binary,
}

/// <summary>One attribute column: its name, type and description.</summary>
public sealed record FgbColumn(string Name, FgbColumnType Type, string? Description = null);

/// <summary>
/// The header of a FlatGeobuf file (flatgeobuf.org, <c>header.fbs</c>, format 3): what Maps writes
/// and reads of it. Written with Google.FlatBuffers' builder, read with <see cref="FlatBufferTable"/>.
/// Z, M and time dimensions are never written; a file that has them is not one of Maps'.
/// </summary>
public sealed record FgbHeader
{
    /// <summary>"fgb", 3, "fgb", 1: the magic bytes of format 3, patch level 1.</summary>
    public static ReadOnlySpan<byte> Magic => [0x66, 0x67, 0x62, 0x03, 0x66, 0x67, 0x62, 0x01];

    public const ushort IndexNodeSize = 16;

    public required string Name { get; init; }

    /// <summary>minX, minY, maxX, maxY; null for a file without features.</summary>
    public double[]? Envelope { get; init; }

    public FgbGeometryType GeometryType { get; init; }

    public required IReadOnlyList<FgbColumn> Columns { get; init; }

    public ulong FeaturesCount { get; init; }

    /// <summary>0 when the file has no spatial index.</summary>
    public ushort NodeSize { get; init; } = IndexNodeSize;

    public int CrsCode { get; init; } = 4326;

    public string? Title { get; init; }

    public string? Description { get; init; }

    /// <summary>Application metadata: Maps puts the collection's metadata record here, as JSON.</summary>
    public string? Metadata { get; init; }

    /// <summary>The size-prefixed header flatbuffer (what follows the magic bytes).</summary>
    public byte[] ToBytes()
    {
        var builder = new FlatBufferBuilder(1024);
        var columns = new Offset<FgbColumnTable>[Columns.Count];
        for (int i = Columns.Count - 1; i >= 0; i--)
        {
            var column = Columns[i];
            var columnName = builder.CreateString(column.Name);
            var columnDescription = column.Description is null ? default : builder.CreateString(column.Description);
            builder.StartTable(11);
            builder.AddOffset(0, columnName.Value, 0);
            builder.AddByte(1, (byte)column.Type, 0);
            if (column.Description is not null)
                builder.AddOffset(3, columnDescription.Value, 0);
            columns[i] = new Offset<FgbColumnTable>(builder.EndTable());
        }
        var columnVector = builder.CreateVectorOfTables(columns);
        var org = builder.CreateString("EPSG");
        builder.StartTable(6);
        builder.AddOffset(0, org.Value, 0);
        builder.AddInt(1, CrsCode, 0);
        int crs = builder.EndTable();
        var name = builder.CreateString(Name);
        var title = Title is null ? default : builder.CreateString(Title);
        var description = Description is null ? default : builder.CreateString(Description);
        var metadata = Metadata is null ? default : builder.CreateString(Metadata);
        VectorOffset envelope = default;
        if (Envelope is not null)
        {
            builder.StartVector(8, 4, 8);
            for (int i = 3; i >= 0; i--)
                builder.AddDouble(Envelope[i]);
            envelope = builder.EndVector();
        }
        builder.StartTable(14);
        builder.AddOffset(0, name.Value, 0);
        if (Envelope is not null)
            builder.AddOffset(1, envelope.Value, 0);
        builder.AddByte(2, (byte)GeometryType, 0);
        builder.AddOffset(7, columnVector.Value, 0);
        builder.AddUlong(8, FeaturesCount, 0);
        builder.AddUshort(9, NodeSize, IndexNodeSize);
        builder.AddOffset(10, crs, 0);
        if (Title is not null)
            builder.AddOffset(11, title.Value, 0);
        if (Description is not null)
            builder.AddOffset(12, description.Value, 0);
        if (Metadata is not null)
            builder.AddOffset(13, metadata.Value, 0);
        builder.FinishSizePrefixed(builder.EndTable());
        return builder.DataBuffer.ToArraySegment(builder.DataBuffer.Position, builder.DataBuffer.Length - builder.DataBuffer.Position).ToArray();
    }

    /// <summary>Reads the header flatbuffer (without its size prefix).</summary>
    public static FgbHeader Read(ReadOnlySpan<byte> buffer)
    {
        var table = FlatBufferTable.Root(buffer);
        if (table.Bool(3) || table.Bool(4) || table.Bool(5) || table.Bool(6))
            throw new InvalidDataException("The FlatGeobuf file has Z, M or time coordinates, which a Maps layer never has.");
        var columns = new FgbColumn[table.TableCount(7)];
        for (int i = 0; i < columns.Length; i++)
        {
            var column = table.TableAt(7, i);
            columns[i] = new FgbColumn(column.String(0) ?? throw new InvalidDataException("A FlatGeobuf column has no name."),
                (FgbColumnType)column.Byte(1), column.String(3));
        }
        var envelopeBytes = table.Vector(1, 8, out int envelopeCount);
        double[]? envelope = null;
        if (envelopeCount >= 4)
        {
            envelope = new double[4];
            for (int i = 0; i < 4; i++)
                envelope[i] = BinaryPrimitives.ReadDoubleLittleEndian(envelopeBytes[(8 * i)..]);
        }
        int crsCode = 0;
        if (table.TryTable(10, out var crs))
            crsCode = crs.Int(1);
        return new FgbHeader
        {
            Name = table.String(0) ?? "",
            Envelope = envelope,
            GeometryType = (FgbGeometryType)table.Byte(2),
            Columns = columns,
            FeaturesCount = table.ULong(8),
            NodeSize = table.UShort(9, IndexNodeSize),
            CrsCode = crsCode,
            Title = table.String(11),
            Description = table.String(12),
            Metadata = table.String(13),
        };
    }

    /// <summary>Marker type for the builder's typed offsets.</summary>
    private readonly struct FgbColumnTable;
}
