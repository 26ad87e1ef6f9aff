using System.Text.Json.Nodes;
using Maps.Core.Layers;
using Maps.Functions.Hosting;
using Maps.Functions.Html;
using Maps.Functions.Http;

namespace Maps.Functions.Ogc;

/// <summary>OGC API – Features collection metadata: the list, one collection, and its queryables (Part 3).</summary>
public static class CollectionsApi
{
    public const string CollectionsRoute = "collections";
    public const string CollectionRoute = "collections/{collectionId}";
    public const string QueryablesRoute = "collections/{collectionId}/queryables";

    public static readonly ApiEndpoint[] Endpoints =
    [
        new("GetCollections", CollectionsRoute, ApiEndpoint.ReadMethods, HandlerContext.Executing(c => GetCollections(c, c.Service<ILayerCatalog>())))
            { QueryParameters = ["f"], Summary = "Every collection with its extent, licence and links." },
        new("GetCollection", CollectionRoute, ApiEndpoint.ReadMethods,
                HandlerContext.Executing(c => GetCollection(c, c.RequiredRouteValue("collectionId"), c.Service<ILayerCatalog>())))
            { QueryParameters = ["f"], Summary = "One collection's description." },
        new("GetQueryables", QueryablesRoute, ApiEndpoint.ReadMethods,
                HandlerContext.Executing(c => GetQueryables(c, c.RequiredRouteValue("collectionId"), c.Service<ILayerCatalog>())))
            { QueryParameters = ["f"], Summary = "The properties that items can be filtered on, as JSON Schema." },
    ];

    public static async Task<IResult> GetCollections(HttpContext context, ILayerCatalog catalog)
    {
        QueryParameters.RequireOnly(context.Request, ["f"]);
        var format = Negotiation.Choose(context.Request);
        var layers = await catalog.GetLayersAsync(context.RequestAborted);
        if (Conditional.IsNotModified(context, Conditional.Tag(layers.Version, format.ToString(), Links.ApiRoot(context.Request))))
            return Results.StatusCode(StatusCodes.Status304NotModified);
        string root = Links.ApiRoot(context.Request);
        if (format == OutputFormat.Html)
            return HtmlResults.Page(OgcPages.Collections(layers, root));
        var doc = new JsonObject
        {
            ["links"] = new JsonArray(
                CollectionDocument.LinkNode($"{root}/collections", "self", MediaTypes.Json, "Collections"),
                CollectionDocument.LinkNode($"{root}/collections?f=html", "alternate", MediaTypes.Html, "Collections as HTML")),
            ["collections"] = new JsonArray(layers.Layers.Select(l => (JsonNode)CollectionDocument.Build(l, root)).ToArray()),
        };
        return JsonDefaults.Result(doc, MediaTypes.Json);
    }

    public static async Task<IResult> GetCollection(HttpContext context, string collectionId, ILayerCatalog catalog)
    {
        var layer = await Catalogs.FindLayerAsync(catalog, collectionId, context.RequestAborted);
        QueryParameters.RequireOnly(context.Request, ["f"]);
        var format = Negotiation.Choose(context.Request);
        string root = Links.ApiRoot(context.Request);
        if (Conditional.IsNotModified(context, Conditional.Tag(layer.Version, format.ToString(), root)))
            return Results.StatusCode(StatusCodes.Status304NotModified);
        if (format == OutputFormat.Html)
            return HtmlResults.Page(CollectionPages.Collection(layer, root));
        return JsonDefaults.Result(CollectionDocument.Build(layer, root), MediaTypes.Json);
    }

    public static async Task<IResult> GetQueryables(HttpContext context, string collectionId, ILayerCatalog catalog)
    {
        var layer = await Catalogs.FindLayerAsync(catalog, collectionId, context.RequestAborted);
        QueryParameters.RequireOnly(context.Request, ["f"]);
        var format = Negotiation.Choose(context.Request);
        string root = Links.ApiRoot(context.Request);
        if (Conditional.IsNotModified(context, Conditional.Tag(layer.Version, "queryables", format.ToString(), root)))
            return Results.StatusCode(StatusCodes.Status304NotModified);
        if (format == OutputFormat.Html)
            return HtmlResults.Page(OgcPages.Queryables(layer, root));
        var properties = new JsonObject
        {
            [layer.Metadata.GeometryQueryable] = new JsonObject { ["$ref"] = "https://geojson.org/schema/Geometry.json" },
        };
        foreach (var q in layer.Metadata.Queryables)
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
            properties[q.Name] = schema;
        }
        var doc = new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["$id"] = $"{root}/collections/{layer.Id}/queryables",
            ["type"] = "object",
            ["title"] = layer.Metadata.Title,
            ["properties"] = properties,
            ["additionalProperties"] = false,
        };
        return JsonDefaults.Result(doc, MediaTypes.JsonSchema);
    }
}
