using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Maps.Core.Geodesy;

namespace Maps.Core.Spatial;

/// <summary>
/// Exact nearest-feature search on the sphere of docs/architecture.md §6 (radius <see cref="Sphere.RadiusMeters"/>,
/// a line's edges are great-circle arcs).
/// <para>
/// Why not NTS <c>STRtree</c>: its boxes live in the lon/lat plane, where a degree of longitude
/// shrinks with latitude and ±180° looks 360° wide, so its envelope distance is not a lower bound
/// of the true distance and ranks neighbours wrongly near the poles and the antimeridian. Here
/// every vertex is a 3D unit vector and the boxes are axis-aligned in 3D, where none of those
/// seams exist.
/// </para>
/// <para>
/// Algorithm: features are decomposed into points and great-circle arcs. Each arc is bounded by
/// the box of its endpoints grown by its sagitta <c>1 − cos(θ/2)</c> in every axis (the arc lies
/// in its plane between the chord and the sphere, within one sagitta of the chord), which is a
/// conservative box. The boxes are packed bottom-up into a static 3D tree of
/// <see cref="NodeCapacity"/> entries per node (STR packing with kd median splits on the widest axis). A query is a best-first search ordered by the
/// Euclidean distance from the query's unit vector to each box, a true lower bound of the chord to
/// anything inside it; leaves are measured exactly (<see cref="SphereMath.Key"/>), and the search
/// stops when the next box is farther than the k-th best feature, which proves the answer. A
/// nearest search first walks straight down to the leaf nearest the query and measures it, so that
/// the threshold is finite before any box is queued (<see cref="DescendFirst"/>). The
/// chord c and the angle θ are monotonic (c = 2 sin(θ/2)), so ranking by chord is ranking by
/// distance. Typical cost: O(log n) boxes and a few dozen exact evaluations per query.
/// </para>
/// <para>
/// Range queries (<see cref="Within"/>, <see cref="WithinMany"/>) run the same traversal with a
/// fixed threshold, the radius, and a sink that keeps every distinct feature inside it
/// (<see cref="ISearchSink"/>): a feature counts once however many of its arcs are in range, at
/// its nearest arc, and the radius is inclusive.
/// </para>
/// <para>
/// Ties: two features within 1e-9 relative distance are equally near and the smaller
/// (collection id, feature id), in ordinal order, wins. Building is synchronous; the index is
/// immutable and querying is thread-safe and allocation-free apart from the returned list.
/// </para>
/// </summary>
public sealed class SphericalIndex
{
    /// <summary>Entries per tree node (leaf primitives or child nodes).</summary>
    public const int NodeCapacity = 8;

    [ThreadStatic] private static SearchState? t_state;

    private readonly SphereArcSet _set;
    private readonly Node[] _nodes;
    private readonly int _leafCount;
    private readonly int _root;

    private SphericalIndex(SphereArcSet set, Node[] nodes, int leafCount)
    {
        _set = set;
        _nodes = nodes;
        _leafCount = leafCount;
        _root = nodes.Length - 1;
        if (set.OnePrimitivePerFeature)
            (_subtreeCounts, _subtreeWeights) = SubtreeTotals(nodes, leafCount, set);
    }

    /// <summary>Most radii one range search over bare points answers with whole-node counting (the scope fits in 4 bits of a queued entry).</summary>
    internal const int MaxScope = 15;

    // For sets of one primitive per feature: per node, the features under it and their weight sum.
    private readonly int[]? _subtreeCounts;
    private readonly double[]? _subtreeWeights;

    /// <summary>Children always precede their parent in the node array (leaves first, root last), so one pass upwards sums them.</summary>
    private static (int[], double[]) SubtreeTotals(Node[] nodes, int leafCount, SphereArcSet set)
    {
        var counts = new int[nodes.Length];
        var sums = new double[nodes.Length];
        for (int node = 0; node < nodes.Length; node++)
        {
            ref readonly var current = ref nodes[node];
            for (int i = current.First; i < current.First + current.Count; i++)
            {
                if (node < leafCount)
                {
                    counts[node]++;
                    sums[node] += set.WeightOf(set.Feature[i]);
                }
                else
                {
                    counts[node] += counts[i];
                    sums[node] += sums[i];
                }
            }
        }
        return (counts, sums);
    }

    /// <summary>Number of indexed features (a feature with an empty geometry counts but is never found).</summary>
    public int FeatureCount => _set.FeatureCount;

    /// <summary>Number of indexed primitives (points and arcs).</summary>
    public int PrimitiveCount => _set.PrimitiveCount;

    /// <summary>
    /// Builds the index: O(n log n) in the number of primitives. Feature ids must be unique within
    /// a collection; positions must have finite longitudes and latitudes within [−90, 90].
    /// </summary>
    public static SphericalIndex Build(IEnumerable<IndexedFeature> features, CancellationToken cancellationToken = default)
    {
        var set = SphereArcSet.Build(features, cancellationToken);
        return SphericalTreeBuilder.Build(set, cancellationToken);
    }

    /// <summary>
    /// An index of bare points: feature i is <paramref name="points"/>[i] in collection
    /// <paramref name="collectionId"/>, its id the decimal i, its weight <paramref name="weights"/>[i]
    /// (1 when null). No strings or geometries per point, for indexing the rows of a request.
    /// </summary>
    public static SphericalIndex FromPoints(IReadOnlyList<LonLat> points, IReadOnlyList<double>? weights = null, string collectionId = "points", CancellationToken cancellationToken = default)
    {
        var set = SphereArcSet.FromPoints(collectionId, points, weights, cancellationToken);
        return SphericalTreeBuilder.Build(set, cancellationToken);
    }

    /// <summary>
    /// An index of the features of <paramref name="layers"/> that <paramref name="selection"/>
    /// includes, read in one scan of each layer file. It holds positions, ranks and weights, not
    /// ids or geometries: an answer's id is read from its layer file (about 50 bytes per point).
    /// </summary>
    public static SphericalIndex FromLayers(IEnumerable<Layers.Layer> layers, IndexSelection selection, CancellationToken cancellationToken = default)
    {
        var set = SphereArcSet.FromLayers(layers, selection, cancellationToken);
        return SphericalTreeBuilder.Build(set, cancellationToken);
    }

    internal static SphericalIndex Create(SphereArcSet set, Node[] nodes, int leafCount) => new(set, nodes, leafCount);

    /// <summary>
    /// The <paramref name="k"/> nearest distinct features to (lon, lat), nearest first, each with its
    /// distance and closest point; only features within <paramref name="maxDistanceKm"/> when given
    /// (inclusive). Fewer than k when the index holds fewer; empty for an empty index.
    /// </summary>
    public IReadOnlyList<NearestResult> Nearest(double lon, double lat, int k = 1, double? maxDistanceKm = null)
    {
        CheckQuery(lon, lat, k, maxDistanceKm);
        SphereMath.ToUnit(lon, lat, out double qx, out double qy, out double qz);
        var state = t_state ??= new SearchState();
        state.Candidates.Reset(Math.Min(k, Math.Max(FeatureCount, 1)), maxDistanceKm is double km ? SphereMath.KeyFromKm(km) : double.PositiveInfinity);
        Search(new NearestSink(state.Candidates), state, qx, qy, qz);
        return _set.Results(state.Candidates, qx, qy, qz);
    }

    /// <summary>The nearest feature within the optional cap, without allocating; false when there is none.</summary>
    public bool TryNearest(double lon, double lat, out NearestResult result, double? maxDistanceKm = null)
    {
        CheckQuery(lon, lat, 1, maxDistanceKm);
        SphereMath.ToUnit(lon, lat, out double qx, out double qy, out double qz);
        var state = t_state ??= new SearchState();
        state.Candidates.Reset(1, maxDistanceKm is double km ? SphereMath.KeyFromKm(km) : double.PositiveInfinity);
        Search(new NearestSink(state.Candidates), state, qx, qy, qz);
        if (state.Candidates.Count == 0)
        {
            result = default;
            return false;
        }
        result = _set.Result(state.Candidates.ArcAt(0), state.Candidates.KeyAt(0), qx, qy, qz);
        return true;
    }

    /// <summary>
    /// Distance in km from each point to its nearest feature, or +∞ when none lies within
    /// <paramref name="maxDistanceKm"/>; one capped search per point, in parallel over all cores.
    /// Every position is validated first (<see cref="ArgumentOutOfRangeException"/>).
    /// </summary>
    public double[] NearestDistancesKm(IReadOnlyList<LonLat> points, double maxDistanceKm = double.PositiveInfinity, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(points);
        if (double.IsNaN(maxDistanceKm) || maxDistanceKm < 0)
            throw new ArgumentOutOfRangeException(nameof(maxDistanceKm), "The distance cap must be zero or positive.");
        CheckPositions(points);
        var distances = new double[points.Count];
        double maxKey = SphereMath.KeyFromKm(maxDistanceKm);
        ForEachRange(points.Count, cancellationToken, (from, to) =>
        {
            var state = t_state ??= new SearchState();
            for (int i = from; i < to; i++)
            {
                var point = points[i];
                SphereMath.ToUnit(point.Lon, point.Lat, out double qx, out double qy, out double qz);
                state.Candidates.Reset(1, maxKey);
                Search(new NearestSink(state.Candidates), state, qx, qy, qz);
                distances[i] = state.Candidates.Count == 0 ? double.PositiveInfinity : SphereMath.KmFromKey(state.Candidates.KeyAt(0));
            }
        });
        return distances;
    }

    /// <summary>
    /// The nearest feature of each point (null when none lies within the cap), in parallel over all
    /// cores. Results are in input order. For streaming, call it per chunk of rows.
    /// </summary>
    public NearestResult?[] NearestMany(IReadOnlyList<LonLat> points, double? maxDistanceKm = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(points);
        CheckQuery(0, 0, 1, maxDistanceKm);
        CheckPositions(points);
        var results = new NearestResult?[points.Count];
        ForEachRange(points.Count, cancellationToken, (from, to) =>
        {
            for (int i = from; i < to; i++)
                results[i] = TryNearest(points[i].Lon, points[i].Lat, out var result, maxDistanceKm) ? result : null;
        });
        return results;
    }

    /// <summary>The distinct features within <paramref name="radiusKm"/> (inclusive) of (lon, lat): how many, and the sum of their weights.</summary>
    public RangeTotals Within(double lon, double lat, double radiusKm)
    {
        Span<RangeTotals> totals = stackalloc RangeTotals[1];
        Within(lon, lat, [radiusKm], totals);
        return totals[0];
    }

    /// <summary>
    /// <see cref="Within"/> for several radii in one search (the largest), written to
    /// <paramref name="totals"/> in the order of <paramref name="radiiKm"/>.
    /// </summary>
    public void Within(double lon, double lat, ReadOnlySpan<double> radiiKm, Span<RangeTotals> totals)
    {
        CheckQuery(lon, lat, 1, null);
        CheckRadii(radiiKm, totals.Length);
        SphereMath.ToUnit(lon, lat, out double qx, out double qy, out double qz);
        var state = t_state ??= new SearchState();
        Span<double> keys = stackalloc double[radiiKm.Length];
        RangeSearch(state, qx, qy, qz, RadiusKeys(radiiKm, keys), totals);
    }

    /// <summary>
    /// <see cref="Within"/> for every point and radius, in parallel over all cores: the totals of
    /// point i and radius j are at <c>[i * radiiKm.Count + j]</c>. Every position is validated first.
    /// </summary>
    public RangeTotals[] WithinMany(IReadOnlyList<LonLat> points, IReadOnlyList<double> radiiKm, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(radiiKm);
        var radii = radiiKm.ToArray();
        CheckRadii(radii, radii.Length);
        CheckPositions(points);
        var keys = new double[radii.Length];
        RadiusKeys(radii, keys);
        var totals = new RangeTotals[points.Count * radii.Length];
        ForEachRange(points.Count, cancellationToken, (from, to) =>
        {
            var state = t_state ??= new SearchState();
            for (int i = from; i < to; i++)
            {
                SphereMath.ToUnit(points[i].Lon, points[i].Lat, out double qx, out double qy, out double qz);
                RangeSearch(state, qx, qy, qz, keys, totals.AsSpan(i * radii.Length, radii.Length));
            }
        });
        return totals;
    }

    private void RangeSearch(SearchState state, double qx, double qy, double qz, ReadOnlySpan<double> keys, Span<RangeTotals> totals)
    {
        if (_subtreeCounts is not null && keys.Length <= MaxScope)
        {
            var tally = state.Tally;
            tally.Reset(keys);
            Search(new TallyRangeSink(tally, _set.Weights, _subtreeCounts, _subtreeWeights!), state, qx, qy, qz);
            for (int r = 0; r < keys.Length; r++)
                totals[tally.Order[r]] = new RangeTotals(tally.Counts[r], tally.Sums[r]);
            return;
        }
        double maxKey = 0;
        foreach (double key in keys)
            maxKey = Math.Max(maxKey, key);
        var collector = state.Range;
        collector.Reset(_set.RankCount, maxKey);
        Search(new RangeSink(collector), state, qx, qy, qz);
        for (int r = 0; r < keys.Length; r++)
        {
            long count = 0;
            double sum = 0;
            foreach (int feature in collector.Touched)
            {
                if (collector.KeyOf(feature) <= keys[r])
                {
                    count++;
                    sum += _set.WeightOf(feature);
                }
            }
            totals[r] = new RangeTotals(count, sum);
        }
    }

    /// <summary>The key (squared chord) of each radius: a feature is within the radius when its key is at most this.</summary>
    internal static ReadOnlySpan<double> RadiusKeys(ReadOnlySpan<double> radiiKm, Span<double> keys)
    {
        for (int i = 0; i < radiiKm.Length; i++)
            keys[i] = SphereMath.KeyFromKm(radiiKm[i]);
        return keys;
    }

    internal static void CheckRadii(ReadOnlySpan<double> radiiKm, int totals)
    {
        if (radiiKm.Length == 0)
            throw new ArgumentException("At least one radius is needed.", nameof(radiiKm));
        if (totals < radiiKm.Length)
            throw new ArgumentException($"Room for {totals} totals, but {radiiKm.Length} radii.", nameof(totals));
        foreach (double radius in radiiKm)
        {
            if (!double.IsFinite(radius) || radius < 0)
                throw new ArgumentOutOfRangeException(nameof(radiiKm), radius, "A radius must be finite and zero or positive.");
        }
    }

    internal static void CheckQuery(double lon, double lat, int k, double? maxDistanceKm)
    {
        if (!double.IsFinite(lon))
            throw new ArgumentOutOfRangeException(nameof(lon), lon, "Longitude must be finite.");
        if (!double.IsFinite(lat) || lat < -90 || lat > 90)
            throw new ArgumentOutOfRangeException(nameof(lat), lat, "Latitude must be within [-90, 90].");
        if (k < 1)
            throw new ArgumentOutOfRangeException(nameof(k), k, "k must be at least 1.");
        if (maxDistanceKm is double km && (double.IsNaN(km) || km < 0))
            throw new ArgumentOutOfRangeException(nameof(maxDistanceKm), km, "The distance cap must be zero or positive.");
    }

    /// <summary>Rejects a bad position before any parallel work, so the caller gets the plain exception.</summary>
    private static void CheckPositions(IReadOnlyList<LonLat> points)
    {
        for (int i = 0; i < points.Count; i++)
        {
            var point = points[i];
            if (!double.IsFinite(point.Lon) || !double.IsFinite(point.Lat) || point.Lat < -90 || point.Lat > 90)
                throw new ArgumentOutOfRangeException(nameof(points), $"Point #{i} ({point.Lon}, {point.Lat}) is not a valid lon/lat position.");
        }
    }

    private static void ForEachRange(int count, CancellationToken cancellationToken, Action<int, int> body)
    {
        if (count == 0)
            return;
        int chunk = Math.Clamp(count / (Environment.ProcessorCount * 8), 256, 65_536);
        var options = new ParallelOptions { CancellationToken = cancellationToken };
        Parallel.ForEach(Partitioner.Create(0, count, chunk), options, range => body(range.Item1, range.Item2));
    }

    /// <summary>
    /// The traversal every query shares; what is kept is the sink's business. A nearest search visits
    /// boxes nearest first (a heap), which lets it stop at the first box beyond its narrowing threshold;
    /// a range search must visit every box within its fixed radius anyway, in any order, so it keeps them
    /// on a stack, which costs no sifting and goes depth-first through neighbouring boxes.
    /// </summary>
    private void Search<TSink>(TSink sink, SearchState state, double qx, double qy, double qz) where TSink : struct, ISearchSink
    {
        if (_nodes.Length == 0)
            return;
        var heap = state.Heap;
        var stack = state.Stack;
        heap.Clear();
        stack.Clear();
        var nodes = _nodes;
        int node = _root;
        int scope = sink.InitialScope;
        double threshold = sink.ThresholdIn(scope);
        double bound;
        if (sink.Narrows)
        {
            if (!DescendFirst(sink, heap, qx, qy, qz, out node, out bound))
                return;
            threshold = sink.ThresholdIn(scope);
        }
        else
        {
            bound = LowerBound(nodes[node], qx, qy, qz);
            if (sink.TakesWholeNodes && bound <= threshold)
            {
                scope = sink.Enter(node, UpperBound(nodes[node], qx, qy, qz), scope);
                if (scope == 0)
                    return;
                threshold = sink.ThresholdIn(scope);
            }
        }
        while (bound <= threshold)
        {
            ref readonly var current = ref nodes[node];
            int end = current.First + current.Count;
            if (node < _leafCount)
            {
                threshold = OfferLeaf(sink, current, scope, threshold, qx, qy, qz);
            }
            else
            {
                for (int child = current.First; child < end; child++)
                {
                    double childBound = LowerBound(nodes[child], qx, qy, qz);
                    if (childBound > threshold)
                        continue;
                    if (sink.TakesWholeNodes)
                    {
                        int childScope = sink.Enter(child, UpperBound(nodes[child], qx, qy, qz), scope);
                        if (childScope > 0 && childBound <= sink.ThresholdIn(childScope))
                            stack.Push(childBound, child << 4 | childScope);
                    }
                    else if (sink.Narrows)
                    {
                        heap.Push(childBound, child);
                    }
                    else
                    {
                        stack.Push(childBound, child);
                    }
                }
            }
            if (!(sink.Narrows ? heap.TryPop(out bound, out node) : stack.TryPop(out bound, out node)))
                return;
            if (sink.TakesWholeNodes)
            {
                scope = node & 15;
                node >>= 4;
                threshold = sink.ThresholdIn(scope);
            }
        }
    }

    /// <summary>
    /// The start of a search whose threshold narrows: straight down to the leaf nearest the query,
    /// measured, and only then the other children of the nodes on the way queued, those that can still
    /// hold something nearer. Best-first from the root would queue every child of every node on the way
    /// down while the threshold is still infinite: on the backbone, 42 queued nodes per query against 11.
    /// False when nothing is left to visit; else the first node to visit and its bound.
    /// </summary>
    private bool DescendFirst<TSink>(TSink sink, MinHeap heap, double qx, double qy, double qz, out int next, out double nextBound) where TSink : struct, ISearchSink
    {
        var nodes = _nodes;
        Span<int> path = stackalloc int[MaxDepth];
        int depth = 0, node = _root;
        while (node >= _leafCount)
        {
            path[depth++] = node;
            ref readonly var current = ref nodes[node];
            int nearest = current.First;
            double nearestBound = double.PositiveInfinity;
            for (int child = current.First; child < current.First + current.Count; child++)
            {
                double childBound = LowerBound(nodes[child], qx, qy, qz);
                if (childBound < nearestBound)
                {
                    nearestBound = childBound;
                    nearest = child;
                }
            }
            node = nearest;
        }
        int scope = sink.InitialScope;
        double threshold = OfferLeaf(sink, nodes[node], scope, sink.ThresholdIn(scope), qx, qy, qz);
        for (int d = 0; d < depth; d++)
        {
            int taken = d + 1 < depth ? path[d + 1] : node;
            ref readonly var current = ref nodes[path[d]];
            for (int child = current.First; child < current.First + current.Count; child++)
            {
                if (child == taken)
                    continue;
                double childBound = LowerBound(nodes[child], qx, qy, qz);
                if (childBound <= threshold)
                    heap.Push(childBound, child);
            }
        }
        return heap.TryPop(out nextBound, out next);
    }

    /// <summary>Measures a leaf's primitives and offers the sink those within its threshold; the threshold after them.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private double OfferLeaf<TSink>(TSink sink, in Node leaf, int scope, double threshold, double qx, double qy, double qz) where TSink : struct, ISearchSink
    {
        var set = _set;
        var features = set.Feature;
        for (int i = leaf.First; i < leaf.First + leaf.Count; i++)
        {
            double key = SphereMath.Key(set, i, qx, qy, qz);
            if (key <= threshold)
            {
                sink.Offer(key, features[i], i, scope);
                threshold = sink.ThresholdIn(scope);
            }
        }
        return threshold;
    }

    /// <summary>Most levels a tree can have: with <see cref="NodeCapacity"/> entries per node, more than any array holds.</summary>
    private const int MaxDepth = 32;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double LowerBound(in Node box, double qx, double qy, double qz)
    {
        double dx = Math.Max(Math.Max(box.MinX - qx, qx - box.MaxX), 0);
        double dy = Math.Max(Math.Max(box.MinY - qy, qy - box.MaxY), 0);
        double dz = Math.Max(Math.Max(box.MinZ - qz, qz - box.MaxZ), 0);
        return dx * dx + dy * dy + dz * dz;
    }

    /// <summary>The squared distance from q to the farthest corner of the box: nothing inside is farther.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double UpperBound(in Node box, double qx, double qy, double qz)
    {
        double dx = Math.Max(qx - box.MinX, box.MaxX - qx);
        double dy = Math.Max(qy - box.MinY, box.MaxY - qy);
        double dz = Math.Max(qz - box.MinZ, box.MaxZ - qz);
        return dx * dx + dy * dy + dz * dz;
    }

    /// <summary>A tree node: its 3D box and the range of its children (primitives for a leaf, nodes otherwise).</summary>
    internal struct Node
    {
        public double MinX, MinY, MinZ, MaxX, MaxY, MaxZ;
        public int First, Count;
    }

    /// <summary>Per-thread scratch: the candidate list, the range collector and the node queue.</summary>
    private sealed class SearchState
    {
        public readonly NearestCandidates Candidates = new();
        public readonly RangeCollector Range = new();
        public readonly RangeTally Tally = new();
        public readonly MinHeap Heap = new();
        public readonly NodeStack Stack = new();
    }

    /// <summary>Queued (bound, node) pairs in parallel arrays, grown as needed; the order is the subclass's.</summary>
    private abstract class NodeQueue
    {
        protected double[] _keys = new double[64];
        protected int[] _values = new int[64];
        protected int _count;

        public void Clear() => _count = 0;

        /// <summary>Room for one more pair.</summary>
        protected void Grow()
        {
            if (_count < _keys.Length)
                return;
            Array.Resize(ref _keys, _count * 2);
            Array.Resize(ref _values, _count * 2);
        }
    }

    /// <summary>A stack of (bound, node) pairs: last in, first out.</summary>
    private sealed class NodeStack : NodeQueue
    {
        public void Push(double key, int value)
        {
            Grow();
            _keys[_count] = key;
            _values[_count++] = value;
        }

        public bool TryPop(out double key, out int value)
        {
            if (_count == 0)
            {
                key = 0;
                value = -1;
                return false;
            }
            _count--;
            key = _keys[_count];
            value = _values[_count];
            return true;
        }
    }

    /// <summary>A binary min-heap of (bound, node) pairs: the smallest bound first.</summary>
    private sealed class MinHeap : NodeQueue
    {
        public void Push(double key, int value)
        {
            Grow();
            int i = _count++;
            while (i > 0)
            {
                int parent = (i - 1) >> 1;
                if (_keys[parent] <= key)
                    break;
                _keys[i] = _keys[parent];
                _values[i] = _values[parent];
                i = parent;
            }
            _keys[i] = key;
            _values[i] = value;
        }

        public bool TryPop(out double key, out int value)
        {
            if (_count == 0)
            {
                key = 0;
                value = -1;
                return false;
            }
            key = _keys[0];
            value = _values[0];
            int count = --_count;
            if (count > 0)
            {
                double lastKey = _keys[count];
                int lastValue = _values[count];
                int i = 0;
                while (true)
                {
                    int child = 2 * i + 1;
                    if (child >= count)
                        break;
                    if (child + 1 < count && _keys[child + 1] < _keys[child])
                        child++;
                    if (_keys[child] >= lastKey)
                        break;
                    _keys[i] = _keys[child];
                    _values[i] = _values[child];
                    i = child;
                }
                _keys[i] = lastKey;
                _values[i] = lastValue;
            }
            return true;
        }
    }
}
