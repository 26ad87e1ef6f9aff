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
        var source = set.Arcs;
        int n = source.Length;
        if (n == 0)
            return SphericalIndex.Create(set, [], [], 0);

        var boxes = new SphericalIndex.Node[n];
        for (int i = 0; i < n; i++)
            boxes[i] = ArcBox(source[i]);

        var order = StrOrder(boxes, n, capacity);
        cancellationToken.ThrowIfCancellationRequested();
        // Permuted in place (the set's own arrays), so a million points need no second copy of them.
        var visited = new bool[n];
        Permute(set.Arcs, order, visited);
        Permute(set.Ends, order, visited);
        Permute(boxes, order, visited);

        var nodes = new List<SphericalIndex.Node>();
        int leafCount = (n + capacity - 1) / capacity;
        for (int first = 0; first < n; first += capacity)
            nodes.Add(Union(boxes, first, Math.Min(capacity, n - first)));

        // Upper levels: sort the nodes of the level below by STR and group them.
        int levelStart = 0, levelCount = leafCount;
        while (levelCount > 1)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var level = new SphericalIndex.Node[levelCount];
            nodes.CopyTo(levelStart, level, 0, levelCount);
            var levelOrder = StrOrder(level, levelCount, capacity);
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
        return SphericalIndex.Create(set, set.Arcs, nodes.ToArray(), leafCount);
    }

    /// <summary>items[i] = old items[order[i]] for every i, following each cycle of the permutation once.</summary>
    private static void Permute<T>(T[] items, int[] order, bool[] visited)
    {
        Array.Clear(visited);
        for (int start = 0; start < items.Length; start++)
        {
            if (visited[start])
                continue;
            var first = items[start];
            int j = start;
            while (true)
            {
                visited[j] = true;
                int k = order[j];
                if (k == start)
                {
                    items[j] = first;
                    break;
                }
                items[j] = items[k];
                j = k;
            }
        }
    }

    private static SphericalIndex.Node ArcBox(in SphereArc arc)
    {
        double pad = BoxSlack;
        if (!arc.IsPoint)
        {
            double dx = arc.Ax - arc.Bx, dy = arc.Ay - arc.By, dz = arc.Az - arc.Bz;
            double halfChord = Math.Sqrt(dx * dx + dy * dy + dz * dz) / 2;
            // Sagitta 1 − cos(θ/2) with sin(θ/2) = chord/2, written without cancellation.
            double sin2 = Math.Min(halfChord * halfChord, 1.0);
            pad += sin2 / (1 + Math.Sqrt(1 - sin2));
        }
        return new SphericalIndex.Node
        {
            MinX = Math.Min(arc.Ax, arc.Bx) - pad, MaxX = Math.Max(arc.Ax, arc.Bx) + pad,
            MinY = Math.Min(arc.Ay, arc.By) - pad, MaxY = Math.Max(arc.Ay, arc.By) + pad,
            MinZ = Math.Min(arc.Az, arc.Bz) - pad, MaxZ = Math.Max(arc.Az, arc.Bz) + pad,
        };
    }

    private static SphericalIndex.Node Union(IList<SphericalIndex.Node> boxes, int first, int count)
    {
        var u = new SphericalIndex.Node
        {
            MinX = double.PositiveInfinity, MinY = double.PositiveInfinity, MinZ = double.PositiveInfinity,
            MaxX = double.NegativeInfinity, MaxY = double.NegativeInfinity, MaxZ = double.NegativeInfinity,
            First = first, Count = count,
        };
        for (int i = first; i < first + count; i++)
        {
            var b = boxes[i];
            u.MinX = Math.Min(u.MinX, b.MinX); u.MaxX = Math.Max(u.MaxX, b.MaxX);
            u.MinY = Math.Min(u.MinY, b.MinY); u.MaxY = Math.Max(u.MaxY, b.MaxY);
            u.MinZ = Math.Min(u.MinZ, b.MinZ); u.MaxZ = Math.Max(u.MaxZ, b.MaxZ);
        }
        return u;
    }

    /// <summary>
    /// A permutation of [0, n) such that consecutive runs of <paramref name="capacity"/> entries are
    /// spatially compact: recursively sort the range on the axis where its box centres spread
    /// most and cut it in two at a whole number of runs (a kd-tree median split). Data on a patch
    /// of the sphere is nearly 2D in 3D, so STR's fixed x, y, z slicing makes long thin tiles;
    /// splitting the widest axis keeps them square. O(n log n): each level partitions, it does not sort.
    /// </summary>
    private static int[] StrOrder(SphericalIndex.Node[] boxes, int n, int capacity)
    {
        var order = new int[n];
        for (int i = 0; i < n; i++)
            order[i] = i;
        var centres = new double[3][];
        for (int axis = 0; axis < 3; axis++)
            centres[axis] = new double[n];
        for (int i = 0; i < n; i++)
        {
            centres[0][i] = boxes[i].MinX + boxes[i].MaxX;
            centres[1][i] = boxes[i].MinY + boxes[i].MaxY;
            centres[2][i] = boxes[i].MinZ + boxes[i].MaxZ;
        }
        Split(order, 0, n, capacity, centres);
        return order;
    }

    private static void Split(int[] order, int start, int count, int capacity, double[][] centres)
    {
        if (count <= capacity)
            return;
        int axis = WidestAxis(order, start, count, centres);
        // Cut in two at a whole number of groups (a kd-tree median split), so groups stay square.
        int groups = (count + capacity - 1) / capacity;
        int slabSize = (groups + 1) / 2 * capacity;
        if (slabSize < count)
            SelectBy(order, start, count, slabSize, centres[axis]);
        for (int first = start; first < start + count; first += slabSize)
            Split(order, first, Math.Min(slabSize, start + count - first), capacity, centres);
    }

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
    private static void SelectBy(int[] order, int start, int count, int cut, double[] coordinate)
    {
        var keys = new double[count];
        var items = order.AsSpan(start, count);
        for (int i = 0; i < count; i++)
            keys[i] = coordinate[items[i]];
        int left = 0, right = count - 1, k = cut - 1;
        while (right > left)
        {
            if (right - left < 32)
            {
                keys.AsSpan(left, right - left + 1).Sort(items.Slice(left, right - left + 1));
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
