using Maps.Core.Geodesy;
using Maps.Core.Layers;
using NetTopologySuite.Geometries;

namespace Maps.Core.Spatial;

/// <summary>
/// Features decomposed into primitives: points and great-circle arcs. Points and MultiPoints give
/// one point each; each edge of a (Multi)LineString gives an arc; polygons give the arcs of their
/// rings (their interior is not "distance 0"); a single-vertex line, a zero-length edge or an edge
/// between antipodal vertices (whose arc is undefined) gives points. Each feature has a rank, its
/// place in (collection id, feature id) ordinal order, which breaks ties; and a weight (1 unless
/// given), summed by range queries.
/// <para>
/// Stored as parallel arrays, one entry per primitive: its first vertex as a unit vector and as
/// given, its feature's rank, and for an arc the index of its <see cref="ArcDetail"/>. A point
/// costs 48 bytes; only arcs carry the rest. Weights are kept only when some weight is not 1.
/// </para>
/// <para>
/// Who the ranks are (<see cref="FeatureNames"/>) depends on how the set was made: a list of
/// features keeps their ids; the points of a request are numbered; the features of layers are
/// named by their layer's id order, and their ids are read from the layer file only for answers,
/// so millions of indexed features cost no strings.
/// </para>
/// </summary>
internal sealed class SphereArcSet
{
    private readonly FeatureNames _names;

    private SphereArcSet(PrimitiveBuffer primitives, FeatureNames names, int featureCount, int rankCount, double[]? weights)
    {
        (X, Y, Z, Lon, Lat, Feature, Arc) = primitives.Trimmed();
        Arcs = primitives.ArcDetails();
        _names = names;
        FeatureCount = featureCount;
        RankCount = rankCount;
        Weights = weights is not null && Array.TrueForAll(weights, w => w == 1) ? null : weights;
        // Primitives are added feature by feature, so a feature with two shows as a repeated rank.
        OnePrimitivePerFeature = true;
        for (int i = 1; i < Feature.Length && OnePrimitivePerFeature; i++)
            OnePrimitivePerFeature = Feature[i] != Feature[i - 1];
    }

    /// <summary>First vertex of each primitive as a unit vector (a point's position).</summary>
    public double[] X { get; private set; }
    public double[] Y { get; private set; }
    public double[] Z { get; private set; }

    /// <summary>First vertex of each primitive as given, so that a vertex answer is reported exactly.</summary>
    public double[] Lon { get; private set; }
    public double[] Lat { get; private set; }

    /// <summary>Rank of each primitive's feature.</summary>
    public int[] Feature { get; private set; }

    /// <summary>Index in <see cref="Arcs"/> of each arc primitive; −1 for a point.</summary>
    public int[] Arc { get; private set; }

    public ArcDetail[] Arcs { get; }

    public int PrimitiveCount => X.Length;

    /// <summary>The features indexed (one with an empty geometry counts, though it is never found).</summary>
    public int FeatureCount { get; }

    /// <summary>Ranks are below this (sizes arrays indexed by rank; above <see cref="FeatureCount"/> when layers' features were left out).</summary>
    public int RankCount { get; }

    /// <summary>Weight of each feature by rank; null when every weight is 1 (a sum is a count).</summary>
    public double[]? Weights { get; }

    /// <summary>True when no feature has more than one primitive (bare points), so a range query needs no deduplication.</summary>
    public bool OnePrimitivePerFeature { get; }

    public double WeightOf(int rank) => Weights is null ? 1 : Weights[rank];

    /// <summary>
    /// Reorders every primitive array: entry i becomes old entry order[i] (the tree builder's
    /// packing order). A gather into a new array, one array at a time: its reads are independent,
    /// so the memory system overlaps them, where following the permutation's cycles in place is a
    /// chain of cache misses (seconds for millions of points).
    /// </summary>
    public void Permute(int[] order)
    {
        // Seven independent gathers, on all cores (an index of a million request schools builds in the request).
        Parallel.Invoke(
            () => X = Gather(X, order), () => Y = Gather(Y, order), () => Z = Gather(Z, order),
            () => Lon = Gather(Lon, order), () => Lat = Gather(Lat, order),
            () => Feature = Gather(Feature, order), () => Arc = Gather(Arc, order));
    }

    private static T[] Gather<T>(T[] items, int[] order)
    {
        var result = new T[items.Length];
        for (int i = 0; i < result.Length; i++)
            result[i] = items[order[i]];
        return result;
    }

    /// <summary>The answer for a kept candidate: ids, distance and the closest point on the primitive.</summary>
    public NearestResult Result(int primitive, double key, double qx, double qy, double qz)
    {
        int rank = Feature[primitive];
        var (lon, lat) = SphereMath.Closest(this, primitive, qx, qy, qz);
        var (collection, id) = _names.Of(rank);
        return new NearestResult(collection, id, SphereMath.KmFromKey(key), lon, lat);
    }

    /// <summary>Copies the candidates out as results, nearest first.</summary>
    public IReadOnlyList<NearestResult> Results(NearestCandidates candidates, double qx, double qy, double qz)
    {
        if (candidates.Count == 0)
            return [];
        var results = new NearestResult[candidates.Count];
        for (int i = 0; i < results.Length; i++)
            results[i] = Result(candidates.ArcAt(i), candidates.KeyAt(i), qx, qy, qz);
        return results;
    }

    /// <summary>One point feature per position, ranked in input order, with optional weights (default 1); feature i's id is the decimal i.</summary>
    public static SphereArcSet FromPoints(string collectionId, IReadOnlyList<LonLat> points, IReadOnlyList<double>? weights, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(collectionId);
        ArgumentNullException.ThrowIfNull(points);
        if (weights is not null && weights.Count != points.Count)
            throw new ArgumentException($"{weights.Count} weights for {points.Count} points.", nameof(weights));
        var primitives = new PrimitiveBuffer(points.Count);
        var featureWeights = weights is null ? null : new double[points.Count];
        for (int i = 0; i < points.Count; i++)
        {
            if ((i & 65535) == 0)
                cancellationToken.ThrowIfCancellationRequested();
            var (lon, lat) = points[i];
            primitives.AddPoint(lon, lat, i);
            if (featureWeights is not null)
                featureWeights[i] = CheckWeight(weights![i]);
        }
        return new SphereArcSet(primitives, new NumberedNames(collectionId), points.Count, points.Count, featureWeights);
    }

    /// <summary>A list of features, ranked by sorting their (collection id, feature id); an id given twice in a collection throws.</summary>
    public static SphereArcSet Build(IEnumerable<IndexedFeature> features, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(features);
        var sorted = features.ToArray();
        Array.Sort(sorted, (x, y) =>
        {
            int c = string.CompareOrdinal(x.CollectionId, y.CollectionId);
            return c != 0 ? c : string.CompareOrdinal(x.FeatureId, y.FeatureId);
        });
        var collectionIds = new string[sorted.Length];
        var featureIds = new string[sorted.Length];
        var weights = new double[sorted.Length];
        var primitives = new PrimitiveBuffer(sorted.Length);
        for (int rank = 0; rank < sorted.Length; rank++)
        {
            if ((rank & 1023) == 0)
                cancellationToken.ThrowIfCancellationRequested();
            var feature = sorted[rank];
            ArgumentNullException.ThrowIfNull(feature.CollectionId, nameof(IndexedFeature.CollectionId));
            ArgumentNullException.ThrowIfNull(feature.FeatureId, nameof(IndexedFeature.FeatureId));
            ArgumentNullException.ThrowIfNull(feature.Geometry, nameof(IndexedFeature.Geometry));
            if (rank > 0 && feature.CollectionId == collectionIds[rank - 1] && feature.FeatureId == featureIds[rank - 1])
                throw new ArgumentException($"Feature '{feature.FeatureId}' of collection '{feature.CollectionId}' is given twice.", nameof(features));
            collectionIds[rank] = feature.CollectionId;
            featureIds[rank] = feature.FeatureId;
            weights[rank] = CheckWeight(feature.Weight);
            primitives.AddGeometry(feature.Geometry, rank);
        }
        return new SphereArcSet(primitives, new ListedNames(collectionIds, featureIds), sorted.Length, sorted.Length, weights);
    }

    /// <summary>
    /// The features of layers that <paramref name="selection"/> includes, read in one sequential
    /// scan of each layer file. A feature's rank is its layer's first rank (layers in id order) plus
    /// its place in the layer's id order, which is (collection id, feature id) order without
    /// holding an id; features left out keep their ranks unused.
    /// </summary>
    public static SphereArcSet FromLayers(IEnumerable<Layer> layers, IndexSelection selection, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(layers);
        ArgumentNullException.ThrowIfNull(selection);
        var ordered = layers.DistinctBy(l => l.Id).OrderBy(l => l.Id, StringComparer.Ordinal).ToArray();
        var starts = new int[ordered.Length];
        long rankCount = 0;
        for (int i = 0; i < ordered.Length; i++)
        {
            starts[i] = (int)rankCount;
            rankCount += ordered[i].Count;
        }
        if (rankCount > Array.MaxLength)
            throw new InvalidOperationException($"{rankCount} features are more than one index holds.");
        bool points = Array.TrueForAll(ordered, l => l.IsPoints);
        var primitives = new PrimitiveBuffer(points ? (int)rankCount : 1024);
        double[]? weights = selection.WeightProperty is null ? null : new double[rankCount];
        int featureCount = 0;
        for (int i = 0; i < ordered.Length; i++)
        {
            var layer = ordered[i];
            var idRank = layer.IdRank;
            foreach (var feature in layer.All())
            {
                if ((feature.Position & 1023) == 0)
                    cancellationToken.ThrowIfCancellationRequested();
                if (!selection.Includes(feature))
                    continue;
                int rank = starts[i] + idRank[feature.Position];
                featureCount++;
                if (weights is not null)
                    weights[rank] = CheckWeight(selection.Weight(feature));
                primitives.AddGeometry(feature.Geometry, rank);
            }
        }
        return new SphereArcSet(primitives, new LayerNames(ordered, starts), featureCount, (int)rankCount, weights);
    }

    private static double CheckWeight(double weight) => double.IsFinite(weight)
        ? weight : throw new ArgumentException($"A feature weight must be finite, not {weight}.");

    /// <summary>Primitives as they are added: growable parallel arrays, arcs' details apart.</summary>
    private sealed class PrimitiveBuffer(int capacity)
    {
        private double[] _x = new double[capacity], _y = new double[capacity], _z = new double[capacity];
        private double[] _lon = new double[capacity], _lat = new double[capacity];
        private int[] _feature = new int[capacity], _arc = new int[capacity];
        private readonly List<ArcDetail> _arcs = [];
        private int _count;

        public (double[], double[], double[], double[], double[], int[], int[]) Trimmed()
        {
            if (_count != _x.Length)
                Resize(_count);
            return (_x, _y, _z, _lon, _lat, _feature, _arc);
        }

        public ArcDetail[] ArcDetails() => _arcs.ToArray();

        public void AddGeometry(Geometry geometry, int rank)
        {
            switch (geometry)
            {
                case Point point:
                    if (!point.IsEmpty)
                        AddPoint(point.X, point.Y, rank);
                    break;
                case LineString line:
                    AddLine(line.CoordinateSequence, rank);
                    break;
                case Polygon polygon:
                    AddLine(polygon.ExteriorRing.CoordinateSequence, rank);
                    foreach (var hole in polygon.InteriorRings)
                        AddLine(hole.CoordinateSequence, rank);
                    break;
                case GeometryCollection collection:
                    for (int i = 0; i < collection.NumGeometries; i++)
                        AddGeometry(collection.GetGeometryN(i), rank);
                    break;
            }
        }

        private void AddLine(CoordinateSequence coordinates, int rank)
        {
            if (coordinates.Count == 1)
                AddPoint(coordinates.GetX(0), coordinates.GetY(0), rank);
            for (int i = 1; i < coordinates.Count; i++)
                AddArc(coordinates.GetX(i - 1), coordinates.GetY(i - 1), coordinates.GetX(i), coordinates.GetY(i), rank);
        }

        public void AddPoint(double lon, double lat, int rank) => Add(lon, lat, rank, -1);

        private void AddArc(double lonA, double latA, double lonB, double latB, int rank)
        {
            CheckPosition(lonA, latA);
            CheckPosition(lonB, latB);
            SphereMath.ToUnit(lonA, latA, out double ax, out double ay, out double az);
            SphereMath.ToUnit(lonB, latB, out double bx, out double by, out double bz);
            double nx = ay * bz - az * by, ny = az * bx - ax * bz, nz = ax * by - ay * bx;
            double norm = Math.Sqrt(nx * nx + ny * ny + nz * nz);
            if (norm < SphereMath.DegenerateCross)
            {
                AddPoint(lonA, latA, rank);
                if (lonA != lonB || latA != latB)
                    AddPoint(lonB, latB, rank);
                return;
            }
            nx /= norm; ny /= norm; nz /= norm;
            _arcs.Add(new ArcDetail
            {
                Bx = bx, By = by, Bz = bz,
                Nx = nx, Ny = ny, Nz = nz,
                // Ea = N × a points from a towards b; Eb = b × N points from b back towards a.
                EaX = ny * az - nz * ay, EaY = nz * ax - nx * az, EaZ = nx * ay - ny * ax,
                EbX = by * nz - bz * ny, EbY = bz * nx - bx * nz, EbZ = bx * ny - by * nx,
                BLon = lonB, BLat = latB,
            });
            Add(lonA, latA, rank, _arcs.Count - 1);
        }

        private void Add(double lon, double lat, int rank, int arc)
        {
            CheckPosition(lon, lat);
            if (_count == _x.Length)
                Resize(Math.Max(16, _count * 2));
            SphereMath.ToUnit(lon, lat, out _x[_count], out _y[_count], out _z[_count]);
            (_lon[_count], _lat[_count], _feature[_count], _arc[_count]) = (lon, lat, rank, arc);
            _count++;
        }

        private void Resize(int size)
        {
            Array.Resize(ref _x, size);
            Array.Resize(ref _y, size);
            Array.Resize(ref _z, size);
            Array.Resize(ref _lon, size);
            Array.Resize(ref _lat, size);
            Array.Resize(ref _feature, size);
            Array.Resize(ref _arc, size);
        }

        private static void CheckPosition(double lon, double lat)
        {
            if (!double.IsFinite(lon) || !double.IsFinite(lat) || lat < -90 || lat > 90)
                throw new ArgumentException($"Invalid position ({lon}, {lat}): longitude must be finite and latitude within [-90, 90].");
        }
    }

    /// <summary>Who each rank is: its collection and feature id.</summary>
    private abstract class FeatureNames
    {
        public abstract (string Collection, string Id) Of(int rank);
    }

    private sealed class ListedNames(string[] collectionIds, string[] featureIds) : FeatureNames
    {
        public override (string, string) Of(int rank) => (collectionIds[rank], featureIds[rank]);
    }

    private sealed class NumberedNames(string collectionId) : FeatureNames
    {
        public override (string, string) Of(int rank) => (collectionId, rank.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// Ranks of layers' features: the layer whose range holds the rank, and the feature at that place
    /// of its id order, read from the file. For sets of up to <see cref="CachedRanks"/> ranks (the
    /// backbone, not a population grid) each id is kept once read, as answers name the same features
    /// over and over (a profile names the nearest fibre of every row).
    /// </summary>
    private sealed class LayerNames(Layer[] layers, int[] starts) : FeatureNames
    {
        private const int CachedRanks = 1 << 20;
        private readonly string?[]? _ids = starts.Length > 0 && (long)starts[^1] + layers[^1].Count <= CachedRanks
            ? new string?[starts[^1] + layers[^1].Count] : null;

        public override (string, string) Of(int rank)
        {
            int layer = Array.BinarySearch(starts, rank);
            if (layer < 0)
                layer = ~layer - 1;
            // Empty layers share their start with the next: take the last layer starting at or before the rank that holds it.
            while (rank - starts[layer] >= layers[layer].Count)
                layer++;
            if (_ids is null)
                return (layers[layer].Id, IdAt(layer, rank));
            return (layers[layer].Id, _ids[rank] ??= IdAt(layer, rank));
        }

        private string IdAt(int layer, int rank) => layers[layer].IdAt(layers[layer].IdOrder[rank - starts[layer]]);
    }
}
