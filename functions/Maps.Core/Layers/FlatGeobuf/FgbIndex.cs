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

    /// <summary>
    /// Writes the whole index, root first, from the leaves in <paramref name="leavesPath"/> (each
    /// <see cref="NodeBytes"/>: the feature's box and offset, in file order): the nodes above the
    /// leaves are computed here, each one the union of a run of <paramref name="nodeSize"/>
    /// children, and held in memory (about 1/15 of the leaves); the leaves are copied as they are.
    /// </summary>
    public static void Write(Stream output, string leavesPath, long count, int nodeSize)
    {
        if (count == 0)
            return;
        // Level 0 is the leaves; level k + 1 groups runs of nodeSize nodes of level k; the last level has one node.
        var levels = new List<double[]>(); // per level above the leaves: minX, minY, maxX, maxY of each node, interleaved
        long below = count;
        using (var leaves = new FileStream(leavesPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16))
        {
            var first = new double[4 * ((count + nodeSize - 1) / nodeSize)];
            Span<byte> leaf = stackalloc byte[NodeBytes];
            for (long k = 0; k < count; k++)
            {
                leaves.ReadExactly(leaf);
                Expand(first, k / nodeSize, k % nodeSize == 0,
                    BinaryPrimitives.ReadDoubleLittleEndian(leaf), BinaryPrimitives.ReadDoubleLittleEndian(leaf[8..]),
                    BinaryPrimitives.ReadDoubleLittleEndian(leaf[16..]), BinaryPrimitives.ReadDoubleLittleEndian(leaf[24..]));
            }
            levels.Add(first);
            below = first.Length / 4;
        }
        while (below > 1)
        {
            var children = levels[^1];
            var level = new double[4 * ((below + nodeSize - 1) / nodeSize)];
            for (long c = 0; c < below; c++)
                Expand(level, c / nodeSize, c % nodeSize == 0, children[4 * c], children[4 * c + 1], children[4 * c + 2], children[4 * c + 3]);
            levels.Add(level);
            below = level.Length / 4;
        }
        // Storage is top-down: the root's level first; a node's offset is the index of its first child.
        long internalNodes = levels.Sum(l => (long)l.Length / 4);
        var levelStart = new long[levels.Count + 1]; // levelStart[k + 1] for levels[k]; levelStart[0] for the leaves
        levelStart[0] = internalNodes;
        for (int k = levels.Count - 1, at = 0; k >= 0; at += levels[k].Length / 4, k--)
            levelStart[k + 1] = at;
        var node = new byte[NodeBytes];
        for (int k = levels.Count - 1; k >= 0; k--)
        {
            var level = levels[k];
            for (long j = 0; j < level.Length / 4; j++)
            {
                Put(node, level[4 * j], level[4 * j + 1], level[4 * j + 2], level[4 * j + 3], levelStart[k] + j * nodeSize);
                output.Write(node);
            }
        }
        using (var leaves = new FileStream(leavesPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16))
            leaves.CopyTo(output);
    }

    /// <summary>Grows node <paramref name="node"/> of an interleaved box array by a box (starting it afresh when <paramref name="first"/>); empty boxes (min &gt; max) add nothing.</summary>
    private static void Expand(double[] boxes, long node, bool first, double minX, double minY, double maxX, double maxY)
    {
        long at = 4 * node;
        if (first)
            (boxes[at], boxes[at + 1], boxes[at + 2], boxes[at + 3]) = (double.PositiveInfinity, double.PositiveInfinity, double.NegativeInfinity, double.NegativeInfinity);
        if (!(minX <= maxX) || !(minY <= maxY))
            return;
        boxes[at] = Math.Min(boxes[at], minX);
        boxes[at + 1] = Math.Min(boxes[at + 1], minY);
        boxes[at + 2] = Math.Max(boxes[at + 2], maxX);
        boxes[at + 3] = Math.Max(boxes[at + 3], maxY);
    }

    /// <summary>One node's bytes.</summary>
    public static void Put(Span<byte> node, double minX, double minY, double maxX, double maxY, long offset)
    {
        BinaryPrimitives.WriteDoubleLittleEndian(node, minX);
        BinaryPrimitives.WriteDoubleLittleEndian(node[8..], minY);
        BinaryPrimitives.WriteDoubleLittleEndian(node[16..], maxX);
        BinaryPrimitives.WriteDoubleLittleEndian(node[24..], maxY);
        BinaryPrimitives.WriteInt64LittleEndian(node[32..], offset);
    }

    /// <summary>
    /// Reads the leaves (the last <paramref name="count"/> nodes, starting at <paramref name="at"/> in
    /// <paramref name="source"/>): each one's box and its feature's offset. Read in chunks of 8 MB
    /// straight into the arrays kept, so a layer of millions of features needs no buffer of its whole
    /// index. When every box is a point, the max arrays are the min arrays (half the memory).
    /// </summary>
    public static (double[] MinX, double[] MinY, double[] MaxX, double[] MaxY, long[] Offsets) ReadLeaves(LayerSource source, long at, int count)
    {
        if (!BitConverter.IsLittleEndian)
            throw new PlatformNotSupportedException("Layer files are read on little-endian machines only.");
        var minX = new double[count];
        var minY = new double[count];
        var offsets = new long[count];
        double[]? maxX = null, maxY = null;
        // 8 MB a read: few requests when the file is a blob read by range.
        var chunk = new byte[(8 << 20) / NodeBytes * NodeBytes];
        long previous = -1;
        for (int first = 0; first < count;)
        {
            int nodes = Math.Min(count - first, chunk.Length / NodeBytes);
            var span = chunk.AsSpan(0, nodes * NodeBytes);
            source.Read(at + (long)first * NodeBytes, span);
            previous = CopyLeaves(System.Runtime.InteropServices.MemoryMarshal.Cast<byte, Node>(span), first, minX, minY, offsets, ref maxX, ref maxY, previous);
            first += nodes;
        }
        return (minX, minY, maxX ?? minX, maxY ?? minY, offsets);
    }

    /// <summary>
    /// Copies a chunk of leaves from <paramref name="first"/> on; the max arrays are made (and filled
    /// for the leaves before) at the first leaf that is not a point. Returns the last offset.
    /// Compiled fully optimised at once: it runs over every feature at a layer's first query.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static long CopyLeaves(ReadOnlySpan<Node> nodes, int first, double[] minX, double[] minY, long[] offsets,
        ref double[]? maxX, ref double[]? maxY, long previous)
    {
        for (int k = 0; k < nodes.Length; k++)
        {
            ref readonly var node = ref nodes[k];
            int i = first + k;
            minX[i] = node.MinX;
            minY[i] = node.MinY;
            offsets[i] = node.Offset;
            if (node.Offset <= previous)
                throw new InvalidDataException("The FlatGeobuf index's feature offsets are not ascending.");
            previous = node.Offset;
            if (maxX is null && (node.MaxX != node.MinX || node.MaxY != node.MinY))
            {
                maxX = new double[minX.Length];
                maxY = new double[minX.Length];
                Array.Copy(minX, maxX, i);
                Array.Copy(minY, maxY, i);
            }
            if (maxX is not null)
            {
                maxX[i] = node.MaxX;
                maxY![i] = node.MaxY;
            }
        }
        return previous;
    }

    /// <summary>One node as stored (little-endian).</summary>
    [System.Runtime.InteropServices.StructLayout(System.Runtime.InteropServices.LayoutKind.Sequential, Pack = 1)]
    private readonly struct Node
    {
        public readonly double MinX, MinY, MaxX, MaxY;
        public readonly long Offset;
    }
}
