using Maps.Core.Geodesy;
using NetTopologySuite.Geometries;

namespace Maps.Core.Spatial;

/// <summary>
/// Decomposes features into <see cref="SphereArc"/> primitives. Features are ranked by
/// (collection id, feature id) in ordinal order; the rank is the tie-breaker. Points and
/// MultiPoints give one point each; each edge of a (Multi)LineString gives an arc; polygons give
/// the arcs of their rings (their interior is not "distance 0"); a single-vertex line, a
/// zero-length edge or an edge between antipodal vertices (whose arc is undefined) gives points.
/// Each feature carries a weight (1 unless given), summed by range queries.
/// <para>
/// A set built by <see cref="FromPoints"/> holds one point per feature and no id strings: feature i
/// is position i, its id the invariant decimal i, so a million request points cost no strings.
/// </para>
/// </summary>
internal sealed class SphereArcSet
{
    private readonly string[]? _collectionIds;
    private readonly string[]? _featureIds;
    private readonly string _pointsCollection = "";

    private SphereArcSet(string[] collectionIds, string[] featureIds, double[] weights, SphereArc[] arcs, ArcEnds[] ends)
    {
        _collectionIds = collectionIds;
        _featureIds = featureIds;
        FeatureCount = featureIds.Length;
        Weights = weights;
        Arcs = arcs;
        Ends = ends;
        // Build appends the primitives feature by feature, so a feature with two shows as a repeated rank.
        OnePrimitivePerFeature = true;
        for (int i = 1; i < arcs.Length && OnePrimitivePerFeature; i++)
            OnePrimitivePerFeature = arcs[i].Feature != arcs[i - 1].Feature;
        UnitWeights = Array.TrueForAll(weights, w => w == 1);
    }

    private SphereArcSet(string collectionId, int count, double[] weights, SphereArc[] arcs, ArcEnds[] ends)
    {
        _pointsCollection = collectionId;
        FeatureCount = count;
        Weights = weights;
        Arcs = arcs;
        Ends = ends;
        OnePrimitivePerFeature = true;
        UnitWeights = Array.TrueForAll(weights, w => w == 1);
    }

    public int FeatureCount { get; }

    /// <summary>Weight of each feature by rank.</summary>
    public double[] Weights { get; }

    /// <summary>True when no feature has more than one primitive (bare points), so a range query needs no deduplication.</summary>
    public bool OnePrimitivePerFeature { get; }

    /// <summary>True when every weight is 1 (a sum is a count).</summary>
    public bool UnitWeights { get; }

    public SphereArc[] Arcs { get; }

    public ArcEnds[] Ends { get; }

    public string CollectionId(int rank) => _collectionIds is null ? _pointsCollection : _collectionIds[rank];

    public string FeatureId(int rank) => _featureIds is null ? rank.ToString(System.Globalization.CultureInfo.InvariantCulture) : _featureIds[rank];

    /// <summary>The answer for a kept candidate: ids, distance and the closest point on the primitive.</summary>
    public NearestResult Result(int arc, double key, double qx, double qy, double qz)
    {
        int rank = Arcs[arc].Feature;
        var (lon, lat) = SphereMath.Closest(Arcs[arc], Ends[arc], qx, qy, qz);
        return new NearestResult(CollectionId(rank), FeatureId(rank), SphereMath.KmFromKey(key), lon, lat);
    }

    /// <summary>One point feature per position, ranked in input order, with optional weights (default 1).</summary>
    public static SphereArcSet FromPoints(string collectionId, IReadOnlyList<LonLat> points, IReadOnlyList<double>? weights, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(collectionId);
        ArgumentNullException.ThrowIfNull(points);
        if (weights is not null && weights.Count != points.Count)
            throw new ArgumentException($"{weights.Count} weights for {points.Count} points.", nameof(weights));
        var arcs = new SphereArc[points.Count];
        var ends = new ArcEnds[points.Count];
        var featureWeights = new double[points.Count];
        for (int i = 0; i < points.Count; i++)
        {
            if ((i & 65535) == 0)
                cancellationToken.ThrowIfCancellationRequested();
            var (lon, lat) = points[i];
            CheckPosition(lon, lat);
            featureWeights[i] = CheckWeight(weights is null ? 1 : weights[i]);
            arcs[i] = PointArc(lon, lat, i);
            ends[i] = new ArcEnds(lon, lat, lon, lat);
        }
        return new SphereArcSet(collectionId, points.Count, featureWeights, arcs, ends);
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
        var arcs = new List<SphereArc>();
        var ends = new List<ArcEnds>();
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
            AddGeometry(feature.Geometry, rank, arcs, ends);
        }
        return new SphereArcSet(collectionIds, featureIds, weights, arcs.ToArray(), ends.ToArray());
    }

    private static void AddGeometry(Geometry geometry, int rank, List<SphereArc> arcs, List<ArcEnds> ends)
    {
        switch (geometry)
        {
            case Point point:
                if (!point.IsEmpty)
                    AddPoint(point.X, point.Y, rank, arcs, ends);
                break;
            case LineString line:
                AddLine(line.CoordinateSequence, rank, arcs, ends);
                break;
            case Polygon polygon:
                AddLine(polygon.ExteriorRing.CoordinateSequence, rank, arcs, ends);
                foreach (var hole in polygon.InteriorRings)
                    AddLine(hole.CoordinateSequence, rank, arcs, ends);
                break;
            case GeometryCollection collection:
                for (int i = 0; i < collection.NumGeometries; i++)
                    AddGeometry(collection.GetGeometryN(i), rank, arcs, ends);
                break;
        }
    }

    private static void AddLine(CoordinateSequence coordinates, int rank, List<SphereArc> arcs, List<ArcEnds> ends)
    {
        if (coordinates.Count == 1)
            AddPoint(coordinates.GetX(0), coordinates.GetY(0), rank, arcs, ends);
        for (int i = 1; i < coordinates.Count; i++)
            AddArc(coordinates.GetX(i - 1), coordinates.GetY(i - 1), coordinates.GetX(i), coordinates.GetY(i), rank, arcs, ends);
    }

    private static void AddPoint(double lon, double lat, int rank, List<SphereArc> arcs, List<ArcEnds> ends)
    {
        CheckPosition(lon, lat);
        arcs.Add(PointArc(lon, lat, rank));
        ends.Add(new ArcEnds(lon, lat, lon, lat));
    }

    private static SphereArc PointArc(double lon, double lat, int rank)
    {
        SphereMath.ToUnit(lon, lat, out double x, out double y, out double z);
        return new SphereArc { Ax = x, Ay = y, Az = z, Bx = x, By = y, Bz = z, Feature = rank, IsPoint = true };
    }

    private static double CheckWeight(double weight) => double.IsFinite(weight)
        ? weight : throw new ArgumentException($"A feature weight must be finite, not {weight}.");

    private static void AddArc(double lonA, double latA, double lonB, double latB, int rank, List<SphereArc> arcs, List<ArcEnds> ends)
    {
        CheckPosition(lonA, latA);
        CheckPosition(lonB, latB);
        SphereMath.ToUnit(lonA, latA, out double ax, out double ay, out double az);
        SphereMath.ToUnit(lonB, latB, out double bx, out double by, out double bz);
        double nx = ay * bz - az * by, ny = az * bx - ax * bz, nz = ax * by - ay * bx;
        double norm = Math.Sqrt(nx * nx + ny * ny + nz * nz);
        if (norm < SphereMath.DegenerateCross)
        {
            AddPoint(lonA, latA, rank, arcs, ends);
            if (lonA != lonB || latA != latB)
                AddPoint(lonB, latB, rank, arcs, ends);
            return;
        }
        nx /= norm; ny /= norm; nz /= norm;
        arcs.Add(new SphereArc
        {
            Ax = ax, Ay = ay, Az = az,
            Bx = bx, By = by, Bz = bz,
            Nx = nx, Ny = ny, Nz = nz,
            // Ea = N × a points from a towards b; Eb = b × N points from b back towards a.
            EaX = ny * az - nz * ay, EaY = nz * ax - nx * az, EaZ = nx * ay - ny * ax,
            EbX = by * nz - bz * ny, EbY = bz * nx - bx * nz, EbZ = bx * ny - by * nx,
            Feature = rank,
        });
        ends.Add(new ArcEnds(lonA, latA, lonB, latB));
    }

    private static void CheckPosition(double lon, double lat)
    {
        if (!double.IsFinite(lon) || !double.IsFinite(lat) || lat < -90 || lat > 90)
            throw new ArgumentException($"Invalid position ({lon}, {lat}): longitude must be finite and latitude within [-90, 90].");
    }
}
