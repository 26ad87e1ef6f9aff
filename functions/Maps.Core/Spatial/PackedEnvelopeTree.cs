using System.Runtime.CompilerServices;
using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Prepared;

namespace Maps.Core.Spatial;

/// <summary>How an envelope (a tree node's or an item's) lies against a query region.</summary>
public enum Coverage : byte
{
    /// <summary>Nothing inside the envelope can match: skipped.</summary>
    Outside,
    /// <summary>Undecided: a node is opened, an item is decided by the exact test.</summary>
    Partial,
    /// <summary>Everything inside the envelope matches: a node is counted whole.</summary>
    Inside,
}

/// <summary>Classifies envelopes against a query region; implemented by structs so that <see cref="PackedEnvelopeTree.Count{TClassifier}"/> is specialised per region.</summary>
public interface IEnvelopeClassifier
{
    Coverage Classify(double minX, double minY, double maxX, double maxY);
}

/// <summary>Counts the items of a range [start, end) of <see cref="PackedEnvelopeTree.Order"/> that satisfy some predicate.</summary>
public interface IRangeCounter
{
    int CountIn(int start, int end);
}

/// <summary>
/// A static, packed R-tree over the envelopes of positions 0..n-1, built once by top-down STR
/// (sort-tile-recursive) packing and immutable afterwards, so safe for any number of concurrent
/// readers. Designed for counting: the items are kept in tree order in <see cref="Order"/> and
/// every node covers one contiguous range [start, end) of it, so a node that lies wholly inside a
/// query contributes its item count (or <see cref="IRangeCounter.CountIn"/> of its range, e.g. a
/// <see cref="PrefixCounter"/> in O(1)) without visiting its items.
/// <para>
/// Layout: no per-node objects. Item bounds are stored in tree order in four double arrays, node
/// bounds in four more, and each node's item range and child-node range in int arrays (children of
/// a node are consecutive). About 36 bytes per item plus ~3 for the nodes at capacity 16; the build
/// needs another ~24 bytes per item for a moment. Null envelopes (empty geometries) and envelopes
/// with NaN are not indexed: no query finds them, as NTS's STRtree never finds them.
/// </para>
/// <para>
/// Intersection is closed, as <see cref="Envelope.Intersects(Envelope)"/>: touching edges intersect.
/// </para>
/// </summary>
public sealed class PackedEnvelopeTree
{
    public const int DefaultNodeCapacity = 16;

    // Item bounds, in tree order (index k describes position _order[k], or k itself when _order is null:
    // a tree packed over items already in order, as a FlatGeobuf file's Hilbert-sorted features are).
    private readonly double[] _minX, _minY, _maxX, _maxY;
    private readonly int[]? _order;
    private readonly int _itemCount;
    // Node bounds and ranges; node 0 is the root (when there is any item); children follow their parent.
    private readonly double[] _nodeMinX, _nodeMinY, _nodeMaxX, _nodeMaxY;
    private readonly int[] _nodeStart, _nodeEnd, _childStart, _childEnd;
    private readonly int _stackSize;

    private PackedEnvelopeTree(int positionCount, int nodeCapacity, int height, int[]? order,
        double[] minX, double[] minY, double[] maxX, double[] maxY,
        double[] nodeMinX, double[] nodeMinY, double[] nodeMaxX, double[] nodeMaxY,
        int[] nodeStart, int[] nodeEnd, int[] childStart, int[] childEnd)
    {
        PositionCount = positionCount;
        NodeCapacity = nodeCapacity;
        Height = height;
        _order = order;
        _itemCount = order?.Length ?? minX.Length;
        (_minX, _minY, _maxX, _maxY) = (minX, minY, maxX, maxY);
        (_nodeMinX, _nodeMinY, _nodeMaxX, _nodeMaxY) = (nodeMinX, nodeMinY, nodeMaxX, nodeMaxY);
        (_nodeStart, _nodeEnd, _childStart, _childEnd) = (nodeStart, nodeEnd, childStart, childEnd);
        // A depth-first traversal holds at most (capacity - 1) siblings per level plus the node being opened.
        _stackSize = height * (nodeCapacity - 1) + 2;
    }

    /// <summary>n: the positions the tree was built over (indexed or not).</summary>
    public int PositionCount { get; }

    /// <summary>Positions indexed (those with a non-null envelope): the length of <see cref="Order"/>.</summary>
    public int ItemCount => _itemCount;

    public int NodeCapacity { get; }

    public int NodeCount => _nodeStart.Length;

    /// <summary>Levels of nodes above the leaves (0 for a tree of one leaf or none).</summary>
    public int Height { get; }

    /// <summary>The indexed positions in tree order: every node covers a contiguous range of it.</summary>
    public ReadOnlySpan<int> Order => _order ?? (_identity ??= Enumerable.Range(0, _itemCount).ToArray());

    private int[]? _identity;

    /// <summary>The position of the item at index <paramref name="k"/> of the tree order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int PositionAt(int k) => _order is null ? k : _order[k];

    /// <summary>True when the tree order is the position order (<see cref="Packed"/>): item k is position k.</summary>
    public bool IsInPositionOrder => _order is null;

    /// <summary>Bytes held by the tree's arrays (point items share their min and max arrays).</summary>
    public long SizeInBytes =>
        (long)(_order?.Length ?? 0) * 4 + (long)_itemCount * (ReferenceEquals(_minX, _maxX) ? 2 : 4) * sizeof(double)
        + (long)_nodeStart.Length * (4 * 4 + 4 * sizeof(double));

    /// <summary>A node's item range in <see cref="Order"/> and its child-node range (empty for a leaf); for tests.</summary>
    internal (int Start, int End, int ChildStart, int ChildEnd) NodeAt(int node) =>
        (_nodeStart[node], _nodeEnd[node], _childStart[node], _childEnd[node]);

    internal Envelope NodeEnvelope(int node) => new(_nodeMinX[node], _nodeMaxX[node], _nodeMinY[node], _nodeMaxY[node]);

    /// <summary>The bounds of the item at index <paramref name="k"/> of the tree order.</summary>
    public void ItemBounds(int k, out double minX, out double minY, out double maxX, out double maxY) =>
        (minX, minY, maxX, maxY) = (_minX[k], _minY[k], _maxX[k], _maxY[k]);

    /// <summary>The envelope of the item at index <paramref name="k"/> of <see cref="Order"/>.</summary>
    internal Envelope ItemEnvelope(int k) => new(_minX[k], _maxX[k], _minY[k], _maxY[k]);

    // ---------------------------------------------------------------- build

    /// <summary>
    /// Packs items already in order (a FlatGeobuf file's features, sorted along the Hilbert curve)
    /// the way FlatGeobuf's packed R-tree does: each run of <paramref name="nodeCapacity"/>
    /// consecutive items is a leaf node, each run of that many consecutive nodes a node of the level
    /// above, up to one root. Item k is position k. O(n), no sorting. Items whose min and max arrays
    /// are the same arrays are points (two arrays held, not four). Null envelopes (NaN or min &gt; max)
    /// (min +∞, max −∞, as FlatGeobuf writes them) are kept in place but never found.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static PackedEnvelopeTree Packed(double[] minX, double[] minY, double[] maxX, double[] maxY, int nodeCapacity = DefaultNodeCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(nodeCapacity, 2);
        int n = minX.Length;
        if (minY.Length != n || maxX.Length != n || maxY.Length != n)
            throw new ArgumentException("The coordinate arrays differ in length.");
        // Levels bottom-up: level 0 is the leaf nodes (runs of items), each next level runs of nodes.
        var levelSizes = new List<int>();
        if (n > 0)
        {
            int count = n;
            do
            {
                count = (count + nodeCapacity - 1) / nodeCapacity;
                levelSizes.Add(count);
            }
            while (count > 1);
        }
        int nodeCount = levelSizes.Sum();
        // Storage order is top-down (root first), so children follow their parent as Build's do.
        var levelStart = new int[levelSizes.Count];
        for (int level = levelSizes.Count - 1, at = 0; level >= 0; level--)
        {
            levelStart[level] = at;
            at += levelSizes[level];
        }
        var nodeMinX = new double[nodeCount];
        var nodeMinY = new double[nodeCount];
        var nodeMaxX = new double[nodeCount];
        var nodeMaxY = new double[nodeCount];
        var nodeStart = new int[nodeCount];
        var nodeEnd = new int[nodeCount];
        var childStart = new int[nodeCount];
        var childEnd = new int[nodeCount];
        for (int level = 0; level < levelSizes.Count; level++)
        {
            for (int j = 0; j < levelSizes[level]; j++)
            {
                int node = levelStart[level] + j;
                double x0 = double.PositiveInfinity, y0 = double.PositiveInfinity, x1 = double.NegativeInfinity, y1 = double.NegativeInfinity;
                if (level == 0)
                {
                    nodeStart[node] = j * nodeCapacity;
                    nodeEnd[node] = Math.Min(n, (j + 1) * nodeCapacity);
                    for (int k = nodeStart[node]; k < nodeEnd[node]; k++)
                    {
                        if (!(minX[k] <= maxX[k]) || !(minY[k] <= maxY[k]))
                            continue;
                        x0 = Math.Min(x0, minX[k]); y0 = Math.Min(y0, minY[k]);
                        x1 = Math.Max(x1, maxX[k]); y1 = Math.Max(y1, maxY[k]);
                    }
                }
                else
                {
                    int first = levelStart[level - 1] + j * nodeCapacity;
                    int last = Math.Min(levelStart[level - 1] + levelSizes[level - 1], first + nodeCapacity);
                    childStart[node] = first;
                    childEnd[node] = last;
                    nodeStart[node] = nodeStart[first];
                    nodeEnd[node] = nodeEnd[last - 1];
                    for (int child = first; child < last; child++)
                    {
                        x0 = Math.Min(x0, nodeMinX[child]); y0 = Math.Min(y0, nodeMinY[child]);
                        x1 = Math.Max(x1, nodeMaxX[child]); y1 = Math.Max(y1, nodeMaxY[child]);
                    }
                }
                (nodeMinX[node], nodeMinY[node], nodeMaxX[node], nodeMaxY[node]) = (x0, y0, x1, y1);
            }
        }
        return new PackedEnvelopeTree(n, nodeCapacity, Math.Max(0, levelSizes.Count - 1), null, minX, minY, maxX, maxY,
            nodeMinX, nodeMinY, nodeMaxX, nodeMaxY, nodeStart, nodeEnd, childStart, childEnd);
    }

    /// <summary>Builds over <paramref name="envelopes"/>; position i is envelopes[i].</summary>
    public static PackedEnvelopeTree Build(IReadOnlyList<Envelope> envelopes, int nodeCapacity = DefaultNodeCapacity) =>
        Build(new EnvelopeListSource(envelopes), nodeCapacity);

    /// <summary>Builds over envelopes given as four coordinate arrays of equal length.</summary>
    public static PackedEnvelopeTree Build(double[] minX, double[] minY, double[] maxX, double[] maxY, int nodeCapacity = DefaultNodeCapacity)
    {
        if (minY.Length != minX.Length || maxX.Length != minX.Length || maxY.Length != minX.Length)
            throw new ArgumentException("The coordinate arrays differ in length.");
        return Build(new ArraySource(minX, minY, maxX, maxY), nodeCapacity);
    }

    /// <summary>Builds over points (degenerate envelopes); position i is (x[i], y[i]).</summary>
    public static PackedEnvelopeTree FromPoints(double[] x, double[] y, int nodeCapacity = DefaultNodeCapacity)
    {
        if (y.Length != x.Length)
            throw new ArgumentException("The coordinate arrays differ in length.");
        return Build(new ArraySource(x, y, x, y), nodeCapacity);
    }

    private static PackedEnvelopeTree Build<TSource>(TSource source, int nodeCapacity) where TSource : IEnvelopeSource
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(nodeCapacity, 2);
        int n = source.Count;

        // Centres of the indexed positions, sorted in place by the packing; 24 bytes per item, dropped after.
        var entries = new Entry[n];
        int count = 0;
        for (int position = 0; position < n; position++)
        {
            source.Get(position, out double x0, out double y0, out double x1, out double y1);
            // Null envelopes (NTS: min > max) and NaN are not indexed; "!(a <= b)" is true for both.
            if (!(x0 <= x1) || !(y0 <= y1))
                continue;
            entries[count++] = new Entry(x0 / 2 + x1 / 2, y0 / 2 + y1 / 2, position);
        }

        var nodes = new NodeList(count / Math.Max(1, nodeCapacity - 1) + 4);
        int height = 0;
        if (count > 0)
        {
            nodes.Add();
            height = Pack(entries.AsSpan(0, count), 0, 0, nodeCapacity, nodes);
        }

        var order = new int[count];
        for (int k = 0; k < count; k++)
            order[k] = entries[k].Position;
        entries = null;

        var minX = new double[count];
        var minY = new double[count];
        var maxX = new double[count];
        var maxY = new double[count];
        for (int k = 0; k < count; k++)
            source.Get(order[k], out minX[k], out minY[k], out maxX[k], out maxY[k]);

        int nodeCount = nodes.Count;
        var nodeMinX = new double[nodeCount];
        var nodeMinY = new double[nodeCount];
        var nodeMaxX = new double[nodeCount];
        var nodeMaxY = new double[nodeCount];
        var nodeStart = nodes.Start.AsSpan(0, nodeCount).ToArray();
        var nodeEnd = nodes.End.AsSpan(0, nodeCount).ToArray();
        var childStart = nodes.ChildStart.AsSpan(0, nodeCount).ToArray();
        var childEnd = nodes.ChildEnd.AsSpan(0, nodeCount).ToArray();
        // Children have larger indices than their parent: bounds bottom-up in one reverse sweep.
        for (int node = nodeCount - 1; node >= 0; node--)
        {
            double x0 = double.PositiveInfinity, y0 = double.PositiveInfinity, x1 = double.NegativeInfinity, y1 = double.NegativeInfinity;
            if (childStart[node] == childEnd[node])
            {
                for (int k = nodeStart[node]; k < nodeEnd[node]; k++)
                {
                    x0 = Math.Min(x0, minX[k]); y0 = Math.Min(y0, minY[k]);
                    x1 = Math.Max(x1, maxX[k]); y1 = Math.Max(y1, maxY[k]);
                }
            }
            else
            {
                for (int child = childStart[node]; child < childEnd[node]; child++)
                {
                    x0 = Math.Min(x0, nodeMinX[child]); y0 = Math.Min(y0, nodeMinY[child]);
                    x1 = Math.Max(x1, nodeMaxX[child]); y1 = Math.Max(y1, nodeMaxY[child]);
                }
            }
            (nodeMinX[node], nodeMinY[node], nodeMaxX[node], nodeMaxY[node]) = (x0, y0, x1, y1);
        }
        return new PackedEnvelopeTree(n, nodeCapacity, height, order, minX, minY, maxX, maxY,
            nodeMinX, nodeMinY, nodeMaxX, nodeMaxY, nodeStart, nodeEnd, childStart, childEnd);
    }

    /// <summary>
    /// Makes <paramref name="node"/> (already allocated) cover <paramref name="items"/>, which start at
    /// <paramref name="offset"/> of the tree order, and packs its subtree: a leaf when the items fit,
    /// else the items are split into groups of the child capacity C = capacity^(h-1) by STR (by x
    /// into vertical slices of whole groups, each slice by y into groups), the groups' nodes allocated
    /// consecutively and each packed in turn. Returns the subtree's height.
    /// <para>
    /// The slices and groups are made by selection, not sorting: only which items fall in which part
    /// matters, not their order inside it, so each level costs O(n log parts) rather than O(n log n)
    /// (the same parts as sorting, up to ties).
    /// </para>
    /// </summary>
    private static int Pack(Span<Entry> items, int offset, int node, int capacity, NodeList nodes)
    {
        int count = items.Length;
        nodes.Start[node] = offset;
        nodes.End[node] = offset + count;
        if (count <= capacity)
        {
            nodes.ChildStart[node] = nodes.ChildEnd[node] = 0;
            return 0;
        }
        long groupSize = 1;
        while (groupSize * capacity < count)
            groupSize *= capacity;
        int groups = (int)((count + groupSize - 1) / groupSize); // 2..capacity
        int slices = (int)Math.Ceiling(Math.Sqrt(groups));
        int groupsPerSlice = (groups + slices - 1) / slices;
        long sliceSize = groupsPerSlice * groupSize;

        int firstChild = nodes.Count;
        for (int g = 0; g < groups; g++)
            nodes.Add();
        nodes.ChildStart[node] = firstChild;
        nodes.ChildEnd[node] = firstChild + groups;

        SplitInto<KeyX>(items, sliceSize);
        int child = firstChild, height = 0;
        for (long sliceStart = 0; sliceStart < count; sliceStart += sliceSize)
        {
            var slice = items[(int)sliceStart..(int)Math.Min(count, sliceStart + sliceSize)];
            SplitInto<KeyY>(slice, groupSize);
            for (long groupStart = 0; groupStart < slice.Length; groupStart += groupSize)
            {
                var group = slice[(int)groupStart..(int)Math.Min(slice.Length, groupStart + groupSize)];
                height = Math.Max(height, Pack(group, offset + (int)(sliceStart + groupStart), child++, capacity, nodes));
            }
        }
        return height + 1;
    }

    /// <summary>
    /// Rearranges <paramref name="items"/> so that each consecutive part of <paramref name="partSize"/>
    /// items (the last one shorter) holds the items of those ranks by the key: every key of a part is
    /// at most every key of the next. Splits at the middle part boundary by selection, then each side.
    /// </summary>
    private static void SplitInto<TKey>(Span<Entry> items, long partSize) where TKey : struct, IKey
    {
        while (items.Length > partSize)
        {
            long parts = (items.Length + partSize - 1) / partSize;
            int middle = (int)(parts / 2 * partSize);
            Select<TKey>(items, middle);
            SplitInto<TKey>(items[..middle], partSize);
            items = items[middle..];
        }
    }

    /// <summary>
    /// Quickselect with a three-way partition (many equal keys, e.g. duplicate points, cost nothing
    /// extra): afterwards no key before <paramref name="k"/> exceeds any key from k on. Falls back to
    /// sorting when the partitions stay unbalanced for too long.
    /// </summary>
    private static void Select<TKey>(Span<Entry> items, int k) where TKey : struct, IKey
    {
        int budget = 2 * (int)Math.Log2(items.Length + 1) + 8;
        while (items.Length > 16)
        {
            if (budget-- == 0)
                break;
            double a = TKey.Of(items[0]), b = TKey.Of(items[items.Length / 2]), c = TKey.Of(items[^1]);
            double pivot = Math.Max(Math.Min(a, b), Math.Min(Math.Max(a, b), c)); // median of three
            int less = 0, i = 0, greater = items.Length;
            while (i < greater)
            {
                double key = TKey.Of(items[i]);
                if (key < pivot)
                {
                    (items[less], items[i]) = (items[i], items[less]);
                    less++;
                    i++;
                }
                else if (key > pivot)
                {
                    greater--;
                    (items[i], items[greater]) = (items[greater], items[i]);
                }
                else
                    i++;
            }
            if (k < less)
                items = items[..less];
            else if (k >= greater)
            {
                items = items[greater..];
                k -= greater;
            }
            else
                return;
        }
        items.Sort(default(TKey));
    }

    private readonly record struct Entry(double X, double Y, int Position);

    private interface IKey : IComparer<Entry>
    {
        static abstract double Of(in Entry entry);
    }

    private readonly struct KeyX : IKey
    {
        public static double Of(in Entry entry) => entry.X;

        public int Compare(Entry a, Entry b) => a.X.CompareTo(b.X);
    }

    private readonly struct KeyY : IKey
    {
        public static double Of(in Entry entry) => entry.Y;

        public int Compare(Entry a, Entry b) => a.Y.CompareTo(b.Y);
    }

    private sealed class NodeList(int capacity)
    {
        public int[] Start = new int[capacity], End = new int[capacity], ChildStart = new int[capacity], ChildEnd = new int[capacity];
        public int Count;

        public void Add()
        {
            if (Count == Start.Length)
            {
                int size = Count * 2;
                Array.Resize(ref Start, size);
                Array.Resize(ref End, size);
                Array.Resize(ref ChildStart, size);
                Array.Resize(ref ChildEnd, size);
            }
            Count++;
        }
    }

    private interface IEnvelopeSource
    {
        int Count { get; }
        void Get(int position, out double minX, out double minY, out double maxX, out double maxY);
    }

    private readonly struct EnvelopeListSource(IReadOnlyList<Envelope> envelopes) : IEnvelopeSource
    {
        public int Count => envelopes.Count;

        public void Get(int position, out double minX, out double minY, out double maxX, out double maxY)
        {
            var e = envelopes[position];
            if (e is null || e.IsNull)
                (minX, minY, maxX, maxY) = (double.NaN, double.NaN, double.NaN, double.NaN);
            else
                (minX, minY, maxX, maxY) = (e.MinX, e.MinY, e.MaxX, e.MaxY);
        }
    }

    private readonly struct ArraySource(double[] minX, double[] minY, double[] maxX, double[] maxY) : IEnvelopeSource
    {
        public int Count => minX.Length;

        public void Get(int position, out double x0, out double y0, out double x1, out double y1) =>
            (x0, y0, x1, y1) = (minX[position], minY[position], maxX[position], maxY[position]);
    }

    // ---------------------------------------------------------------- query

    /// <summary>Adds to <paramref name="positions"/> every indexed position whose envelope intersects <paramref name="box"/>, in tree order (not ascending).</summary>
    public void Query(Envelope box, List<int> positions)
    {
        if (box is null || box.IsNull || _itemCount == 0)
            return;
        double qx0 = box.MinX, qy0 = box.MinY, qx1 = box.MaxX, qy1 = box.MaxY;
        Span<int> stack = _stackSize <= 256 ? stackalloc int[_stackSize] : new int[_stackSize];
        int top = 0;
        stack[top++] = 0;
        while (top > 0)
        {
            int node = stack[--top];
            if (_nodeMinX[node] > qx1 || _nodeMaxX[node] < qx0 || _nodeMinY[node] > qy1 || _nodeMaxY[node] < qy0)
                continue;
            int start = _nodeStart[node], end = _nodeEnd[node];
            if (_nodeMinX[node] >= qx0 && _nodeMaxX[node] <= qx1 && _nodeMinY[node] >= qy0 && _nodeMaxY[node] <= qy1)
            {
                if (_order is null)
                    for (int k = start; k < end; k++)
                        positions.Add(k);
                else
                    positions.AddRange(_order.AsSpan(start, end - start));
                continue;
            }
            if (_childStart[node] == _childEnd[node])
            {
                for (int k = start; k < end; k++)
                    if (!(_minX[k] > qx1 || _maxX[k] < qx0 || _minY[k] > qy1 || _maxY[k] < qy0))
                        positions.Add(PositionAt(k));
                continue;
            }
            for (int child = _childStart[node]; child < _childEnd[node]; child++)
                stack[top++] = child;
        }
    }

    // ---------------------------------------------------------------- count

    /// <summary>
    /// Counts the items that intersect <paramref name="box"/>: items whose envelope lies inside the box
    /// are counted without a test (whole nodes at once), items whose envelope only overlaps it are
    /// decided by <paramref name="exactTest"/>(position) (counted when null: the envelope-intersects
    /// count). With a <paramref name="counter"/>, only the items it counts are (box AND predicate).
    /// </summary>
    public int Count(Envelope box, Func<int, bool>? exactTest = null, IRangeCounter? counter = null) =>
        box is null || box.IsNull ? 0 : Count(new BoxClassifier(box), exactTest, counter);

    /// <summary>
    /// As <see cref="Count(Envelope, Func{int, bool}?, IRangeCounter?)"/> for the union of several boxes
    /// (a bbox split at the antimeridian): each item counts once, however many of the boxes it meets.
    /// </summary>
    public int Count(IReadOnlyList<Envelope> boxes, Func<int, bool>? exactTest = null, IRangeCounter? counter = null) => boxes.Count switch
    {
        0 => 0,
        1 => Count(boxes[0], exactTest, counter),
        _ => Count(new BoxUnionClassifier(boxes), exactTest, counter),
    };

    /// <summary>As <see cref="Count{TClassifier}"/> with a classifier given as a delegate over envelopes (one <see cref="Envelope"/> allocated per call).</summary>
    public int Count(Func<Envelope, Coverage> classify, Func<int, bool>? exactTest = null, IRangeCounter? counter = null) =>
        Count(new DelegateClassifier(classify), exactTest, counter);

    /// <summary>
    /// Counts items against a region described by <paramref name="classifier"/>. A node classified
    /// <see cref="Coverage.Outside"/> is skipped; <see cref="Coverage.Inside"/> contributes its item count
    /// (or <paramref name="counter"/>.CountIn of its range) without visiting items; <see cref="Coverage.Partial"/>
    /// is opened. In an opened leaf each item's envelope is classified the same way and a Partial item is
    /// decided by <paramref name="exactTest"/>(position) (counted when null), after the counter's
    /// predicate when there is a counter.
    /// <para>The classifier must be sound: Inside only when every item geometry within the envelope
    /// matches, Outside only when none does.</para>
    /// </summary>
    public int Count<TClassifier>(TClassifier classifier, Func<int, bool>? exactTest = null, IRangeCounter? counter = null)
        where TClassifier : IEnvelopeClassifier
    {
        if (_itemCount == 0)
            return 0;
        Span<int> stack = _stackSize <= 256 ? stackalloc int[_stackSize] : new int[_stackSize];
        int top = 0, total = 0;
        stack[top++] = 0;
        while (top > 0)
        {
            int node = stack[--top];
            var coverage = classifier.Classify(_nodeMinX[node], _nodeMinY[node], _nodeMaxX[node], _nodeMaxY[node]);
            if (coverage == Coverage.Outside)
                continue;
            int start = _nodeStart[node], end = _nodeEnd[node];
            if (coverage == Coverage.Inside)
            {
                total += counter is null ? end - start : counter.CountIn(start, end);
                continue;
            }
            if (_childStart[node] != _childEnd[node])
            {
                for (int child = _childStart[node]; child < _childEnd[node]; child++)
                    stack[top++] = child;
                continue;
            }
            for (int k = start; k < end; k++)
            {
                var item = classifier.Classify(_minX[k], _minY[k], _maxX[k], _maxY[k]);
                if (item == Coverage.Outside || (counter is not null && counter.CountIn(k, k + 1) == 0))
                    continue;
                if (item == Coverage.Inside || exactTest is null || exactTest(PositionAt(k)))
                    total++;
            }
        }
        return total;
    }

    /// <summary>A counter over this tree's order of the positions that satisfy <paramref name="predicate"/>.</summary>
    public PrefixCounter CounterOf(Func<int, bool> predicate) => new(this, predicate);

    // ---------------------------------------------------------------- classifiers

    /// <summary>
    /// An envelope against an axis-aligned box: disjoint → Outside; inside (closed) → Inside, since every
    /// geometry within the envelope then lies in the box; else Partial.
    /// </summary>
    public static Coverage ClassifyAgainstBox(Envelope envelope, Envelope box)
    {
        if (envelope is null || envelope.IsNull || box is null || box.IsNull)
            return Coverage.Outside;
        return BoxClassifier.Classify(envelope.MinX, envelope.MinY, envelope.MaxX, envelope.MaxY, box.MinX, box.MinY, box.MaxX, box.MaxY);
    }

    /// <summary>
    /// An envelope against a prepared polygonal geometry: the envelope as a geometry (a Point or a
    /// LineString when it is degenerate, from <see cref="GeometryFactory.ToGeometry"/>, so that zero-area
    /// envelopes of points and axis-parallel lines are tested as what they are, not as invalid empty
    /// polygons) not intersecting the polygon → Outside; covered by it → Inside (every geometry within
    /// the envelope is then within the polygon, so intersects it); else Partial.
    /// </summary>
    public static Coverage ClassifyAgainstPolygon(Envelope envelope, IPreparedGeometry polygon, GeometryFactory? factory = null)
    {
        if (envelope is null || envelope.IsNull)
            return Coverage.Outside;
        return new PreparedPolygonClassifier(polygon, factory).Classify(envelope.MinX, envelope.MinY, envelope.MaxX, envelope.MaxY);
    }

    /// <summary>An axis-aligned query box (closed).</summary>
    public readonly struct BoxClassifier : IEnvelopeClassifier
    {
        private readonly double _minX, _minY, _maxX, _maxY;

        public BoxClassifier(Envelope box) => (_minX, _minY, _maxX, _maxY) = (box.MinX, box.MinY, box.MaxX, box.MaxY);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Coverage Classify(double minX, double minY, double maxX, double maxY) =>
            Classify(minX, minY, maxX, maxY, _minX, _minY, _maxX, _maxY);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal static Coverage Classify(double minX, double minY, double maxX, double maxY, double bx0, double by0, double bx1, double by1)
        {
            if (minX > bx1 || maxX < bx0 || minY > by1 || maxY < by0)
                return Coverage.Outside;
            return minX >= bx0 && maxX <= bx1 && minY >= by0 && maxY <= by1 ? Coverage.Inside : Coverage.Partial;
        }
    }

    /// <summary>
    /// The union of axis-aligned boxes: Inside when inside any one box (then every item meets that
    /// box), Outside when disjoint from all, else Partial. An envelope across two boxes without lying in
    /// either is Partial: its items are left to the exact test.
    /// </summary>
    public sealed class BoxUnionClassifier : IEnvelopeClassifier
    {
        private readonly double[] _boxes;

        public BoxUnionClassifier(IReadOnlyList<Envelope> boxes) =>
            _boxes = boxes.Where(b => b is not null && !b.IsNull).SelectMany(b => new[] { b.MinX, b.MinY, b.MaxX, b.MaxY }).ToArray();

        public Coverage Classify(double minX, double minY, double maxX, double maxY)
        {
            var coverage = Coverage.Outside;
            for (int i = 0; i < _boxes.Length; i += 4)
            {
                var one = BoxClassifier.Classify(minX, minY, maxX, maxY, _boxes[i], _boxes[i + 1], _boxes[i + 2], _boxes[i + 3]);
                if (one == Coverage.Inside)
                    return Coverage.Inside;
                if (one == Coverage.Partial)
                    coverage = Coverage.Partial;
            }
            return coverage;
        }
    }

    /// <summary>A prepared polygonal geometry; see <see cref="ClassifyAgainstPolygon"/>. Thread-safe as NTS prepared geometries are.</summary>
    public sealed class PreparedPolygonClassifier : IEnvelopeClassifier
    {
        private readonly IPreparedGeometry _polygon;
        private readonly GeometryFactory _factory;
        private readonly Envelope _extent;

        public PreparedPolygonClassifier(IPreparedGeometry polygon, GeometryFactory? factory = null)
        {
            _polygon = polygon;
            _factory = factory ?? polygon.Geometry.Factory;
            _extent = polygon.Geometry.EnvelopeInternal;
        }

        public Coverage Classify(double minX, double minY, double maxX, double maxY)
        {
            // Cheap rejection before a geometry is made.
            if (_extent.IsNull || minX > _extent.MaxX || maxX < _extent.MinX || minY > _extent.MaxY || maxY < _extent.MinY)
                return Coverage.Outside;
            var geometry = _factory.ToGeometry(new Envelope(minX, maxX, minY, maxY));
            if (!_polygon.Intersects(geometry))
                return Coverage.Outside;
            return _polygon.Covers(geometry) ? Coverage.Inside : Coverage.Partial;
        }
    }

    private readonly struct DelegateClassifier(Func<Envelope, Coverage> classify) : IEnvelopeClassifier
    {
        public Coverage Classify(double minX, double minY, double maxX, double maxY) => classify(new Envelope(minX, maxX, minY, maxY));
    }
}

/// <summary>
/// Prefix sums of a predicate over a <see cref="PackedEnvelopeTree"/>'s <see cref="PackedEnvelopeTree.Order"/>:
/// how many items of any range [start, end) of the tree order satisfy it, in O(1). With
/// <see cref="PackedEnvelopeTree.Count(Envelope, Func{int, bool}?, IRangeCounter?)"/> it counts "in the box AND
/// predicate" without visiting the features of nodes inside the box. n + 1 ints; immutable.
/// </summary>
public sealed class PrefixCounter : IRangeCounter
{
    private readonly int[] _prefix;

    public PrefixCounter(PackedEnvelopeTree tree, Func<int, bool> predicate)
    {
        _prefix = new int[tree.ItemCount + 1];
        for (int k = 0; k < tree.ItemCount; k++)
            _prefix[k + 1] = _prefix[k] + (predicate(tree.PositionAt(k)) ? 1 : 0);
    }

    private PrefixCounter(int[] prefix) => _prefix = prefix;

    /// <summary>A counter of the positions whose <paramref name="mask"/> entry is true (mask indexed by position).</summary>
    public static PrefixCounter OverPositions(PackedEnvelopeTree tree, bool[] mask)
    {
        var prefix = new int[tree.ItemCount + 1];
        for (int k = 0; k < tree.ItemCount; k++)
            prefix[k + 1] = prefix[k] + (mask[tree.PositionAt(k)] ? 1 : 0);
        return new PrefixCounter(prefix);
    }

    /// <summary>Indexed items that satisfy the predicate.</summary>
    public int Total => _prefix[^1];

    public int CountIn(int start, int end) => _prefix[end] - _prefix[start];
}
