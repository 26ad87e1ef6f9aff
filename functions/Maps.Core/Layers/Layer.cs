using Maps.Core.Spatial;
using NetTopologySuite.Geometries;

namespace Maps.Core.Layers;

/// <summary>
/// A collection loaded into memory: metadata, features in ascending ordinal id order (the keyset
/// order of item pages), an id lookup and a packed R-tree over feature envelopes for bbox queries
/// and counts (<see cref="PackedEnvelopeTree"/>).
/// Built once; every member is safe for concurrent readers.
/// </summary>
public sealed class Layer
{
    private readonly Dictionary<string, int> _indexById;
    // Built on first use, not at load: a cold start answers /collections before any bbox query or
    // property check, and for the 37,930 Kenyan schools these two cost 150–500 ms on this machine.
    private readonly Lazy<PackedEnvelopeTree> _envelopeIndex;
    private readonly Lazy<IReadOnlySet<string>> _propertyNames;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Lazy<object>> _derived = new(StringComparer.Ordinal);

    public Layer(CollectionMetadata metadata, IEnumerable<LayerFeature> features, string version)
    {
        Metadata = metadata;
        Version = version;
        Features = features.OrderBy(f => f.Id, StringComparer.Ordinal).ToArray();
        _indexById = new Dictionary<string, int>(Features.Count, StringComparer.Ordinal);
        var extent = new Envelope();
        for (int i = 0; i < Features.Count; i++)
        {
            var feature = Features[i];
            if (!_indexById.TryAdd(feature.Id, i))
                throw new InvalidDataException($"Collection '{metadata.Id}' has the feature id '{feature.Id}' twice.");
            extent.ExpandToInclude(feature.Envelope);
        }
        Extent = extent;
        _envelopeIndex = new(BuildEnvelopeIndex, LazyThreadSafetyMode.ExecutionAndPublication);
        _propertyNames = new(CollectPropertyNames, LazyThreadSafetyMode.ExecutionAndPublication);
        LongitudeBounds = Geodesy.LongitudeExtent.OfParts(Features.Select(f => f.Geometry));
        (MinYear, MaxYear) = YearRange(Features);
    }

    public string Id => Metadata.Id;

    public CollectionMetadata Metadata { get; }

    /// <summary>Content hash of the layer's features and metadata; changes whenever either does.</summary>
    public string Version { get; }

    public IReadOnlyList<LayerFeature> Features { get; }

    /// <summary>Bounding box of every feature (null envelope for an empty layer).</summary>
    public Envelope Extent { get; }

    /// <summary>
    /// West and east of the smallest longitude interval holding every feature; west &gt; east when it
    /// crosses ±180° (a layer of cables split at the antimeridian). Null for an empty layer.
    /// </summary>
    public (double West, double East)? LongitudeBounds { get; }

    /// <summary>Every property name that some feature of the layer has.</summary>
    public IReadOnlySet<string> PropertyNames => _propertyNames.Value;

    public int? MinYear { get; }

    public int? MaxYear { get; }

    public LayerFeature? Find(string id) => PositionOf(id) is int i ? Features[i] : null;

    /// <summary>Where the feature with this id is in <see cref="Features"/>, or null.</summary>
    public int? PositionOf(string id) => _indexById.TryGetValue(id, out int i) ? i : null;

    /// <summary>
    /// The packed R-tree over the features' envelopes (positions in <see cref="Features"/>), built on
    /// first use; e.g. for a <see cref="PrefixCounter"/> over a property to count with
    /// <see cref="CountIntersecting"/>.
    /// </summary>
    public PackedEnvelopeTree EnvelopeIndex => _envelopeIndex.Value;

    /// <summary>Positions (in <see cref="Features"/>) of features whose envelope intersects the box, ascending.</summary>
    public List<int> PositionsIntersecting(Envelope box)
    {
        var positions = new List<int>();
        _envelopeIndex.Value.Query(box, positions);
        if (positions.Count < Features.Count / 16)
        {
            positions.Sort();
            return positions;
        }
        // Many hits (a low-zoom tile, a country-wide bbox): put them in order by marking, O(n), not sorting.
        var hit = new bool[Features.Count];
        foreach (int position in positions)
            hit[position] = true;
        positions.Clear();
        for (int position = 0; position < hit.Length; position++)
            if (hit[position])
                positions.Add(position);
        return positions;
    }

    /// <summary>
    /// How many features intersect the box, counted from the index: features whose envelope lies in
    /// the box count without a test (whole index nodes at once), features whose envelope only overlaps
    /// it are decided by <paramref name="exactTest"/>(position) (points never are). With a
    /// <paramref name="counter"/> (over <see cref="EnvelopeIndex"/>), only the features it counts.
    /// </summary>
    public int CountIntersecting(Envelope box, Func<int, bool> exactTest, IRangeCounter? counter = null) =>
        _envelopeIndex.Value.Count(box, exactTest, counter);

    /// <summary>As <see cref="CountIntersecting(Envelope, Func{int, bool}, IRangeCounter?)"/> for the union of boxes (a bbox split at the antimeridian); each feature counts once.</summary>
    public int CountIntersecting(IReadOnlyList<Envelope> boxes, Func<int, bool> exactTest, IRangeCounter? counter = null) =>
        _envelopeIndex.Value.Count(boxes, exactTest, counter);

    private PackedEnvelopeTree BuildEnvelopeIndex()
    {
        var envelopes = new Envelope[Features.Count];
        for (int i = 0; i < envelopes.Length; i++)
            envelopes[i] = Features[i].Envelope;
        return PackedEnvelopeTree.Build(envelopes);
    }

    private IReadOnlySet<string> CollectPropertyNames() => Features
        .SelectMany(f => f.Properties.ValueKind == System.Text.Json.JsonValueKind.Object ? f.Properties.EnumerateObject().Select(p => p.Name) : [])
        .ToHashSet(StringComparer.Ordinal);

    /// <summary>
    /// A structure computed from the features once and kept with the layer (a sort order, a
    /// property's counter). At most <see cref="MaxDerived"/> are kept, so requests cannot fill memory
    /// with them; beyond that each is computed for the caller alone.
    /// </summary>
    public T Derived<T>(string key, Func<T> build) where T : class
    {
        if (_derived.TryGetValue(key, out var known))
            return (T)known.Value;
        if (_derived.Count >= MaxDerived)
            return build();
        return (T)_derived.GetOrAdd(key, _ => new Lazy<object>(build, LazyThreadSafetyMode.ExecutionAndPublication)).Value;
    }

    public const int MaxDerived = 64;

    private static (int?, int?) YearRange(IReadOnlyList<LayerFeature> features)
    {
        int? min = null, max = null;
        foreach (var feature in features)
        {
            if (feature.Year is not int year)
                continue;
            min = min is null ? year : Math.Min(min.Value, year);
            max = max is null ? year : Math.Max(max.Value, year);
        }
        return (min, max);
    }
}
