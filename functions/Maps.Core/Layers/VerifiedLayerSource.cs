using System.Buffers;
using System.Buffers.Binary;
using System.IO.Hashing;

namespace Maps.Core.Layers;

/// <summary>
/// A layer file's bytes, each block checked against the file's block table the first time any of
/// it is read (<see cref="LayerFileFormat"/>): a damaged block is found by the read that would have
/// served it, whatever the file's size and wherever it is read from, and a read never waits for the
/// rest of the file to be hashed. The table itself was checked against the footer's root hash
/// when the file was opened. A block that does not match throws <see cref="InvalidDataException"/>.
/// Thread-safe: a block may be checked twice by two first readers, with the same result.
/// </summary>
internal sealed class VerifiedLayerSource : LayerSource
{
    private readonly LayerSource _inner;
    private readonly ulong[] _table;
    private readonly int _blockBytes;
    private readonly long _covered;
    private readonly int[] _verified;

    /// <param name="covered">The bytes the table covers, from the start: the blocks are [k × blockBytes, (k + 1) × blockBytes) within it.</param>
    public VerifiedLayerSource(LayerSource inner, ulong[] table, int blockBytes, long covered)
    {
        _inner = inner;
        _table = table;
        _blockBytes = blockBytes;
        _covered = covered;
        _verified = new int[(table.Length + 31) / 32];
    }

    public override long Length => _inner.Length;

    public override string Name => _inner.Name;

    public LayerSource Inner => _inner;

    public int BlockCount => _table.Length;

    public int VerifiedBlocks => _verified.Sum(w => System.Numerics.BitOperations.PopCount((uint)w));

    public override void Read(long offset, Span<byte> destination)
    {
        _inner.Read(offset, destination);
        long end = Math.Min(offset + destination.Length, _covered);
        if (offset >= end)
            return;
        for (int block = (int)(offset / _blockBytes), last = (int)((end - 1) / _blockBytes); block <= last; block++)
        {
            if (IsVerified(block))
                continue;
            long start = (long)block * _blockBytes;
            int length = BlockLength(block);
            // A block the read holds whole is hashed from what was read; a block it holds in part is read whole.
            if (start >= offset && start + length <= offset + destination.Length)
                Check(block, destination.Slice((int)(start - offset), length));
            else
                VerifyBlock(block);
        }
    }

    /// <summary>Checks every block not yet checked, in order (a whole file's check, run in the background).</summary>
    public void VerifyAll(CancellationToken cancellationToken)
    {
        for (int block = 0; block < _table.Length; block++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!IsVerified(block))
                VerifyBlock(block);
        }
    }

    private void VerifyBlock(int block)
    {
        int length = BlockLength(block);
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            _inner.Read((long)block * _blockBytes, buffer.AsSpan(0, length));
            Check(block, buffer.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void Check(int block, ReadOnlySpan<byte> bytes)
    {
        if (XxHash3.HashToUInt64(bytes) != _table[block])
            throw new InvalidDataException($"{Name}: block {block} (bytes {(long)block * _blockBytes:N0} to {(long)block * _blockBytes + bytes.Length:N0}) does not match the hash it was written with; the file is damaged.");
        Interlocked.Or(ref _verified[block >> 5], 1 << (block & 31));
    }

    private bool IsVerified(int block) => (Volatile.Read(ref _verified[block >> 5]) & (1 << (block & 31))) != 0;

    private int BlockLength(int block) => (int)Math.Min(_blockBytes, _covered - (long)block * _blockBytes);

    /// <summary>The block table as stored: each block's XXH3-64, little-endian.</summary>
    public static ulong[] ReadTable(ReadOnlySpan<byte> bytes)
    {
        var table = new ulong[bytes.Length / 8];
        for (int i = 0; i < table.Length; i++)
            table[i] = BinaryPrimitives.ReadUInt64LittleEndian(bytes[(8 * i)..]);
        return table;
    }

    public override void Dispose()
    {
        _inner.Dispose();
        base.Dispose();
    }
}
