namespace Maps.Core.Query;

/// <summary>
/// What a caller asks of one collection: a spatial box, a date interval, equality filters on
/// queryable properties, and a keyset page (features with ids after <see cref="After"/>, at most
/// <see cref="Limit"/> of them). All filters combine with AND.
/// </summary>
public sealed record FeatureQuery
{
    public BoundingBox? Bbox { get; init; }
    public DateInterval? Datetime { get; init; }

    /// <summary>Property name → wanted value; each must equal the feature's value (any element of an array).</summary>
    public IReadOnlyDictionary<string, string> PropertyEquals { get; init; } = new Dictionary<string, string>();

    /// <summary>Exclusive lower bound of the page's ids in ordinal order; null for the first page.</summary>
    public string? After { get; init; }

    /// <summary>Page size; <see cref="int.MaxValue"/> for every matching feature.</summary>
    public int Limit { get; init; } = int.MaxValue;
}
