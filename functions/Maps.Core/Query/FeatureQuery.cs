using Maps.Core.Query.Cql2;

namespace Maps.Core.Query;

/// <summary>
/// What a caller asks of one collection: a spatial box, a date interval, equality filters on
/// queryable properties, a CQL2 filter, a sort, and a keyset page (the features after the
/// <see cref="After"/> cursor, at most <see cref="Limit"/> of them). All filters combine with AND.
/// </summary>
public sealed record FeatureQuery
{
    public BoundingBox? Bbox { get; init; }
    public DateInterval? Datetime { get; init; }

    /// <summary>Property name → wanted value; each must equal the feature's value (any element of an array), ignoring case.</summary>
    public IReadOnlyDictionary<string, string> PropertyEquals { get; init; } = new Dictionary<string, string>();

    /// <summary>A CQL2 filter (text or JSON, parsed), or null.</summary>
    public CqlExpression? Filter { get; init; }

    /// <summary>The sort; empty for the id order.</summary>
    public IReadOnlyList<SortField> SortBy { get; init; } = [];

    /// <summary>The cursor of a <c>next</c> link (<see cref="PageCursor"/>), or a feature id in the id order; null for the first page.</summary>
    public string? After { get; init; }

    /// <summary>Page size; <see cref="int.MaxValue"/> for every matching feature.</summary>
    public int Limit { get; init; } = int.MaxValue;
}
