using System.Text.Json.Nodes;
using Maps.Core.Layers;

namespace Maps.Functions.Ogc;

/// <summary>
/// The JSON Schema documents of a collection's properties: its queryables (OGC API – Features
/// Part 3) and its sortables (Part 8), the same schema per property.
/// </summary>
public static class PropertySchemas
{
    public static JsonObject Queryables(Layer layer, string root)
    {
        var properties = new JsonObject { [layer.Metadata.GeometryQueryable] = new JsonObject { ["$ref"] = GeometrySchema(layer) } };
        foreach (var q in layer.Metadata.Queryables)
            properties[q.Name] = Of(q);
        return Document(layer, $"{root}/collections/{layer.Id}/queryables", properties);
    }

    public static JsonObject Sortables(Layer layer, string root)
    {
        var properties = new JsonObject();
        foreach (var q in layer.Metadata.Queryables.Where(Maps.Core.Query.SortField.IsSortable))
            properties[q.Name] = Of(q);
        return Document(layer, $"{root}/collections/{layer.Id}/sortables", properties);
    }

    public static JsonObject Of(QueryableProperty q)
    {
        var schema = new JsonObject { ["type"] = q.Type, ["title"] = q.Name };
        if (q.Format is not null)
            schema["format"] = q.Format;
        if (q.Type == "array")
            schema["items"] = q.ItemsType is null ? new JsonObject() : new JsonObject { ["type"] = q.ItemsType };
        if (q.Description is not null)
            schema["description"] = q.Description;
        if (q.Values is { Count: > 0 })
            schema["enum"] = new JsonArray(q.Values.Select(v => (JsonNode?)v).ToArray());
        return schema;
    }

    /// <summary>The GeoJSON schema of the one geometry type every feature has, else of any geometry.</summary>
    private static string GeometrySchema(Layer layer)
    {
        var types = layer.GeometryTypes;
        return $"https://geojson.org/schema/{(types.Count == 1 ? types[0] : "Geometry")}.json";
    }

    private static JsonObject Document(Layer layer, string id, JsonObject properties) => new()
    {
        ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
        ["$id"] = id,
        ["type"] = "object",
        ["title"] = layer.Metadata.Title,
        ["properties"] = properties,
        ["additionalProperties"] = false,
    };
}
