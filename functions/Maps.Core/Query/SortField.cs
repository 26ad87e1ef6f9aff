using Maps.Core.Layers;

namespace Maps.Core.Query;

/// <summary>One key of a <c>sortby</c>: a sortable property, ascending or descending.</summary>
public sealed record SortField(string Property, bool Descending)
{
    /// <summary>Kinds a collection can be sorted by: scalars, not arrays.</summary>
    public static bool IsSortable(Layers.QueryableProperty queryable) => queryable.Kind is not (QueryableKind.Array or QueryableKind.Unknown);

    /// <summary>
    /// Parses <c>name,-length_km</c> (OGC API – Features Part 8): a leading <c>-</c> sorts
    /// descending, <c>+</c> or nothing ascending. Every name must be a sortable queryable.
    /// </summary>
    public static IReadOnlyList<SortField> Parse(string text, CollectionMetadata metadata)
    {
        var keys = new List<SortField>();
        foreach (string raw in text.Split(','))
        {
            string item = raw.Trim();
            bool descending = item.StartsWith('-');
            string name = item.TrimStart('-', '+').Trim();
            if (name.Length == 0)
                throw new InvalidParameterException("sortby", $"'sortby' has an empty key in '{text}'; write e.g. sortby=name,-length_km.");
            if (metadata.FindQueryable(name) is not { } queryable || !IsSortable(queryable))
                throw new InvalidParameterException("sortby",
                    $"'{name}' is not a sortable property of '{metadata.Id}'; see /collections/{metadata.Id}/sortables for those that are.");
            if (keys.Any(k => k.Property == name))
                throw new InvalidParameterException("sortby", $"'sortby' names '{name}' twice.");
            keys.Add(new SortField(name, descending));
        }
        return keys;
    }

    public static string Format(IReadOnlyList<SortField> keys) => string.Join(",", keys.Select(k => (k.Descending ? "-" : "") + k.Property));
}
