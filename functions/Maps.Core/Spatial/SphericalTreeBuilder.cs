namespace Maps.Core.Spatial;

/// <summary>
/// Packs primitives into the static 3D tree of <see cref="SphericalIndex"/>, bottom-up like STR
/// (Leutenegger et al. 1997): entries are ordered so that consecutive runs of
/// <see cref="SphericalIndex.NodeCapacity"/> are compact (see <see cref="StrOrder"/>), each run
/// becomes one node, and the same is repeated on the nodes until a single root remains. Leaves
/// come first in the node array and the root last; the primitives are reordered so that each leaf
/// owns a contiguous range. O(n log n); 32k WATRA arcs build in well under 0.1 s.
/// </summary>
internal static class SphericalTreeBuilder
{
    /// <summary>Slack added to every arc box so that rounding in the box can never exceed the exact distance.</summary>
    private const double BoxSlack = 1e-12;

    public static SphericalIndex Build(SphereArcSet set, CancellationToken cancellationToken)
    {
        const int capacity = SphericalIndex.NodeCapacity;
        int n = set.PrimitiveCount;
        if (n == 0)
            return SphericalIndex.Create(set, [], 0);

        var order = StrOrder(Centres(set), n, capacity);
        cancellationToken.ThrowIfCancellationRequested();
        set.Permute(order);

        int leafCount = (n + capacity - 1) / capacity;
        var nodes = new List<SphericalIndex.Node>(leafCount + leafCount / (capacity - 1) + 2);
        for (int first = 0; first < n; first += capacity)
            nodes.Add(LeafBox(set, first, Math.Min(capacity, n - first)));

        // Upper levels: sort the nodes of the level below by STR and group them.
        int levelStart = 0, levelCount = leafCount;
        while (levelCount > 1)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var level = new SphericalIndex.Node[levelCount];
            nodes.CopyTo(levelStart, level, 0, levelCount);
            var levelOrder = StrOrder(Centres(level), levelCount, capacity);
            for (int i = 0; i < levelCount; i++)
                nodes[levelStart + i] = level[levelOrder[i]];
            int nextStart = nodes.Count;
            for (int first = 0; first < levelCount; first += capacity)
            {
                int count = Math.Min(capacity, levelCount - first);
                var parent = Union(nodes, levelStart + first, count);
                parent.First = levelStart + first;
                parent.Count = count;
                nodes.Add(parent);
            }
            levelStart = nextStart;
            levelCount = nodes.Count - nextStart;
        }
        // Permuting a level moves whole nodes; each keeps the child range it recorded, and leaves
        // stay in [0, leafCount), so "node < leafCount" still means "leaf".
        return SphericalIndex.Create(set, nodes.ToArray(), leafCount);
    }

    /// <summary>
    /// Where each primitive's box is centred, by axis (scaled by 2: only the order matters). A set
    /// of points is its own centres: no copy.
    /// </summary>
    private static double[][] Centres(SphereArcSet set)
    {
        if (set.Arcs.Length == 0)
            return [set.X, set.Y, set.Z];
        int n = set.PrimitiveCount;
        var centres = new[] { new double[n], new double[n], new double[n] };
        for (int i = 0; i < n; i++)
        {
            var box = PrimitiveBox(set, i);
            centres[0][i] = box.MinX + box.MaxX;
            centres[1][i] = box.MinY + box.MaxY;
            centres[2][i] = box.MinZ + box.MaxZ;
        }
        return centres;
    }

    private static double[][] Centres(SphericalIndex.Node[] boxes)
    {
        var centres = new[] { new double[boxes.Length], new double[boxes.Length], new double[boxes.Length] };
        for (int i = 0; i < boxes.Length; i++)
        {
            centres[0][i] = boxes[i].MinX + boxes[i].MaxX;
            centres[1][i] = boxes[i].MinY + boxes[i].MaxY;
            centres[2][i] = boxes[i].MinZ + boxes[i].MaxZ;
        }
        return centres;
    }

    /// <summary>The box of primitive i: a point's position, or an arc's conservative box; grown by the slack.</summary>
    private static SphericalIndex.Node PrimitiveBox(SphereArcSet set, int i)
    {
        double pad = BoxSlack;
        double ax = set.X[i], ay = set.Y[i], az = set.Z[i];
        double bx = ax, by = ay, bz = az;
        if (set.Arc[i] >= 0)
        {
            ref readonly var arc = ref set.Arcs[set.Arc[i]];
            (bx, by, bz) = (arc.Bx, arc.By, arc.Bz);
            double dx = ax - bx, dy = ay - by, dz = az - bz;
            double halfChord = Math.Sqrt(dx * dx + dy * dy + dz * dz) / 2;
            // Sagitta 1 − cos(θ/2) with sin(θ/2) = chord/2, written without cancellation.
            double sin2 = Math.Min(halfChord * halfChord, 1.0);
            pad += sin2 / (1 + Math.Sqrt(1 - sin2));
        }
        return new SphericalIndex.Node
        {
            MinX = Math.Min(ax, bx) - pad, MaxX = Math.Max(ax, bx) + pad,
            MinY = Math.Min(ay, by) - pad, MaxY = Math.Max(ay, by) + pad,
            MinZ = Math.Min(az, bz) - pad, MaxZ = Math.Max(az, bz) + pad,
        };
    }

    private static SphericalIndex.Node LeafBox(SphereArcSet set, int first, int count)
    {
        var u = Empty(first, count);
        for (int i = first; i < first + count; i++)
            Grow(ref u, PrimitiveBox(set, i));
        return u;
    }

    private static SphericalIndex.Node Empty(int first, int count) => new()
    {
        MinX = double.PositiveInfinity, MinY = double.PositiveInfinity, MinZ = double.PositiveInfinity,
        MaxX = double.NegativeInfinity, MaxY = double.NegativeInfinity, MaxZ = double.NegativeInfinity,
        First = first, Count = count,
    };

    private static void Grow(ref SphericalIndex.Node u, in SphericalIndex.Node b)
    {
        u.MinX = Math.Min(u.MinX, b.MinX); u.MaxX = Math.Max(u.MaxX, b.MaxX);
        u.MinY = Math.Min(u.MinY, b.MinY); u.MaxY = Math.Max(u.MaxY, b.MaxY);
        u.MinZ = Math.Min(u.MinZ, b.MinZ); u.MaxZ = Math.Max(u.MaxZ, b.MaxZ);
    }

    private static SphericalIndex.Node Union(List<SphericalIndex.Node> boxes, int first, int count)
    {
        var u = Empty(first, count);
        for (int i = first; i < first + count; i++)
            Grow(ref u, boxes[i]);
        return u;
    }

    /// <summary>
    /// A permutation of [0, n) such that consecutive runs of <paramref name="capacity"/> entries are
    /// spatially compact: recursively sort the range on the axis where its box centres spread
    /// most and cut it in two at a whole number of runs (a kd-tree median split). Data on a patch
    /// of the sphere is nearly 2D in 3D, so STR's fixed x, y, z slicing makes long thin tiles;
    /// splitting the widest axis keeps them square. O(n log n): each level partitions, it does not sort.
    /// </summary>
    private static int[] StrOrder(double[][] centres, int n, int capacity)
    {
        var order = new int[n];
        for (int i = 0; i < n; i++)
            order[i] = i;
        Split(order, 0, n, capacity, centres, new double[n]);
        return order;
    }

    private static void Split(int[] order, int start, int count, int capacity, double[][] centres, double[] scratch)
    {
        if (count <= capacity)
            return;
        int axis = WidestAxis(order, start, count, centres);
        // Cut in two at a whole number of groups (a kd-tree median split), so groups stay square.
        int groups = (count + capacity - 1) / capacity;
        int slabSize = (groups + 1) / 2 * capacity;
        if (slabSize < count)
            SelectBy(order, start, count, slabSize, centres[axis], scratch.AsSpan(start, count));
        if (count >= ParallelSplit && slabSize < count)
        {
            // The two sides touch disjoint ranges of the order and the scratch: order them in parallel.
            Parallel.Invoke(
                () => Split(order, start, slabSize, capacity, centres, scratch),
                () => Split(order, start + slabSize, count - slabSize, capacity, centres, scratch));
            return;
        }
        for (int first = start; first < start + count; first += slabSize)
            Split(order, first, Math.Min(slabSize, start + count - first), capacity, centres, scratch);
    }

    /// <summary>Entries from which the two sides of a split are ordered in parallel (below it, a task costs more than it saves).</summary>
    private const int ParallelSplit = 1 << 16;

    /// <summary>
    /// The axis along which the range's centres spread most, judged on at most about 4,096 of them
    /// evenly spaced: the choice only shapes the tree (answers are exact whatever it is), and a full
    /// scan of a million scattered entries per split was most of the time to build an index of points.
    /// </summary>
    private static int WidestAxis(int[] order, int start, int count, double[][] centres)
    {
        int best = 0;
        double widest = -1;
        int stride = Math.Max(1, count / 4_096);
        for (int axis = 0; axis < 3; axis++)
        {
            double min = double.PositiveInfinity, max = double.NegativeInfinity;
            var c = centres[axis];
            for (int i = start; i < start + count; i += stride)
            {
                double v = c[order[i]];
                if (v < min) min = v;
                if (v > max) max = v;
            }
            if (max - min > widest)
            {
                widest = max - min;
                best = axis;
            }
        }
        return best;
    }

    /// <summary>
    /// Reorders order[start..start+count) so that its first <paramref name="cut"/> entries have the
    /// smallest coordinates (a quickselect: O(n) per level instead of a sort's O(n log n); the order
    /// inside each side does not matter, since each side is split again or becomes one node).
    /// </summary>
    private static void SelectBy(int[] order, int start, int count, int cut, double[] coordinate, Span<double> keys)
    {
        var items = order.AsSpan(start, count);
        for (int i = 0; i < count; i++)
            keys[i] = coordinate[items[i]];
        int left = 0, right = count - 1, k = cut - 1;
        while (right > left)
        {
            if (right - left < 32)
            {
                keys.Slice(left, right - left + 1).Sort(items.Slice(left, right - left + 1));
                return;
            }
            // Median of three as the pivot, then Hoare partition.
            int middle = left + (right - left) / 2;
            double pivot = Median(keys[left], keys[middle], keys[right]);
            int i = left, j = right;
            while (i <= j)
            {
                while (keys[i] < pivot) i++;
                while (keys[j] > pivot) j--;
                if (i <= j)
                {
                    (keys[i], keys[j]) = (keys[j], keys[i]);
                    (items[i], items[j]) = (items[j], items[i]);
                    i++;
                    j--;
                }
            }
            if (k <= j)
                right = j;
            else if (k >= i)
                left = i;
            else
                return;
        }
    }

    private static double Median(double a, double b, double c) =>
        a < b ? (b < c ? b : a < c ? c : a) : (a < c ? a : b < c ? c : b);
}
