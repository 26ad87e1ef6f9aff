using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Maps.Core.Layers.FlatGeobuf;

/// <summary>
/// A feature's <c>properties</c> buffer (FlatGeobuf spec): a run of (column index: ushort, value)
/// pairs, little-endian, each value encoded by its column's type: Bool 1 byte, Long and Double 8,
/// String and Json a uint32 byte length and the UTF-8 bytes. A column without a pair is null, so
/// nulls take no bytes. Maps writes the pairs in column order.
/// </summary>
public static class FgbProperties
{
    /// <summary>Appends one pair; a null value appends nothing. The value must suit the column's type (<see cref="LayerSchema"/> decides both).</summary>
    public static void Write(IBufferWriter<byte> output, int column, FgbColumnType type, in PropertyValue value)
    {
        if (value.IsNull)
            return;
        var head = output.GetSpan(2);
        BinaryPrimitives.WriteUInt16LittleEndian(head, (ushort)column);
        output.Advance(2);
        switch (type)
        {
            case FgbColumnType.Bool:
                output.GetSpan(1)[0] = value.Boolean ? (byte)1 : (byte)0;
                output.Advance(1);
                break;
            case FgbColumnType.Long:
                BinaryPrimitives.WriteInt64LittleEndian(output.GetSpan(8), value.Integer);
                output.Advance(8);
                break;
            case FgbColumnType.Double:
                BinaryPrimitives.WriteDoubleLittleEndian(output.GetSpan(8), value.Number);
                output.Advance(8);
                break;
            case FgbColumnType.String or FgbColumnType.Json:
                string text = type == FgbColumnType.Json ? LayerSchema.JsonTextOf(value) : value.Text;
                int length = Encoding.UTF8.GetByteCount(text);
                var span = output.GetSpan(4 + length);
                BinaryPrimitives.WriteUInt32LittleEndian(span, (uint)length);
                Encoding.UTF8.GetBytes(text, span[4..]);
                output.Advance(4 + length);
                break;
            default:
                throw new ArgumentException($"Maps does not write FlatGeobuf columns of type {type}.");
        }
    }

    /// <summary>Position of the next pair after the value of <paramref name="type"/> at <paramref name="at"/>; damaged data throws.</summary>
    private static int Skip(ReadOnlySpan<byte> buffer, int at, FgbColumnType type)
    {
        int size = type switch
        {
            FgbColumnType.Byte or FgbColumnType.UByte or FgbColumnType.Bool => 1,
            FgbColumnType.Short or FgbColumnType.UShort => 2,
            FgbColumnType.Int or FgbColumnType.UInt or FgbColumnType.Float => 4,
            FgbColumnType.Long or FgbColumnType.ULong or FgbColumnType.Double => 8,
            _ => at > buffer.Length - 4 ? throw Damaged() : 4 + (int)Math.Min(int.MaxValue - 4, BinaryPrimitives.ReadUInt32LittleEndian(buffer[at..])),
        };
        if (size > buffer.Length - at)
            throw Damaged();
        return at + size;
    }

    /// <summary>Where column <paramref name="column"/>'s value starts, or -1 when the feature has none (null).</summary>
    public static int Find(ReadOnlySpan<byte> buffer, IReadOnlyList<FgbColumn> columns, int column)
    {
        int at = 0;
        while (at < buffer.Length)
        {
            if (at > buffer.Length - 2)
                throw Damaged();
            int index = BinaryPrimitives.ReadUInt16LittleEndian(buffer[at..]);
            if (index >= columns.Count)
                throw Damaged();
            at += 2;
            if (index == column)
                return at;
            at = Skip(buffer, at, columns[index].Type);
        }
        return -1;
    }

    /// <summary>The value at <paramref name="at"/> (from <see cref="Find"/>) of a column of <paramref name="type"/>.</summary>
    public static PropertyValue Read(ReadOnlySpan<byte> buffer, int at, FgbColumnType type)
    {
        int end = Skip(buffer, at, type);
        var value = buffer[at..end];
        return type switch
        {
            FgbColumnType.Bool => PropertyValue.Of(value[0] != 0),
            FgbColumnType.Byte => PropertyValue.Of((long)(sbyte)value[0]),
            FgbColumnType.UByte => PropertyValue.Of((long)value[0]),
            FgbColumnType.Short => PropertyValue.Of((long)BinaryPrimitives.ReadInt16LittleEndian(value)),
            FgbColumnType.UShort => PropertyValue.Of((long)BinaryPrimitives.ReadUInt16LittleEndian(value)),
            FgbColumnType.Int => PropertyValue.Of((long)BinaryPrimitives.ReadInt32LittleEndian(value)),
            FgbColumnType.UInt => PropertyValue.Of((long)BinaryPrimitives.ReadUInt32LittleEndian(value)),
            FgbColumnType.Long => PropertyValue.Of(BinaryPrimitives.ReadInt64LittleEndian(value)),
            FgbColumnType.ULong => PropertyValue.Of((double)BinaryPrimitives.ReadUInt64LittleEndian(value)),
            FgbColumnType.Float => PropertyValue.Of((double)BinaryPrimitives.ReadSingleLittleEndian(value)),
            FgbColumnType.Double => PropertyValue.Of(BinaryPrimitives.ReadDoubleLittleEndian(value)),
            FgbColumnType.Json => LayerSchema.FromJsonText(Encoding.UTF8.GetString(value[4..])),
            FgbColumnType.String or FgbColumnType.DateTime => PropertyValue.Of(Encoding.UTF8.GetString(value[4..])),
            _ => PropertyValue.Null, // Binary: no JSON value
        };
    }

    /// <summary>Every column's value, null where the feature has none.</summary>
    public static PropertyValue[] ReadAll(ReadOnlySpan<byte> buffer, IReadOnlyList<FgbColumn> columns)
    {
        var values = new PropertyValue[columns.Count];
        int at = 0;
        while (at < buffer.Length)
        {
            if (at > buffer.Length - 2)
                throw Damaged();
            int index = BinaryPrimitives.ReadUInt16LittleEndian(buffer[at..]);
            if (index >= columns.Count)
                throw Damaged();
            values[index] = Read(buffer, at + 2, columns[index].Type);
            at = Skip(buffer, at + 2, columns[index].Type);
        }
        return values;
    }

    private static InvalidDataException Damaged() => new("Damaged FlatGeobuf properties.");
}
