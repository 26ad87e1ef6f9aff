using Maps.Core.Layers;
using Maps.Core.Spatial;
using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Prepared;

namespace Maps.Core.Query;

/// <summary>
/// A conjunct the spatial index can answer: the features that intersect a region (the bbox
/// parameter, or <c>S_INTERSECTS(geometry, literal)</c>). It gives the index the envelopes to ask
/// for, the exact test, and, for a single box or polygon, how a node lies against the region so
/// that <see cref="PackedEnvelopeTree.Count{TClassifier}"/> counts whole nodes inside it.
/// </summary>
internal sealed class SpatialConstraint
{
    private readonly IPreparedGeometry[] _prepared;
    private readonly Envelope[] _envelopes;

    private SpatialConstraint(Geometry[] parts, bool isBox)
    {
        _envelopes = parts.Select(p => p.EnvelopeInternal).ToArray();
        _prepared = parts.Select(PreparedGeometryFactory.Prepare).ToArray();
        IsBox = isBox;
    }

    /// <summary>The bbox parameter: one box, or two either side of ±180°.</summary>
    public static SpatialConstraint OfBox(BoundingBox box) =>
        new(box.Envelopes().Select(GeoJsonOptions.Factory.ToGeometry).ToArray(), isBox: true);

    /// <summary>A literal geometry; a two-part literal across ±180° (a BBOX with west &gt; east) asks the index for each part.</summary>
    public static SpatialConstraint OfGeometry(Geometry literal) =>
        new(literal is GeometryCollection { NumGeometries: > 1 and <= 4 } parts
            ? Enumerable.Range(0, parts.NumGeometries).Select(parts.GetGeometryN).ToArray()
            : [literal], isBox: false);

    private bool IsBox { get; }

    public IReadOnlyList<Envelope> Envelopes => _envelopes;

    public bool Matches(LayerFeature feature)
    {
        var envelope = feature.Envelope;
        for (int i = 0; i < _envelopes.Length; i++)
        {
            if (!_envelopes[i].Intersects(envelope))
                continue;
            // Inside a box's envelope is inside the box; a polygon needs the exact test.
            if ((IsBox && (feature.Geometry is Point || _envelopes[i].Contains(envelope))) || _prepared[i].Intersects(feature.Geometry))
                return true;
        }
        return false;
    }

    /// <summary>
    /// As <see cref="Matches(LayerFeature)"/> for the feature at a position: its box from the index
    /// decides whenever it can (outside the region; inside a box; a point in a box), and only
    /// otherwise is the feature read (into <paramref name="feature"/>, for the caller to reuse).
    /// </summary>
    public bool Matches(Layer layer, int position, ref LayerFeature? feature)
    {
        var envelope = layer.EnvelopeOf(position);
        for (int i = 0; i < _envelopes.Length; i++)
        {
            if (!_envelopes[i].Intersects(envelope))
                continue;
            if (IsBox && (layer.IsPoints || _envelopes[i].Contains(envelope)))
                return true;
            feature ??= layer.Feature(position);
            if (_prepared[i].Intersects(feature.Geometry))
                return true;
        }
        return false;
    }

    /// <summary>
    /// Counts the matches from the index, together with an optional counter of the other conjunct;
    /// null for a literal of several parts or one that is not polygonal (no node lies inside a line).
    /// The two boxes of a bbox across ±180° are counted as one region, each feature once.
    /// </summary>
    public int? CountFromIndex(Layer layer, IRangeCounter? counter)
    {
        bool Exact(int position)
        {
            LayerFeature? feature = null;
            return Matches(layer, position, ref feature);
        }
        if (IsBox)
            return layer.CountIntersecting(_envelopes, Exact, counter);
        if (_envelopes.Length != 1 || _prepared[0].Geometry is not (Polygon or MultiPolygon))
            return null;
        return layer.EnvelopeIndex.Count(new PackedEnvelopeTree.PreparedPolygonClassifier(_prepared[0]), Exact, counter);
    }

    /// <summary>Positions whose envelope meets the region, ascending and without repeats.</summary>
    public List<int> Candidates(Layer layer)
    {
        if (_envelopes.Length == 1)
            return layer.PositionsIntersecting(_envelopes[0]);
        var union = new SortedSet<int>();
        foreach (var envelope in _envelopes)
            union.UnionWith(layer.PositionsIntersecting(envelope));
        return union.ToList();
    }
}
