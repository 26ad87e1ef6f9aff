using System.Buffers.Binary;
using System.Text;

namespace Maps.Core.Layers.FlatGeobuf;

/// <summary>
/// Reads one table of a FlatBuffers buffer (flatbuffers.dev, "Internals") straight from its bytes:
/// the table's position, its vtable, and fields by their index in the schema. Only what the
/// FlatGeobuf schemas use: scalars, strings, vectors of scalars and vectors of tables. Every offset
/// is checked against the buffer, so damaged bytes raise <see cref="InvalidDataException"/>, never
/// read outside it. The writing side is Google.FlatBuffers' builder; these accessors are written by
/// hand because the Debian flatc (2.0.8) generates code for an older runtime than the one on NuGet
/// (25.2.10), and the few fields FlatGeobuf has do not justify generated code.
/// </summary>
internal readonly ref struct FlatBufferTable
{
    private readonly ReadOnlySpan<byte> _buffer;
    private readonly int _table;
    private readonly int _vtable;
    private readonly int _vtableSize;

    private FlatBufferTable(ReadOnlySpan<byte> buffer, int table)
    {
        _buffer = buffer;
        _table = table;
        if (table < 0 || table > buffer.Length - 4)
            throw Damaged("a table outside the buffer");
        _vtable = table - BinaryPrimitives.ReadInt32LittleEndian(buffer[table..]);
        if (_vtable < 0 || _vtable > buffer.Length - 4)
            throw Damaged("a vtable outside the buffer");
        _vtableSize = BinaryPrimitives.ReadUInt16LittleEndian(buffer[_vtable..]);
        if (_vtableSize < 4 || (_vtableSize & 1) != 0 || _vtable + _vtableSize > buffer.Length)
            throw Damaged("a vtable of a wrong size");
    }

    /// <summary>The root table of a buffer that starts with its root offset.</summary>
    public static FlatBufferTable Root(ReadOnlySpan<byte> buffer)
    {
        if (buffer.Length < 8)
            throw Damaged("a buffer too short for a table");
        return new FlatBufferTable(buffer, (int)BinaryPrimitives.ReadUInt32LittleEndian(buffer));
    }

    public ReadOnlySpan<byte> Buffer => _buffer;

    /// <summary>Position of field <paramref name="index"/> in the buffer, or 0 when the table does not have it.</summary>
    private int Field(int index)
    {
        int slot = 4 + 2 * index;
        if (slot >= _vtableSize)
            return 0;
        int offset = BinaryPrimitives.ReadUInt16LittleEndian(_buffer[(_vtable + slot)..]);
        return offset == 0 ? 0 : _table + offset;
    }

    private int Scalar(int index, int size)
    {
        int position = Field(index);
        if (position != 0 && position > _buffer.Length - size)
            throw Damaged("a field outside the buffer");
        return position;
    }

    public byte Byte(int index, byte fallback = 0) => Scalar(index, 1) is int p and > 0 ? _buffer[p] : fallback;

    public bool Bool(int index, bool fallback = false) => Scalar(index, 1) is int p and > 0 ? _buffer[p] != 0 : fallback;

    public ushort UShort(int index, ushort fallback = 0) => Scalar(index, 2) is int p and > 0 ? BinaryPrimitives.ReadUInt16LittleEndian(_buffer[p..]) : fallback;

    public int Int(int index, int fallback = 0) => Scalar(index, 4) is int p and > 0 ? BinaryPrimitives.ReadInt32LittleEndian(_buffer[p..]) : fallback;

    public ulong ULong(int index, ulong fallback = 0) => Scalar(index, 8) is int p and > 0 ? BinaryPrimitives.ReadUInt64LittleEndian(_buffer[p..]) : fallback;

    /// <summary>Where an offset field points (a string, vector or table), or -1 when absent.</summary>
    private int Target(int index)
    {
        int position = Scalar(index, 4);
        if (position == 0)
            return -1;
        long target = position + (long)BinaryPrimitives.ReadUInt32LittleEndian(_buffer[position..]);
        if (target > _buffer.Length - 4)
            throw Damaged("an offset outside the buffer");
        return (int)target;
    }

    /// <summary>A vector's elements (<paramref name="elementSize"/> bytes each), empty when absent.</summary>
    public ReadOnlySpan<byte> Vector(int index, int elementSize, out int count)
    {
        int start = VectorStart(index, elementSize, out count);
        return start < 0 ? default : _buffer.Slice(start, count * elementSize);
    }

    /// <summary>Position of a vector's first element, or -1 when absent.</summary>
    private int VectorStart(int index, int elementSize, out int count)
    {
        count = 0;
        int target = Target(index);
        if (target < 0)
            return -1;
        long length = BinaryPrimitives.ReadUInt32LittleEndian(_buffer[target..]);
        if (length * elementSize > _buffer.Length - target - 4)
            throw Damaged("a vector longer than the buffer");
        count = (int)length;
        return target + 4;
    }

    public bool Has(int index) => Field(index) != 0;

    public string? String(int index)
    {
        var bytes = Vector(index, 1, out _);
        return Has(index) ? Encoding.UTF8.GetString(bytes) : null;
    }

    /// <summary>The table an offset field points to; false when absent.</summary>
    public bool TryTable(int index, out FlatBufferTable table)
    {
        int target = Target(index);
        table = target < 0 ? default : new FlatBufferTable(_buffer, target);
        return target >= 0;
    }

    /// <summary>Element <paramref name="i"/> of a vector of tables.</summary>
    public FlatBufferTable TableAt(int index, int i)
    {
        int start = VectorStart(index, 4, out int count);
        if ((uint)i >= (uint)count)
            throw Damaged("a table beyond its vector");
        int element = start + 4 * i;
        long target = element + (long)BinaryPrimitives.ReadUInt32LittleEndian(_buffer[element..]);
        if (target > _buffer.Length - 4)
            throw Damaged("an offset outside the buffer");
        return new FlatBufferTable(_buffer, (int)target);
    }

    /// <summary>Elements in a vector of tables (0 when absent).</summary>
    public int TableCount(int index)
    {
        VectorStart(index, 4, out int count);
        return count;
    }

    private static InvalidDataException Damaged(string what) => new($"Damaged FlatBuffers data: {what}.");
}
