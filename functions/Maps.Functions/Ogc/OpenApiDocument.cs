using System.Text.Json.Nodes;
using Maps.Core.Layers;
using Maps.Functions.Hosting;
using Maps.Functions.Http;
using Microsoft.AspNetCore.Routing.Template;

namespace Maps.Functions.Ogc;

/// <summary>
/// Builds the OpenAPI 3.0 definition from the endpoint table (<see cref="ApiRoutes"/>, so it cannot
/// drift from the routes either host serves), with the collection ids and queryables of the current layer set.
/// </summary>
public static class OpenApiDocument
{
    public static JsonObject Build(string apiRoot, LayerSet layers, IReadOnlyList<ApiEndpoint> endpoints)
    {
        var paths = new JsonObject();
        var queryables = layers.Layers.SelectMany(l => l.Metadata.Queryables).Select(q => q.Name)
            .Where(FeatureQueryReader.IsEqualityParameter).Distinct().Order(StringComparer.Ordinal).ToArray();
        foreach (var endpoint in endpoints.Where(e => e.Described).OrderBy(e => e.DocumentedPath, StringComparer.Ordinal))
        {
            var item = paths[endpoint.DocumentedPath] as JsonObject ?? new JsonObject();
            foreach (var method in endpoint.Methods.Where(m => m != HttpMethods.Head))
                item[method.ToLowerInvariant()] = Operation(endpoint, layers, queryables);
            paths[endpoint.DocumentedPath] = item;
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

    private static JsonObject Operation(ApiEndpoint endpoint, LayerSet layers, string[] queryables)
    {
        var parameters = new JsonArray();
        foreach (var routeParameter in TemplateParser.Parse(endpoint.Route).Parameters)
        {
            var schema = new JsonObject { ["type"] = "string" };
            if (routeParameter.Name == "collectionId")
                schema["enum"] = new JsonArray(layers.Layers.Select(l => (JsonNode?)l.Id).ToArray());
            parameters.Add(new JsonObject { ["name"] = routeParameter.Name, ["in"] = "path", ["required"] = true, ["schema"] = schema });
        }
        foreach (var parameter in endpoint.QueryParameters)
            parameters.Add(parameter.OpenApi());
        if (endpoint.QueryablesAsParameters)
            foreach (var name in queryables)
                parameters.Add(new JsonObject
                {
                    ["name"] = name, ["in"] = "query", ["required"] = false,
                    ["description"] = $"Equality filter on the queryable property '{name}' (see /collections/{{collectionId}}/queryables).",
                    ["schema"] = new JsonObject { ["type"] = "string" },
                });

        var body = endpoint.Body;
        var operation = new JsonObject
        {
            ["operationId"] = endpoint.Name,
            ["summary"] = endpoint.Summary,
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
        if (endpoint.Access == EndpointAccess.FunctionKey)
            operation["security"] = new JsonArray(new JsonObject { ["functionKey"] = new JsonArray() });
        return operation;
    }

    private static JsonObject Problem(string description) => new()
    {
        ["description"] = description,
        ["content"] = new JsonObject { [MediaTypes.Problem] = new JsonObject { ["schema"] = new JsonObject { ["type"] = "object" } } },
    };
}
