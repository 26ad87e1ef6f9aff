namespace Maps.Core.Spatial;

/// <summary>
/// Packs primitives into the static 3D tree of <see cref="SphericalIndex"/> by Sort-Tile-Recursive
/// (Leutenegger et al. 1997) in three dimensions: entries are sorted by box centre on x, cut into
/// slabs, each slab sorted on y and cut again, each of those sorted on z, and consecutive runs of
/// <see cref="SphericalIndex.NodeCapacity"/> become one node; the same is repeated on the nodes
/// until a single root remains. Leaves come first in the node array and the root last; the
/// primitives are reordered so that each leaf owns a contiguous range. O(n log n).
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
        var arcs = new SphereArc[n];
        var ends = new ArcEnds[n];
        var sortedBoxes = new SphericalIndex.Node[n];
        for (int i = 0; i < n; i++)
        {
            arcs[i] = source[order[i]];
            ends[i] = set.Ends[order[i]];
            sortedBoxes[i] = boxes[order[i]];
        }
        Array.Copy(arcs, set.Arcs, n);
        Array.Copy(ends, set.Ends, n);

        var nodes = new List<SphericalIndex.Node>();
        int leafCount = (n + capacity - 1) / capacity;
        for (int first = 0; first < n; first += capacity)
            nodes.Add(Union(sortedBoxes, first, Math.Min(capacity, n - first)));

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

    /// <summary>A permutation of [0, n) in 3D STR order for runs of <paramref name="capacity"/>.</summary>
    private static int[] StrOrder(SphericalIndex.Node[] boxes, int n, int capacity)
    {
        var order = new int[n];
        for (int i = 0; i < n; i++)
            order[i] = i;
        var cx = new double[n];
        var cy = new double[n];
        var cz = new double[n];
        for (int i = 0; i < n; i++)
        {
            cx[i] = boxes[i].MinX + boxes[i].MaxX;
            cy[i] = boxes[i].MinY + boxes[i].MaxY;
            cz[i] = boxes[i].MinZ + boxes[i].MaxZ;
        }
        int groups = (n + capacity - 1) / capacity;
        int slices = (int)Math.Ceiling(Math.Cbrt(groups));
        int xSlab = capacity * slices * slices;
        int ySlab = capacity * slices;
        SortBy(order, 0, n, cx);
        for (int x = 0; x < n; x += xSlab)
        {
            int xCount = Math.Min(xSlab, n - x);
            SortBy(order, x, xCount, cy);
            for (int y = x; y < x + xCount; y += ySlab)
                SortBy(order, y, Math.Min(ySlab, x + xCount - y), cz);
        }
        return order;
    }

    private static void SortBy(int[] order, int start, int count, double[] coordinate)
    {
        var keys = new double[count];
        for (int i = 0; i < count; i++)
            keys[i] = coordinate[order[start + i]];
        keys.AsSpan().Sort(order.AsSpan(start, count));
    }
}
