using System.Globalization;
using Maps.Core.Layers;
using Maps.Core.Query;
using Maps.Core.Query.Cql2;
using Maps.Functions.Hosting;
using Maps.Functions.Http;

namespace Maps.Functions.Ogc;

/// <summary>
/// Reads the OGC API items parameters of a request into a <see cref="FeatureQuery"/>, rejecting
/// anything unknown, repeated or malformed with a 400 that says which parameter and why.
/// Shared by items pages and extracts so that both filter the same way.
/// </summary>
public static class FeatureQueryReader
{
    /// <summary>The pre-standard name of CQL2 text, which GDAL's OAPIF driver sends.</summary>
    public const string GdalCqlText = "cql-text";

    private static QueryParameter Crs84(string name, string description) => new(name, description) { Format = "uri", Enum = [CollectionDocument.Crs84] };

    public static readonly QueryParameter[] CqlParameters =
    [
        new("filter", "A CQL2 filter (OGC API – Features Part 3) on the collection's queryables, in filter-lang; combines with the other filters by AND."),
        QueryParameter.Choice("filter-lang", "The language of filter: cql2-text (default) or cql2-json; cql-text, the draft's name that GDAL sends, is read as cql2-text.",
            "cql2-text", "cql2-json", GdalCqlText) with { Default = "cql2-text" },
        Crs84("filter-crs", "CRS of the filter's geometries; only CRS84."),
    ];

    /// <summary>The CRS of a response's coordinates (OGC API – Features Part 2): only CRS84. A publish's <c>crs</c> is another parameter.</summary>
    public static readonly QueryParameter ResponseCrs = Crs84("crs", "CRS of the response's coordinates; only CRS84 (OGC API – Features Part 2).");

    public static readonly QueryParameter[] FilterParameters =
    [
        new("bbox", "minLon,minLat,maxLon,maxLat in CRS84. minLon > maxLon crosses the antimeridian.")
            { Type = "array", Items = new() { ["type"] = "number" }, MinItems = 4, MaxItems = 6 },
        Crs84("bbox-crs", "CRS of bbox; only CRS84."),
        ResponseCrs,
        new("datetime", "RFC 3339 instant or interval ('2015-01-01T00:00:00Z/..') against the collection's date (year) property."),
        new("properties", "Comma-separated property names to return."),
        .. CqlParameters,
    ];

    public static readonly QueryParameter[] PagingParameters =
    [
        new("limit", "Page size, default 100, at most 10,000; larger values are clamped to 10,000.") { Type = "integer", Minimum = 1, Maximum = 10_000, Default = 100 },
        new("after", "Keyset cursor: return features whose id sorts after this one. Use the 'next' link."),
        new("sortby", "Sort keys, comma-separated, '-' for descending (sortby=name,-length_km); ties broken by id. See the collection's sortables.")
            { Type = "array", Items = new() { ["type"] = "string", ["pattern"] = "^[+-]?[^,]+$" } },
    ];

    /// <summary>
    /// The items API's own query parameters. A property of one of these names is still a queryable (a CQL2
    /// filter can name it), but it has no equality-filter parameter: <c>?limit=5</c> is always the page size.
    /// </summary>
    public static readonly IReadOnlySet<string> ReservedParameters = new HashSet<string>(
        [StandardParameters.F.Name, .. FilterParameters.Select(p => p.Name), .. PagingParameters.Select(p => p.Name)], StringComparer.Ordinal);

    /// <summary>Whether <paramref name="queryable"/> can be filtered by equality with <c>?name=value</c>: its name is no reserved parameter.</summary>
    public static bool IsEqualityParameter(string queryable) => !ReservedParameters.Contains(queryable);

    public static (FeatureQuery Query, IReadOnlyList<string>? Properties) Read(
        HttpRequest request, Layer layer, MapsOptions options, bool paged, IEnumerable<string> otherAllowed)
    {
        var queryables = layer.Metadata.Queryables.Select(q => q.Name).Where(IsEqualityParameter).ToHashSet(StringComparer.Ordinal);
        var allowed = new HashSet<string>(FilterParameters.Select(p => p.Name).Concat(otherAllowed).Concat(queryables), StringComparer.Ordinal);
        if (paged)
            allowed.UnionWith(PagingParameters.Select(p => p.Name));
        Http.QueryParameters.RequireOnly(request, allowed);

        RequireCrs84(request, "bbox-crs");
        RequireCrs84(request, "crs");

        var equals = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var queryable in layer.Metadata.Queryables)
            if (IsEqualityParameter(queryable.Name) && Http.QueryParameters.Single(request, queryable.Name) is { } value)
                equals[queryable.Name] = CheckedValue(queryable, value, layer);

        var query = new FeatureQuery
        {
            Bbox = Http.QueryParameters.Single(request, "bbox") is { } bbox ? BoundingBox.Parse(bbox) : null,
            Datetime = Http.QueryParameters.Single(request, "datetime") is { } datetime ? ReadDatetime(datetime, layer) : null,
            PropertyEquals = equals,
            Filter = ReadFilter(request, layer),
            SortBy = paged && Http.QueryParameters.Single(request, "sortby") is { } sortby ? SortField.Parse(sortby, layer.Metadata) : [],
            Limit = paged ? ReadLimit(Http.QueryParameters.Single(request, "limit"), options) : int.MaxValue,
            After = paged ? Http.QueryParameters.Single(request, "after") : null,
        };
        return (query, ReadProperties(Http.QueryParameters.Single(request, "properties"), layer));
    }

    /// <summary>
    /// <c>filter</c> in <c>filter-lang</c> (<c>cql2-text</c>, the default, or <c>cql2-json</c>), with
    /// <c>filter-crs</c> CRS84 or absent; parsed, and typed against the layer's queryables so that a
    /// mistake is a 400 before anything is read. <c>cql-text</c>, the draft's name that GDAL's OAPIF
    /// driver (to 3.10 at least) sends, and only when the OpenAPI document lists it, reads as CQL2
    /// text: what GDAL writes from an OGR SQL <c>-where</c> is CQL2 text too.
    /// </summary>
    public static CqlExpression? ReadFilter(HttpRequest request, Layer layer)
    {
        string? language = Http.QueryParameters.Single(request, "filter-lang");
        if (language is not (null or "cql2-text" or "cql2-json" or GdalCqlText))
            throw new InvalidParameterException("filter-lang", $"'filter-lang' is cql2-text (the default) or cql2-json, not '{language}'.");
        RequireCrs84(request, "filter-crs");
        if (Http.QueryParameters.Single(request, "filter") is not { } text)
            return language is null && Http.QueryParameters.Single(request, "filter-crs") is null
                ? null
                : throw new InvalidParameterException("filter", "'filter-lang' and 'filter-crs' need a 'filter'.");
        var filter = language == "cql2-json" ? CqlJsonParser.Parse(text) : CqlTextParser.Parse(text);
        CqlCompiler.CompilePredicate(filter, layer.Metadata);
        return filter;
    }

    /// <summary>
    /// <c>crs</c> and <c>bbox-crs</c> (OGC API – Features Part 2): the one CRS the collections list,
    /// CRS84, may be named (GDAL's OAPIF driver always sends <c>crs</c>); any other is a 400.
    /// </summary>
    public static void RequireCrs84(HttpRequest request, string name)
    {
        string? crs = Http.QueryParameters.Single(request, name);
        if (crs is not null && crs != CollectionDocument.Crs84)
            throw new InvalidParameterException(name, $"Only {name}={CollectionDocument.Crs84} is supported (the collections' only CRS), not '{crs}'.");
    }

    /// <summary>
    /// A filter value that can match: one of the queryable's enum, or text of its JSON Schema type (an
    /// array's: of its items' type, since an array matches when any element does); else 400. Dates and
    /// timestamps are strings here, compared as text (case-insensitively), as every string is; an
    /// <c>object</c> or an all-<c>null</c> property, which no value equals, accepts any text.
    /// </summary>
    private static string CheckedValue(QueryableProperty queryable, string value, Layer layer)
    {
        if (queryable.Values is { Count: > 0 } values && !values.Contains(value, StringComparer.OrdinalIgnoreCase))
            throw new InvalidParameterException(queryable.Name,
                $"'{queryable.Name}' of '{layer.Id}' is one of {string.Join(", ", values)}; '{value}' is not.");
        string? type = queryable.Type == "array" ? queryable.ItemsType : queryable.Type;
        bool valid = type switch
        {
            "integer" => long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _),
            "number" => double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double number) && double.IsFinite(number),
            "boolean" => value is "true" or "false",
            _ => true,
        };
        string what = queryable.Type == "array" ? $"an array of {type} values" : $"a{(type == "integer" ? "n" : "")} {type}";
        return valid
            ? value
            : throw new InvalidParameterException(queryable.Name, $"'{queryable.Name}' of '{layer.Id}' is {what}; '{value}' is not.");
    }

    /// <summary>Default when absent; clamped to the maximum when large; 400 when not a positive integer.</summary>
    public static int ReadLimit(string? text, MapsOptions options)
    {
        if (text is null)
            return options.DefaultPageSize;
        if (text.Length == 0 || !text.All(char.IsAsciiDigit))
            throw new InvalidParameterException("limit", $"'limit' must be a positive integer, not '{text}'.");
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int limit))
            return options.MaxPageSize;
        if (limit == 0)
            throw new InvalidParameterException("limit", "'limit' must be at least 1.");
        return Math.Min(limit, options.MaxPageSize);
    }

    private static DateInterval ReadDatetime(string text, Layer layer)
    {
        if (layer.Metadata.DateProperty is null)
            throw new InvalidParameterException("datetime", $"Collection '{layer.Id}' has no date property to filter on.");
        return DateInterval.Parse(text);
    }

    private static IReadOnlyList<string>? ReadProperties(string? text, Layer layer)
    {
        if (text is null)
            return null;
        var names = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var unknown = names.Where(n => !layer.PropertyNames.Contains(n)).ToArray();
        if (unknown.Length > 0)
            throw new InvalidParameterException("properties",
                $"'properties' names unknown propert{(unknown.Length == 1 ? "y" : "ies")} {string.Join(", ", unknown.Select(u => $"'{u}'"))} of '{layer.Id}'.");
        return names.Distinct(StringComparer.Ordinal).ToArray();
    }
}
