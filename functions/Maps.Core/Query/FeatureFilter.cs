using System.Globalization;
using Maps.Core.Layers;
using Maps.Core.Query.Cql2;
using Maps.Core.Spatial;

namespace Maps.Core.Query;

/// <summary>
/// The filtering part of a <see cref="FeatureQuery"/>, planned and compiled once per request
/// against one layer. Everything combines by AND: the bbox, the datetime, the equality
/// parameters and the CQL2 filter, whose top-level AND is split into conjuncts. What the spatial
/// index can answer (the bbox, <c>S_INTERSECTS(geometry, literal)</c>) becomes the region that gives
/// candidates and counts, an equality on an enum property what a prefix counter counts with it, and
/// feature ids the only candidates; every conjunct but the region and the equalities is compiled
/// into a predicate tested per candidate. Thread-safe once built.
/// </summary>
public sealed class FeatureFilter
{
    private readonly List<Func<LayerFeature, bool>> _predicates = [];
    private readonly SpatialConstraint? _spatial;
    private readonly List<SpatialConstraint> _otherRegions = [];
    // Positions named by `id = '…'` or `id IN (…)`: the fewest candidates of all, when given.
    private readonly int[]? _idPositions;
    // The one conjunct besides the region that a prefix counter can count: property = enum value.
    private readonly (string Property, string Value, bool IgnoreCase)? _countableEquality;

    private FeatureFilter(Layer layer, FeatureQuery query)
    {
        var regions = new List<SpatialConstraint>();
        if (query.Bbox is { } bbox)
            regions.Add(SpatialConstraint.OfBox(bbox));
        var equalities = new List<(string, string, bool)>();
        foreach (var (name, wanted) in query.PropertyEquals)
            equalities.Add((name, wanted, true));
        int others = 0;
        if (query.Datetime is { } interval)
        {
            _predicates.Add(f => f.Year is int year && interval.Overlaps(year));
            others++;
        }
        if (query.Filter is { } filter)
        {
            foreach (var conjunct in Conjuncts(filter))
            {
                if (IdsOf(conjunct, layer.Metadata) is { } ids)
                {
                    // The positions only narrow the candidates; the compiled conjunct stays the test.
                    IEnumerable<int>? positions = ids.Distinct(StringComparer.Ordinal).Take(MaxIdLookups).Select(layer.PositionOf).OfType<int>();
                    if (ids.Count > MaxIdLookups)
                        positions = null;
                    if (positions is not null)
                        _idPositions = (_idPositions is null ? positions : _idPositions.Intersect(positions)).Distinct().Order().ToArray();
                    _predicates.Add(CqlCompiler.CompilePredicate(conjunct, layer.Metadata));
                    others++;
                }
                else if (RegionOf(conjunct, layer.Metadata) is { } region)
                    regions.Add(region);
                else if (EnumEquality(conjunct, layer.Metadata) is { } equality)
                    equalities.Add(equality);
                else
                {
                    _predicates.Add(CqlCompiler.CompilePredicate(conjunct, layer.Metadata));
                    others++;
                }
            }
        }
        foreach (var (name, wanted, ignoreCase) in equalities)
            _predicates.Add(f => PropertyEquals(f, name, wanted, ignoreCase));
        if (regions.Count > 0)
        {
            _spatial = regions[0];
            _otherRegions.AddRange(regions.Skip(1));
        }
        if (others == 0 && _otherRegions.Count == 0 && equalities.Count == 1 && IsEnum(layer.Metadata, equalities[0].Item1))
            _countableEquality = equalities[0];
        IsEmpty = _spatial is null && _predicates.Count == 0;
    }

    public static FeatureFilter For(Layer layer, FeatureQuery query) => new(layer, query);

    /// <summary>Ids looked up one by one (a binary search each) to narrow the candidates; a longer list is tested per feature instead.</summary>
    private const int MaxIdLookups = 256;

    /// <summary>True when the filter lets every feature through.</summary>
    public bool IsEmpty { get; }

    /// <summary>
    /// Positions that can match, ascending, before the exact test: those the filter names by id,
    /// else the region's candidates from the index, else null (every feature).
    /// </summary>
    internal IEnumerable<int>? Candidates(Layer layer) => _idPositions ?? (IEnumerable<int>?)_spatial?.Candidates(layer);

    /// <summary>Whether a feature read already passes (the region by its geometry, then the predicates).</summary>
    public bool Matches(LayerFeature feature)
    {
        if (_spatial is not null && !_spatial.Matches(feature))
            return false;
        foreach (var region in _otherRegions)
            if (!region.Matches(feature))
                return false;
        foreach (var predicate in _predicates)
            if (!predicate(feature))
                return false;
        return true;
    }

    /// <summary>
    /// Whether the feature at a position passes: the region first, from the index's box where that
    /// decides it (a point, or a box inside a bbox), and the feature is read from the file only
    /// when the box cannot decide or a predicate needs its properties.
    /// </summary>
    public bool Matches(Layer layer, int position)
    {
        LayerFeature? feature = null;
        if (_spatial is not null && !_spatial.Matches(layer, position, ref feature))
            return false;
        foreach (var region in _otherRegions)
            if (!region.Matches(layer, position, ref feature))
                return false;
        if (_predicates.Count == 0)
            return true;
        feature ??= layer.Feature(position);
        foreach (var predicate in _predicates)
            if (!predicate(feature))
                return false;
        return true;
    }

    /// <summary>
    /// How many features match, from the index where it can count (a single box or polygon, alone or
    /// with one equality on an enum property); else null and the caller visits candidates.
    /// </summary>
    internal int? CountFromIndex(Layer layer)
    {
        if (_spatial is null)
            return null;
        if (_predicates.Count == 0 && _otherRegions.Count == 0)
            return _spatial.CountFromIndex(layer, null);
        if (_countableEquality is not { } equality)
            return null;
        var (property, value, ignoreCase) = equality;
        var counter = layer.Derived($"eq:{(ignoreCase ? "i" : "s")}:{property}={value}", () =>
            PrefixCounter.OverPositions(layer.EnvelopeIndex, layer.Mask(feature => PropertyEquals(feature.Value(property), value, ignoreCase))));
        return _spatial.CountFromIndex(layer, counter);
    }

    private static IEnumerable<CqlExpression> Conjuncts(CqlExpression expression) =>
        expression is CqlOperation { Op: "and" } and ? and.Args.SelectMany(Conjuncts) : [expression];

    /// <summary><c>id = 'x'</c> (either way round) or <c>id IN ('x', 'y')</c>, where <c>id</c> is the feature id, not a property.</summary>
    private static IReadOnlyList<string>? IdsOf(CqlExpression conjunct, CollectionMetadata metadata)
    {
        if (metadata.FindQueryable("id") is not null)
            return null;
        static bool IsId(CqlExpression e) => e is CqlProperty { Name: "id" };
        return conjunct switch
        {
            CqlOperation { Op: "=", Args: [var a, CqlString b] } when IsId(a) => [b.Value],
            CqlOperation { Op: "=", Args: [CqlString a, var b] } when IsId(b) => [a.Value],
            CqlOperation { Op: "in", Args: [var a, CqlArray list] } when IsId(a) && list.Items.All(i => i is CqlString) =>
                list.Items.Cast<CqlString>().Select(i => i.Value).ToArray(),
            _ => null,
        };
    }

    /// <summary><c>S_INTERSECTS(geometry, literal)</c> either way round.</summary>
    private static SpatialConstraint? RegionOf(CqlExpression conjunct, CollectionMetadata metadata)
    {
        if (conjunct is not CqlOperation { Op: "s_intersects", Args: [var a, var b] })
            return null;
        var literal = a is CqlProperty p && p.Name == metadata.GeometryQueryable ? b
            : b is CqlProperty q && q.Name == metadata.GeometryQueryable ? a : null;
        if (literal is null)
            return null;
        // The compiler validates the literal (and answers errors) exactly as for any other predicate.
        CqlCompiler.CompilePredicate(conjunct, metadata);
        return CqlCompiler.ConstantValue(literal, metadata) is { Type: CqlType.Geometry } value ? SpatialConstraint.OfGeometry(value.Geometry) : null;
    }

    /// <summary><c>property = 'value'</c> on a property whose values are an enum: countable with a prefix counter.</summary>
    private static (string, string, bool)? EnumEquality(CqlExpression conjunct, CollectionMetadata metadata) =>
        conjunct is CqlOperation { Op: "=", Args: [CqlProperty property, CqlString value] }
            && metadata.FindQueryable(property.Name) is { Kind: QueryableKind.String, Values.Count: > 0 }
            ? (property.Name, value.Value, false)
            : null;

    private static bool IsEnum(CollectionMetadata metadata, string property) =>
        metadata.FindQueryable(property) is { Values.Count: > 0 };

    private static bool PropertyEquals(LayerFeature feature, string name, string wanted, bool ignoreCase) =>
        PropertyEquals(feature.Value(name), wanted, ignoreCase);

    private static bool PropertyEquals(in PropertyValue value, string wanted, bool ignoreCase) =>
        ignoreCase ? ValueEquals(value, wanted) : value.Kind == PropertyKind.String && value.Text == wanted;

    /// <summary>Strings compare case-insensitively, numbers numerically, arrays match when any element does.</summary>
    internal static bool ValueEquals(in PropertyValue value, string wanted) => value.Kind switch
    {
        PropertyKind.String => string.Equals(value.Text, wanted, StringComparison.OrdinalIgnoreCase),
        PropertyKind.Integer or PropertyKind.Number => double.TryParse(wanted, NumberStyles.Float, CultureInfo.InvariantCulture, out double number) && value.Number == number,
        PropertyKind.Boolean => string.Equals(wanted, value.Boolean ? "true" : "false", StringComparison.OrdinalIgnoreCase),
        PropertyKind.Json => JsonValueEquals(value.Text, wanted),
        _ => false,
    };

    private static bool JsonValueEquals(string json, string wanted)
    {
        using var document = System.Text.Json.JsonDocument.Parse(json);
        return document.RootElement.ValueKind == System.Text.Json.JsonValueKind.Array
            && document.RootElement.EnumerateArray().Any(element => ValueEquals(PropertyValue.FromJson(element), wanted));
    }
}
