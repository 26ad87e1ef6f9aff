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
    public const string SortablesRoute = "collections/{collectionId}/sortables";

    public static readonly ApiEndpoint[] Endpoints =
    [
        new("GetCollections", CollectionsRoute, ApiEndpoint.ReadMethods, HandlerContext.Executing(c => GetCollections(c, c.Service<ILayerCatalog>())))
            { QueryParameters = StandardParameters.FormatOnly, Summary = "Every collection with its extent, licence and links." },
        new("GetCollection", CollectionRoute, ApiEndpoint.ReadMethods,
                HandlerContext.Executing(c => GetCollection(c, c.RequiredRouteValue("collectionId"), c.Service<ILayerCatalog>())))
            { QueryParameters = StandardParameters.FormatOnly, Summary = "One collection's description." },
        new("GetQueryables", QueryablesRoute, ApiEndpoint.ReadMethods,
                HandlerContext.Executing(c => GetQueryables(c, c.RequiredRouteValue("collectionId"), c.Service<ILayerCatalog>())))
            { QueryParameters = StandardParameters.FormatOnly, Summary = "The properties that items can be filtered on (CQL2 and equality parameters), as JSON Schema." },
        new("GetSortables", SortablesRoute, ApiEndpoint.ReadMethods,
                HandlerContext.Executing(c => GetSortables(c, c.RequiredRouteValue("collectionId"), c.Service<ILayerCatalog>())))
            { QueryParameters = StandardParameters.FormatOnly, Summary = "The properties that items can be sorted by (sortby), as JSON Schema." },
    ];

    public static async Task<IResult> GetCollections(HttpContext context, ILayerCatalog catalog)
    {
        QueryParameters.RequireOnly(context.Request, StandardParameters.FormatOnly);
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

    public static Task<IResult> GetCollection(HttpContext context, string collectionId, ILayerCatalog catalog) =>
        CollectionResourceAsync(context, collectionId, catalog, "collection", CollectionPages.Collection, CollectionDocument.Build, MediaTypes.Json);

    public static Task<IResult> GetQueryables(HttpContext context, string collectionId, ILayerCatalog catalog) =>
        CollectionResourceAsync(context, collectionId, catalog, "queryables", OgcPages.Queryables, PropertySchemas.Queryables, MediaTypes.JsonSchema);

    public static Task<IResult> GetSortables(HttpContext context, string collectionId, ILayerCatalog catalog) =>
        CollectionResourceAsync(context, collectionId, catalog, "sortables", OgcPages.Sortables, PropertySchemas.Sortables, MediaTypes.JsonSchema);

    /// <summary>A document about one collection, as JSON or HTML (f= or Accept), with its ETag from the layer's version.</summary>
    private static async Task<IResult> CollectionResourceAsync(HttpContext context, string collectionId, ILayerCatalog catalog, string resource,
        Func<Layer, string, string> html, Func<Layer, string, JsonObject> json, string mediaType)
    {
        var layer = await Catalogs.FindLayerAsync(catalog, collectionId, context.RequestAborted);
        QueryParameters.RequireOnly(context.Request, StandardParameters.FormatOnly);
        var format = Negotiation.Choose(context.Request);
        string root = Links.ApiRoot(context.Request);
        if (Conditional.IsNotModified(context, Conditional.Tag(layer.Version, resource, format.ToString(), root)))
            return Results.StatusCode(StatusCodes.Status304NotModified);
        return format == OutputFormat.Html
            ? HtmlResults.Page(html(layer, root))
            : JsonDefaults.Result(json(layer, root), mediaType);
    }
}
