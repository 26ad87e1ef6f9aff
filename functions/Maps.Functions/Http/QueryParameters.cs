namespace Maps.Functions.Http;

/// <summary>Checks of the query string that every endpoint shares: no unknown and no repeated parameters.</summary>
public static class QueryParameters
{
    public static void RequireOnly(HttpRequest request, IReadOnlyCollection<string> allowed)
    {
        foreach (var (name, values) in request.Query)
        {
            if (!allowed.Contains(name))
                throw ApiException.BadRequest(allowed.Count == 0
                    ? $"Unknown query parameter '{name}': this resource takes no query parameters."
                    : $"Unknown query parameter '{name}'. Allowed here: {string.Join(", ", allowed.Order(StringComparer.Ordinal))}.");
            if (values.Count > 1)
                throw ApiException.BadRequest($"Query parameter '{name}' is given {values.Count} times; give it once.");
        }
    }

    /// <summary>No query parameters at all.</summary>
    public static void RequireNone(HttpRequest request) => RequireOnly(request, Array.Empty<string>());

    /// <summary>Only the declared parameters, each at most once.</summary>
    public static void RequireOnly(HttpRequest request, IReadOnlyList<QueryParameter> declared) =>
        RequireOnly(request, declared.Select(p => p.Name).ToArray());

    public static string? Single(HttpRequest request, string name) =>
        request.Query.TryGetValue(name, out var values) ? values[0] : null;
}
