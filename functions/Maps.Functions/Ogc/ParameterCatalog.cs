using System.Text.Json.Nodes;

namespace Maps.Functions.Ogc;

/// <summary>The OpenAPI description of every query parameter the API knows, by name.</summary>
public static class ParameterCatalog
{
    // Concurrent: every app instance (tests build several in parallel) registers its parameters.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, (string Description, JsonObject Schema)> Known = new(new Dictionary<string, (string, JsonObject)>
    {
        ["f"] = ("Output format: json or html (overrides Accept).", new() { ["type"] = "string", ["enum"] = new JsonArray("json", "html") }),
        ["bbox"] = ("minLon,minLat,maxLon,maxLat in CRS84. minLon > maxLon crosses the antimeridian.",
            new() { ["type"] = "array", ["minItems"] = 4, ["maxItems"] = 6, ["items"] = new JsonObject { ["type"] = "number" } }),
        ["bbox-crs"] = ("CRS of bbox; only CRS84.", new() { ["type"] = "string", ["format"] = "uri" }),
        ["crs"] = ("CRS of the response's coordinates; only CRS84 (OGC API – Features Part 2).", new() { ["type"] = "string", ["format"] = "uri" }),
        ["limit"] = ("Page size, default 100, at most 10,000; larger values are clamped to 10,000.",
            new() { ["type"] = "integer", ["minimum"] = 1, ["maximum"] = 10_000, ["default"] = 100 }),
        ["after"] = ("Keyset cursor: return features whose id sorts after this one. Use the 'next' link.", new() { ["type"] = "string" }),
        ["datetime"] = ("RFC 3339 instant or interval ('2015-01-01T00:00:00Z/..') against the collection's date (year) property.", new() { ["type"] = "string" }),
        ["properties"] = ("Comma-separated property names to return.", new() { ["type"] = "string" }),
        ["filter"] = ("A CQL2 filter (OGC API – Features Part 3) on the collection's queryables, in filter-lang; combines with the other filters by AND.",
            new() { ["type"] = "string" }),
        ["filter-lang"] = ("The language of filter: cql2-text (default) or cql2-json; cql-text, the draft's name that GDAL sends, is read as cql2-text.",
            new() { ["type"] = "string", ["enum"] = new JsonArray("cql2-text", "cql2-json", FeatureQueryReader.GdalCqlText), ["default"] = "cql2-text" }),
        ["filter-crs"] = ("CRS of the filter's geometries; only CRS84.", new() { ["type"] = "string", ["format"] = "uri" }),
        ["sortby"] = ("Sort keys, comma-separated, '-' for descending (sortby=name,-length_km); ties broken by id. See the collection's sortables.",
            new() { ["type"] = "array", ["items"] = new JsonObject { ["type"] = "string", ["pattern"] = "^[+-]?[^,]+$" } }),
    });

    public static void Register(string name, string description, JsonObject schema) => Known[name] = (description, schema);

    public static JsonObject Describe(string name)
    {
        var (description, schema) = Known.TryGetValue(name, out var known) ? known : ("", new JsonObject { ["type"] = "string" });
        var parameter = new JsonObject
        {
            ["name"] = name,
            ["in"] = "query",
            ["required"] = false,
            ["description"] = description,
            ["schema"] = schema.DeepClone(),
        };
        if (name is "bbox" or "sortby")
        {
            parameter["style"] = "form";
            parameter["explode"] = false;
        }
        return parameter;
    }
}
