using System.Buffers.Binary;
using System.Text;

namespace Maps.Tiles;

/// <summary>
/// A growable byte buffer with the few protobuf wire-format writes MVT needs: varints, zigzag,
/// fixed64 doubles, length-delimited strings, packed uint32s and embedded messages. Not thread-safe;
/// one per tile being written.
/// </summary>
internal sealed class ProtoBuffer
{
    private const int VarintWire = 0;
    private const int Fixed64Wire = 1;
    private const int LengthWire = 2;

    private byte[] _bytes;

    public ProtoBuffer(int capacity = 256) => _bytes = new byte[capacity];

    public int Length { get; private set; }

    public ReadOnlySpan<byte> Written => _bytes.AsSpan(0, Length);

    public void Clear() => Length = 0;

    public byte[] ToArray() => Written.ToArray();

    public void WriteVarintField(int field, ulong value)
    {
        WriteVarint((ulong)(field << 3 | VarintWire));
        WriteVarint(value);
    }

    public void WriteSignedField(int field, long value) => WriteVarintField(field, ZigZag(value));

    public void WriteDoubleField(int field, double value)
    {
        WriteVarint((ulong)(field << 3 | Fixed64Wire));
        Ensure(8);
        BinaryPrimitives.WriteInt64LittleEndian(_bytes.AsSpan(Length), BitConverter.DoubleToInt64Bits(value));
        Length += 8;
    }

    public void WriteStringField(int field, string value)
    {
        int byteCount = Encoding.UTF8.GetByteCount(value);
        WriteVarint((ulong)(field << 3 | LengthWire));
        WriteVarint((ulong)byteCount);
        Ensure(byteCount);
        Length += Encoding.UTF8.GetBytes(value, _bytes.AsSpan(Length));
    }

    public void WriteMessageField(int field, ReadOnlySpan<byte> message)
    {
        WriteVarint((ulong)(field << 3 | LengthWire));
        WriteVarint((ulong)message.Length);
        Ensure(message.Length);
        message.CopyTo(_bytes.AsSpan(Length));
        Length += message.Length;
    }

    public void WritePackedField(int field, List<uint> values)
    {
        int size = 0;
        foreach (uint value in values)
            size += VarintSize(value);
        WriteVarint((ulong)(field << 3 | LengthWire));
        WriteVarint((ulong)size);
        foreach (uint value in values)
            WriteVarint(value);
    }

    public void WriteVarint(ulong value)
    {
        Ensure(10);
        while (value >= 0x80)
        {
            _bytes[Length++] = (byte)(value | 0x80);
            value >>= 7;
        }
        _bytes[Length++] = (byte)value;
    }

    public static ulong ZigZag(long value) => (ulong)((value << 1) ^ (value >> 63));

    public static uint ZigZag(int value) => (uint)((value << 1) ^ (value >> 31));

    private static int VarintSize(uint value)
    {
        int size = 1;
        while (value >= 0x80)
        {
            value >>= 7;
            size++;
        }
        return size;
    }

    private void Ensure(int more)
    {
        if (Length + more > _bytes.Length)
            Array.Resize(ref _bytes, Math.Max(_bytes.Length * 2, Length + more));
    }
}
