using Microsoft.AspNetCore.Http.Metadata;
using System.Text.Json.Nodes;
using Maps.Core.Layers;
using Maps.Functions.Http;
using Microsoft.AspNetCore.Routing.Patterns;

namespace Maps.Functions.Ogc;

/// <summary>
/// Builds the OpenAPI 3.0 definition from the handler's own route table (so it cannot drift from
/// the routes), with the collection ids and queryables of the current layer set.
/// </summary>
public static class OpenApiDocument
{
    public static JsonObject Build(string apiRoot, LayerSet layers, EndpointDataSource endpoints)
    {
        var paths = new JsonObject();
        var queryables = layers.Layers.SelectMany(l => l.Metadata.Queryables).Select(q => q.Name).Distinct().Order(StringComparer.Ordinal).ToArray();
        foreach (var endpoint in endpoints.Endpoints.OfType<RouteEndpoint>()
                     .Where(e => e.RoutePattern.RawText?.StartsWith("/api", StringComparison.Ordinal) == true)
                     .Where(e => e.Metadata.GetMetadata<IExcludeFromDescriptionMetadata>() is not { ExcludeFromDescription: true })
                     .OrderBy(e => e.RoutePattern.RawText, StringComparer.Ordinal))
        {
            string path = "/" + (endpoint.RoutePattern.RawText!.Length > 4 ? endpoint.RoutePattern.RawText[5..] : "");
            path = RemoveConstraints(endpoint.RoutePattern, path);
            var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"];
            var item = paths[path] as JsonObject ?? new JsonObject();
            foreach (var method in methods.Where(m => m != HttpMethods.Head))
                item[method.ToLowerInvariant()] = Operation(endpoint, layers, queryables);
            paths[path] = item;
        }
        return new JsonObject
        {
            ["openapi"] = "3.0.3",
            ["info"] = new JsonObject
            {
                ["title"] = "Maps — the telecom backbone as an API",
                ["version"] = "1.0.0",
                ["description"] = "OGC API – Features over telecom backbone layers, plus nearest-backbone, gap and coverage analyses for connectivity planning.",
            },
            ["servers"] = new JsonArray(new JsonObject { ["url"] = apiRoot }),
            ["paths"] = paths,
            ["components"] = new JsonObject
            {
                ["securitySchemes"] = new JsonObject
                {
                    ["functionKey"] = new JsonObject
                    {
                        ["type"] = "apiKey",
                        ["in"] = "header",
                        ["name"] = "x-functions-key",
                        ["description"] = "The function key (Azure) or Maps__ManageKey (standalone); ?code= is accepted too.",
                    },
                },
            },
        };
    }

    private static JsonObject Operation(RouteEndpoint endpoint, LayerSet layers, string[] queryables)
    {
        var parameters = new JsonArray();
        foreach (var routeParameter in endpoint.RoutePattern.Parameters)
        {
            var schema = new JsonObject { ["type"] = "string" };
            if (routeParameter.Name == "collectionId")
                schema["enum"] = new JsonArray(layers.Layers.Select(l => (JsonNode?)l.Id).ToArray());
            parameters.Add(new JsonObject { ["name"] = routeParameter.Name, ["in"] = "path", ["required"] = true, ["schema"] = schema });
        }
        var docs = endpoint.Metadata.GetMetadata<QueryParameterDocs>();
        foreach (var name in docs?.Names ?? [])
            parameters.Add(ParameterCatalog.Describe(name));
        if (docs?.IncludesQueryables == true)
            foreach (var name in queryables)
                parameters.Add(new JsonObject
                {
                    ["name"] = name, ["in"] = "query", ["required"] = false,
                    ["description"] = $"Equality filter on the queryable property '{name}' (see /collections/{{collectionId}}/queryables).",
                    ["schema"] = new JsonObject { ["type"] = "string" },
                });

        var body = endpoint.Metadata.GetMetadata<RequestBodyDocs>();
        var operation = new JsonObject
        {
            ["operationId"] = endpoint.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName ?? endpoint.DisplayName,
            ["summary"] = endpoint.Metadata.GetMetadata<IEndpointSummaryMetadata>()?.Summary ?? "",
            ["parameters"] = parameters,
            ["responses"] = new JsonObject
            {
                ["200"] = new JsonObject { ["description"] = "OK" },
                ["304"] = new JsonObject { ["description"] = "Not modified (If-None-Match matched the ETag)" },
                ["400"] = Problem("Malformed or unknown parameter"),
                ["404"] = Problem("Unknown collection or feature"),
                ["406"] = Problem("Unsupported Accept"),
            },
        };
        if (body is not null)
            operation["requestBody"] = new JsonObject
            {
                ["required"] = true,
                ["description"] = body.Description,
                ["content"] = new JsonObject(body.MediaTypes.Select(m => KeyValuePair.Create(m, (JsonNode?)new JsonObject()))),
            };
        if (endpoint.RoutePattern.RawText!.StartsWith("/api/manage", StringComparison.Ordinal))
            operation["security"] = new JsonArray(new JsonObject { ["functionKey"] = new JsonArray() });
        return operation;
    }

    private static JsonObject Problem(string description) => new()
    {
        ["description"] = description,
        ["content"] = new JsonObject { [MediaTypes.Problem] = new JsonObject { ["schema"] = new JsonObject { ["type"] = "object" } } },
    };

    private static string RemoveConstraints(RoutePattern pattern, string path)
    {
        foreach (var parameter in pattern.Parameters)
        {
            int start = path.IndexOf("{" + parameter.Name, StringComparison.Ordinal);
            if (start < 0)
                continue;
            int end = path.IndexOf('}', start);
            path = path[..start] + "{" + parameter.Name + "}" + path[(end + 1)..];
        }
        return path;
    }
}
