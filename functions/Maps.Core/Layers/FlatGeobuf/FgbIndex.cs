using System.Buffers.Binary;
using Maps.Core.Spatial;

namespace Maps.Core.Layers.FlatGeobuf;

/// <summary>
/// FlatGeobuf's static packed Hilbert R-tree (spec: "packedrtree"): features sorted by the Hilbert
/// value of their envelope's centre over the layer's extent, then packed bottom-up in runs of
/// <see cref="FgbHeader.IndexNodeSize"/>. Stored top-down, root first, 40 bytes a node: minX, minY,
/// maxX, maxY (doubles) and an offset: for a leaf the feature's byte offset in the data section,
/// for any other node the index of its first child. In memory the same tree is a
/// <see cref="PackedEnvelopeTree"/> (<see cref="PackedEnvelopeTree.Packed"/>), whose items are the
/// leaves in file order.
/// </summary>
public static class FgbIndex
{
    public const int NodeBytes = 40;

    /// <summary>The largest grid coordinate of the Hilbert curve (16 bits a side).</summary>
    private const uint HilbertMax = (1 << 16) - 1;

    /// <summary>Nodes of a tree over <paramref name="items"/> items, leaves included (0 for none).</summary>
    public static long NodeCount(long items, int nodeSize)
    {
        if (items == 0)
            return 0;
        long total = items, level = items;
        do
        {
            level = (level + nodeSize - 1) / nodeSize;
            total += level;
        }
        while (level > 1);
        return total;
    }

    /// <summary>
    /// The Hilbert value of a box's centre on a 2^16 × 2^16 grid over <paramref name="extent"/>
    /// (minX, minY, width, height), as the reference writers compute it.
    /// </summary>
    public static uint Hilbert(double minX, double minY, double maxX, double maxY, double extentMinX, double extentMinY, double width, double height)
    {
        uint x = width == 0 ? 0 : (uint)Math.Floor(HilbertMax * ((minX + maxX) / 2 - extentMinX) / width);
        uint y = height == 0 ? 0 : (uint)Math.Floor(HilbertMax * ((minY + maxY) / 2 - extentMinY) / height);
        return Hilbert(x, y);
    }

    /// <summary>
    /// The index along the Hilbert curve of grid cell (x, y), both below 2^16: the branch-free
    /// construction of "Fast Hilbert curve generation" (rawrunprotected/hilbert_curves, public
    /// domain), which FlatGeobuf's writers use, so Maps orders features as they do.
    /// </summary>
    public static uint Hilbert(uint x, uint y)
    {
        uint a = x ^ y;
        uint b = 0xFFFF ^ a;
        uint c = 0xFFFF ^ (x | y);
        uint d = x & (y ^ 0xFFFF);

        uint A = a | (b >> 1);
        uint B = (a >> 1) ^ a;
        uint C = ((c >> 1) ^ (b & (d >> 1))) ^ c;
        uint D = ((a & (c >> 1)) ^ (d >> 1)) ^ d;

        (a, b, c, d) = (A, B, C, D);
        A = (a & (a >> 2)) ^ (b & (b >> 2));
        B = (a & (b >> 2)) ^ (b & ((a ^ b) >> 2));
        C ^= (a & (c >> 2)) ^ (b & (d >> 2));
        D ^= (b & (c >> 2)) ^ ((a ^ b) & (d >> 2));

        (a, b, c, d) = (A, B, C, D);
        A = (a & (a >> 4)) ^ (b & (b >> 4));
        B = (a & (b >> 4)) ^ (b & ((a ^ b) >> 4));
        C ^= (a & (c >> 4)) ^ (b & (d >> 4));
        D ^= (b & (c >> 4)) ^ ((a ^ b) & (d >> 4));

        (a, b, c, d) = (A, B, C, D);
        C ^= (a & (c >> 8)) ^ (b & (d >> 8));
        D ^= (b & (c >> 8)) ^ ((a ^ b) & (d >> 8));

        a = C ^ (C >> 1);
        b = D ^ (D >> 1);

        uint i0 = x ^ y;
        uint i1 = b | (0xFFFF ^ (i0 | a));

        return (Spread(i1) << 1) | Spread(i0);
    }

    /// <summary>Moves the 16 low bits of v to the even bit positions.</summary>
    private static uint Spread(uint v)
    {
        v = (v | (v << 8)) & 0x00FF00FF;
        v = (v | (v << 4)) & 0x0F0F0F0F;
        v = (v | (v << 2)) & 0x33333333;
        v = (v | (v << 1)) & 0x55555555;
        return v;
    }

    /// <summary>Writes every node of <paramref name="tree"/> (a <see cref="PackedEnvelopeTree.Packed"/> tree over the leaves), root first.</summary>
    public static void Write(Stream output, PackedEnvelopeTree tree, IReadOnlyList<long> featureOffsets)
    {
        int internalNodes = tree.NodeCount;
        var node = new byte[NodeBytes];
        for (int i = 0; i < internalNodes; i++)
        {
            var (start, _, childStart, childEnd) = tree.NodeAt(i);
            long first = childStart == childEnd ? internalNodes + start : childStart;
            var envelope = tree.NodeEnvelope(i);
            Put(node, envelope.MinX, envelope.MinY, envelope.MaxX, envelope.MaxY, first);
            output.Write(node);
        }
        for (int k = 0; k < tree.ItemCount; k++)
        {
            tree.ItemBounds(k, out double minX, out double minY, out double maxX, out double maxY);
            Put(node, minX, minY, maxX, maxY, featureOffsets[k]);
            output.Write(node);
        }
    }

    private static void Put(Span<byte> node, double minX, double minY, double maxX, double maxY, long offset)
    {
        BinaryPrimitives.WriteDoubleLittleEndian(node, minX);
        BinaryPrimitives.WriteDoubleLittleEndian(node[8..], minY);
        BinaryPrimitives.WriteDoubleLittleEndian(node[16..], maxX);
        BinaryPrimitives.WriteDoubleLittleEndian(node[24..], maxY);
        BinaryPrimitives.WriteInt64LittleEndian(node[32..], offset);
    }

    /// <summary>
    /// Reads the leaves (the last <paramref name="count"/> nodes): each one's box and its feature's
    /// offset. When every box is a point, the max arrays are the min arrays (half the memory).
    /// </summary>
    public static (double[] MinX, double[] MinY, double[] MaxX, double[] MaxY, long[] Offsets) ReadLeaves(ReadOnlySpan<byte> leaves, int count)
    {
        if (leaves.Length != (long)count * NodeBytes)
            throw new InvalidDataException("The FlatGeobuf index is not the size its feature count needs.");
        var minX = new double[count];
        var minY = new double[count];
        double[]? maxX = null, maxY = null;
        var offsets = new long[count];
        for (int k = 0; k < count; k++)
        {
            var node = leaves.Slice(k * NodeBytes, NodeBytes);
            minX[k] = BinaryPrimitives.ReadDoubleLittleEndian(node);
            minY[k] = BinaryPrimitives.ReadDoubleLittleEndian(node[8..]);
            double x1 = BinaryPrimitives.ReadDoubleLittleEndian(node[16..]);
            double y1 = BinaryPrimitives.ReadDoubleLittleEndian(node[24..]);
            offsets[k] = BinaryPrimitives.ReadInt64LittleEndian(node[32..]);
            if (maxX is null && (x1 != minX[k] || y1 != minY[k]))
            {
                maxX = minX[..k].Concat(new double[count - k]).ToArray();
                maxY = minY[..k].Concat(new double[count - k]).ToArray();
            }
            if (maxX is not null)
            {
                maxX[k] = x1;
                maxY![k] = y1;
            }
            if (k > 0 && offsets[k] <= offsets[k - 1])
                throw new InvalidDataException("The FlatGeobuf index's feature offsets are not ascending.");
        }
        return (minX, minY, maxX ?? minX, maxY ?? minY, offsets);
    }
}
