using CsCheck;
using Maps.Core.Spatial;
using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Prepared;

namespace Maps.Core.Tests.Spatial;

/// <summary>
/// The packed envelope tree against brute force: its structure (contiguous ranges, bounds, capacity),
/// Query, Count by box with an exact geometry test and with a <see cref="PrefixCounter"/>, and the
/// prepared-polygon classification against NTS's own predicates.
/// </summary>
public class PackedEnvelopeTreeTests
{
    private static readonly GeometryFactory Factory = new();

    /// <summary>
    /// Random items on a grid of <paramref name="grid"/> cells of 0.5 (small grids: many duplicates,
    /// items on query edges): points, boxes (their geometry a diagonal, so the envelope only bounds it),
    /// horizontal and vertical lines, a cluster at one coordinate, and a few empty geometries.
    /// </summary>
    private static Geometry[] RandomGeometries(int seed, int count, int grid)
    {
        var random = new Random(seed);
        double Coordinate() => random.Next(0, grid + 1) * 0.5;
        var geometries = new Geometry[count];
        for (int i = 0; i < count; i++)
        {
            double x0 = Coordinate(), y0 = Coordinate(), x1 = Coordinate(), y1 = Coordinate();
            (x0, x1) = (Math.Min(x0, x1), Math.Max(x0, x1));
            (y0, y1) = (Math.Min(y0, y1), Math.Max(y0, y1));
            geometries[i] = random.Next(10) switch
            {
                0 or 1 or 2 => Factory.CreatePoint(new Coordinate(x0, y0)),
                3 => Factory.CreatePoint(new Coordinate(2.5, 2.5)),
                4 => Line(x0, y0, x1, y0),
                5 => Line(x0, y0, x0, y1),
                6 => Line(x0, y0, x1, y1),
                7 => Line(x0, y1, x1, y0),
                8 => Factory.ToGeometry(new Envelope(x0, x1, y0, y1)),
                _ => random.Next(8) == 0 ? Factory.CreateLineString() : Factory.CreatePoint(new Coordinate(x1, y1)),
            };
        }
        return geometries;
    }

    // Not a zero-length line: that invalid geometry intersects nothing for NTS, though its envelope is a point.
    private static Geometry Line(double x0, double y0, double x1, double y1) => x0 == x1 && y0 == y1
        ? Factory.CreatePoint(new Coordinate(x0, y0))
        : Factory.CreateLineString([new Coordinate(x0, y0), new Coordinate(x1, y1)]);

    private static Envelope RandomBox(Random random, int grid)
    {
        double Coordinate() => random.Next(-1, grid + 2) * 0.5;
        double x0 = Coordinate(), y0 = Coordinate(), x1 = Coordinate(), y1 = Coordinate();
        return random.Next(6) switch
        {
            0 => new Envelope(x0, x0, y0, y1),   // degenerate: a vertical segment
            1 => new Envelope(x0, x0, y0, y0),   // a point
            _ => new Envelope(x0, x1, y0, y1),
        };
    }

    private static readonly Gen<(int Seed, int Count, int Grid, int Capacity)> Case =
        Gen.Select(Gen.Int, Gen.Int[0, 5_000], Gen.Int[1, 60], Gen.Int[2, 32]);

    [Fact]
    public void Every_node_covers_a_contiguous_range_that_its_children_tile_and_bounds_its_items()
    {
        Case.Sample(c =>
        {
            var geometries = RandomGeometries(c.Seed, c.Count, c.Grid);
            var envelopes = geometries.Select(g => g.EnvelopeInternal).ToArray();
            var tree = PackedEnvelopeTree.Build(envelopes, c.Capacity);

            var indexed = Enumerable.Range(0, envelopes.Length).Where(i => !envelopes[i].IsNull).ToArray();
            Assert.Equal(indexed, tree.Order.ToArray().Order());
            Assert.Equal(c.Count, tree.PositionCount);
            if (tree.ItemCount == 0)
            {
                Assert.Equal(0, tree.NodeCount);
                return;
            }
            var (rootStart, rootEnd, _, _) = tree.NodeAt(0);
            Assert.Equal((0, tree.ItemCount), (rootStart, rootEnd));
            var reached = new bool[tree.NodeCount];
            var stack = new Stack<(int Node, int Depth)>([(0, 0)]);
            while (stack.Count > 0)
            {
                var (node, depth) = stack.Pop();
                Assert.False(reached[node]);
                reached[node] = true;
                var (start, end, childStart, childEnd) = tree.NodeAt(node);
                var bounds = tree.NodeEnvelope(node);
                Assert.True(start < end);
                if (childStart == childEnd)
                {
                    Assert.True(end - start <= c.Capacity, "a leaf holds at most the capacity");
                    Assert.True(depth <= tree.Height);
                    for (int k = start; k < end; k++)
                    {
                        Assert.Equal(envelopes[tree.Order[k]], tree.ItemEnvelope(k));
                        Assert.True(bounds.Covers(tree.ItemEnvelope(k)));
                    }
                    continue;
                }
                Assert.InRange(childEnd - childStart, 2, c.Capacity);
                int next = start;
                for (int child = childStart; child < childEnd; child++)
                {
                    Assert.True(child > node);
                    var (s, e, _, _) = tree.NodeAt(child);
                    Assert.Equal(next, s);
                    next = e;
                    Assert.True(bounds.Covers(tree.NodeEnvelope(child)));
                    stack.Push((child, depth + 1));
                }
                Assert.Equal(end, next);
            }
            Assert.All(reached, Assert.True);
            if (c.Capacity >= 8)
                Assert.True(tree.SizeInBytes <= 60L * tree.ItemCount + 48, $"{tree.SizeInBytes} bytes for {tree.ItemCount} items");
        }, iter: 150);
    }

    [Fact]
    public void Query_finds_exactly_the_envelopes_that_intersect_the_box()
    {
        Case.Sample(c =>
        {
            var envelopes = RandomGeometries(c.Seed, c.Count, c.Grid).Select(g => g.EnvelopeInternal).ToArray();
            var tree = PackedEnvelopeTree.Build(envelopes, c.Capacity);
            var random = new Random(c.Seed);
            var found = new List<int>();
            for (int q = 0; q < 20; q++)
            {
                var box = RandomBox(random, c.Grid);
                var expected = Enumerable.Range(0, envelopes.Length).Where(i => !envelopes[i].IsNull && envelopes[i].Intersects(box)).ToArray();
                found.Clear();
                tree.Query(box, found);
                Assert.Equal(expected, found.Order());
                Assert.Equal(expected.Length, tree.Count(box));
            }
            found.Clear();
            tree.Query(new Envelope(), found);
            Assert.Empty(found);
        }, iter: 150);
    }

    [Fact]
    public void Count_with_an_exact_test_and_a_prefix_counter_equals_brute_force_over_the_geometries()
    {
        Case.Sample(c =>
        {
            var geometries = RandomGeometries(c.Seed, c.Count, c.Grid);
            var tree = PackedEnvelopeTree.Build(geometries.Select(g => g.EnvelopeInternal).ToArray(), c.Capacity);
            var random = new Random(c.Seed);
            int modulus = random.Next(1, 6), salt = random.Next();
            bool Property(int position) => (uint)HashCode.Combine(position, salt) % modulus == 0;
            var counter = tree.CounterOf(Property);
            Assert.Equal(Enumerable.Range(0, geometries.Length).Count(p => !geometries[p].IsEmpty && Property(p)), counter.Total);

            for (int q = 0; q < 10; q++)
            {
                var box = RandomBox(random, c.Grid);
                var boxGeometry = Factory.ToGeometry(box);
                var prepared = PreparedGeometryFactory.Prepare(boxGeometry);
                bool Exact(int position)
                {
                    var envelope = geometries[position].EnvelopeInternal;
                    Assert.True(envelope.Intersects(box) && !box.Covers(envelope), "only items whose envelope overlaps the box's edge are tested");
                    return prepared.Intersects(geometries[position]);
                }
                var matching = Enumerable.Range(0, geometries.Length).Where(p => geometries[p].Intersects(boxGeometry)).ToArray();

                Assert.Equal(matching.Length, tree.Count(box, Exact));
                Assert.Equal(matching.Count(Property), tree.Count(box, Exact, counter));
            }
        }, iter: 100);
    }

    [Fact]
    public void Count_over_a_union_of_boxes_counts_each_item_once()
    {
        Case.Sample(c =>
        {
            var geometries = RandomGeometries(c.Seed, c.Count, c.Grid);
            var tree = PackedEnvelopeTree.Build(geometries.Select(g => g.EnvelopeInternal).ToArray(), c.Capacity);
            var random = new Random(c.Seed);
            for (int q = 0; q < 10; q++)
            {
                // Two boxes that touch along a vertical edge (as a bbox split at ±180° does), or any two.
                var west = RandomBox(random, c.Grid);
                var east = random.Next(2) == 0 ? new Envelope(west.MaxX, west.MaxX + random.Next(0, 8) * 0.5, west.MinY, west.MaxY) : RandomBox(random, c.Grid);
                Envelope[] boxes = [west, east];
                var boxGeometries = boxes.Select(b => Factory.ToGeometry(b)).ToArray();
                bool Exact(int position) => boxGeometries.Any(b => b.Intersects(geometries[position]));
                int expected = Enumerable.Range(0, geometries.Length).Count(Exact);
                Assert.Equal(expected, tree.Count(boxes, Exact));
                Assert.Equal(expected, tree.Count(new PackedEnvelopeTree.BoxUnionClassifier(boxes), Exact));
            }
        }, iter: 60);
    }

    [Fact]
    public void Whole_nodes_inside_the_box_are_counted_without_visiting_their_items()
    {
        var random = new Random(3);
        int n = 20_000;
        double[] x = new double[n], y = new double[n];
        for (int i = 0; i < n; i++)
            (x[i], y[i]) = (random.NextDouble() * 100, random.NextDouble() * 100);
        var tree = PackedEnvelopeTree.FromPoints(x, y);
        var box = new Envelope(10, 90, 10, 90);
        var classifier = new CountingClassifier(box);

        int count = tree.Count(classifier, _ => throw new InvalidOperationException("points are never partial"));

        Assert.Equal(Enumerable.Range(0, n).Count(i => box.Contains(x[i], y[i])), count);
        Assert.True(count > n / 2);
        // Only nodes and items along the box's edges are looked at, not the ~12,800 inside.
        Assert.True(classifier.Calls < n / 5, $"{classifier.Calls} classifications for {n} points");
    }

    private sealed class CountingClassifier(Envelope box) : IEnvelopeClassifier
    {
        public int Calls;

        public Coverage Classify(double minX, double minY, double maxX, double maxY)
        {
            Calls++;
            return PackedEnvelopeTree.ClassifyAgainstBox(new Envelope(minX, maxX, minY, maxY), box);
        }
    }

    [Fact]
    public void Box_classification_is_inside_outside_or_partial_with_closed_edges()
    {
        var box = new Envelope(0, 10, 0, 10);
        Assert.Equal(Coverage.Inside, PackedEnvelopeTree.ClassifyAgainstBox(new Envelope(0, 10, 0, 10), box));
        Assert.Equal(Coverage.Inside, PackedEnvelopeTree.ClassifyAgainstBox(new Envelope(10, 10, 3, 3), box));
        Assert.Equal(Coverage.Partial, PackedEnvelopeTree.ClassifyAgainstBox(new Envelope(10, 11, 3, 3), box));
        Assert.Equal(Coverage.Outside, PackedEnvelopeTree.ClassifyAgainstBox(new Envelope(10.5, 11, 3, 3), box));
        Assert.Equal(Coverage.Outside, PackedEnvelopeTree.ClassifyAgainstBox(new Envelope(), box));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void Tiny_trees_answer(int n)
    {
        var envelopes = Enumerable.Range(0, n).Select(i => new Envelope(i, i, 0, 0)).ToArray();
        var tree = PackedEnvelopeTree.Build(envelopes);
        var found = new List<int>();
        tree.Query(new Envelope(-1, 5, -1, 1), found);
        Assert.Equal(Enumerable.Range(0, n), found.Order());
        Assert.Equal(n, tree.Count(new Envelope(-1, 5, -1, 1)));
        Assert.Equal(Math.Min(n, 1), tree.Count(new Envelope(0, 0, 0, 0)));
        Assert.Equal(0, tree.Count(new Envelope(3, 5, -1, 1)));
        Assert.Equal(0, tree.Height);
    }

    // ------------------------------------------------------------ prepared polygons

    /// <summary>A random star-shaped polygon (concave in general) around a grid centre, sometimes with a hole.</summary>
    private static Geometry RandomPolygon(Random random)
    {
        double cx = random.Next(2, 9), cy = random.Next(2, 9);
        int vertices = random.Next(3, 9);
        var shell = new Coordinate[vertices + 1];
        for (int v = 0; v < vertices; v++)
        {
            double angle = 2 * Math.PI * v / vertices, radius = random.Next(1, 9) * 0.5;
            // Rounded to the half grid so that vertices and edges meet the items' coordinates.
            shell[v] = new Coordinate(Math.Round((cx + radius * Math.Cos(angle)) * 2) / 2, Math.Round((cy + radius * Math.Sin(angle)) * 2) / 2);
        }
        shell[vertices] = shell[0].Copy();
        Geometry polygon = Factory.CreatePolygon(shell);
        if (!polygon.IsValid)
            polygon = polygon.Buffer(0);
        if (random.Next(3) == 0)
        {
            var hole = Factory.ToGeometry(new Envelope(cx - 0.5, cx + 0.5, cy - 0.5, cy + 0.5));
            polygon = polygon.Difference(hole);
        }
        return polygon;
    }

    [Fact]
    public void Polygon_classification_agrees_with_nts_and_is_sound_for_what_the_envelope_holds()
    {
        Gen.Int.Sample(seed =>
        {
            var random = new Random(seed);
            var polygon = RandomPolygon(random);
            if (polygon.IsEmpty)
                return;
            var prepared = PreparedGeometryFactory.Prepare(polygon);
            foreach (var geometry in RandomGeometries(seed, 60, 24))
            {
                var envelope = geometry.EnvelopeInternal;
                var coverage = PackedEnvelopeTree.ClassifyAgainstPolygon(envelope, prepared);
                if (envelope.IsNull)
                {
                    Assert.Equal(Coverage.Outside, coverage);
                    continue;
                }
                var extent = Factory.ToGeometry(envelope);
                var expected = !polygon.Intersects(extent) ? Coverage.Outside : polygon.Covers(extent) ? Coverage.Inside : Coverage.Partial;
                Assert.Equal(expected, coverage);
                // Soundness on what an envelope can hold: the item itself, its corners, the extent.
                var held = new List<Geometry> { geometry, extent };
                held.AddRange(new[] { (envelope.MinX, envelope.MinY), (envelope.MaxX, envelope.MaxY), (envelope.MinX, envelope.MaxY), (envelope.Centre.X, envelope.Centre.Y) }
                    .Select(p => Factory.CreatePoint(new Coordinate(p.Item1, p.Item2))));
                if (coverage == Coverage.Inside)
                    Assert.All(held, g => Assert.True(polygon.Intersects(g), $"{g} within an Inside envelope {envelope} misses {polygon}"));
                if (coverage == Coverage.Outside)
                    Assert.All(held, g => Assert.False(polygon.Intersects(g), $"{g} within an Outside envelope {envelope} meets {polygon}"));
            }
        }, iter: 300);
    }

    [Fact]
    public void Count_against_a_prepared_polygon_equals_brute_force_intersects()
    {
        Gen.Select(Gen.Int, Gen.Int[0, 3_000], Gen.Int[2, 32]).Sample((seed, n, capacity) =>
        {
            var random = new Random(seed);
            var polygon = RandomPolygon(random);
            var prepared = PreparedGeometryFactory.Prepare(polygon);
            var geometries = RandomGeometries(seed, n, 24);
            var tree = PackedEnvelopeTree.Build(geometries.Select(g => g.EnvelopeInternal).ToArray(), capacity);
            var classifier = new PackedEnvelopeTree.PreparedPolygonClassifier(prepared);
            int salt = random.Next();
            bool Property(int position) => (uint)HashCode.Combine(position, salt) % 5 == 0;

            var matching = Enumerable.Range(0, n).Where(p => polygon.Intersects(geometries[p])).ToArray();
            Assert.Equal(matching.Length, tree.Count(classifier, p => prepared.Intersects(geometries[p])));
            Assert.Equal(matching.Count(Property), tree.Count(classifier, p => prepared.Intersects(geometries[p]), tree.CounterOf(Property)));
            Assert.Equal(matching.Length, tree.Count(e => PackedEnvelopeTree.ClassifyAgainstPolygon(e, prepared), p => prepared.Intersects(geometries[p])));
        }, iter: 60);
    }

    [Fact]
    public void Degenerate_envelopes_are_classified_as_the_points_and_lines_they_are()
    {
        var square = PreparedGeometryFactory.Prepare(Factory.ToGeometry(new Envelope(0, 10, 0, 10)));
        // A vertical line on the boundary is covered (a line inside the square's closure intersects it).
        Assert.Equal(Coverage.Inside, PackedEnvelopeTree.ClassifyAgainstPolygon(new Envelope(10, 10, 2, 8), square));
        Assert.Equal(Coverage.Inside, PackedEnvelopeTree.ClassifyAgainstPolygon(new Envelope(10, 10, 10, 10), square));
        Assert.Equal(Coverage.Partial, PackedEnvelopeTree.ClassifyAgainstPolygon(new Envelope(5, 5, -5, 5), square));
        Assert.Equal(Coverage.Partial, PackedEnvelopeTree.ClassifyAgainstPolygon(new Envelope(-5, 5, 5, 5), square));
        Assert.Equal(Coverage.Outside, PackedEnvelopeTree.ClassifyAgainstPolygon(new Envelope(11, 11, 5, 5), square));
        Assert.Equal(Coverage.Outside, PackedEnvelopeTree.ClassifyAgainstPolygon(new Envelope(11, 12, 5, 5), square));

        // A U shape: a horizontal line across the notch has its ends inside but is not covered.
        var u = PreparedGeometryFactory.Prepare(Factory.CreatePolygon([new(0, 0), new(10, 0), new(10, 10), new(7, 10), new(7, 3), new(3, 3), new(3, 10), new(0, 10), new(0, 0)]));
        Assert.Equal(Coverage.Partial, PackedEnvelopeTree.ClassifyAgainstPolygon(new Envelope(1, 9, 5, 5), u));
        Assert.Equal(Coverage.Outside, PackedEnvelopeTree.ClassifyAgainstPolygon(new Envelope(4, 6, 5, 5), u));
        Assert.Equal(Coverage.Outside, PackedEnvelopeTree.ClassifyAgainstPolygon(new Envelope(5, 5, 5, 5), u));
        Assert.Equal(Coverage.Inside, PackedEnvelopeTree.ClassifyAgainstPolygon(new Envelope(3, 7, 3, 3), u));
    }
}
