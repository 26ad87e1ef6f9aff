using System.Text.Json.Nodes;
using Maps.Core.Layers;
using Maps.Functions.Hosting;
using Maps.Functions.Html;
using Maps.Functions.Http;
using Maps.Functions.Tiles;

namespace Maps.Functions.Ogc;

/// <summary>OGC API – Features landing page, conformance declaration, API definition and its HTML docs.</summary>
public static class LandingApi
{
    public static readonly string[] ConformanceClasses =
    [
        "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
        "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
        "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/html",
        "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
        "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables",
        "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables-query-parameters",
        "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/filter",
        "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/features-filter",
        "http://www.opengis.net/spec/ogcapi-features-8/1.0/conf/sortables",
        "http://www.opengis.net/spec/ogcapi-features-8/1.0/conf/sorting",
        "http://www.opengis.net/spec/ogcapi-features-8/1.0/conf/features-sorting",
        // CQL2 (OGC 21-065r2): every class but custom functions; tests/cql2 runs the standard's test suite.
        "http://www.opengis.net/spec/cql2/1.0/conf/basic-cql2",
        "http://www.opengis.net/spec/cql2/1.0/conf/advanced-comparison-operators",
        "http://www.opengis.net/spec/cql2/1.0/conf/case-insensitive-comparison",
        "http://www.opengis.net/spec/cql2/1.0/conf/accent-insensitive-comparison",
        "http://www.opengis.net/spec/cql2/1.0/conf/basic-spatial-functions",
        "http://www.opengis.net/spec/cql2/1.0/conf/basic-spatial-functions-plus",
        "http://www.opengis.net/spec/cql2/1.0/conf/spatial-functions",
        "http://www.opengis.net/spec/cql2/1.0/conf/temporal-functions",
        "http://www.opengis.net/spec/cql2/1.0/conf/array-functions",
        "http://www.opengis.net/spec/cql2/1.0/conf/property-property",
        "http://www.opengis.net/spec/cql2/1.0/conf/arithmetic",
        "http://www.opengis.net/spec/cql2/1.0/conf/cql2-text",
        "http://www.opengis.net/spec/cql2/1.0/conf/cql2-json",
        "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/core",
        "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/tileset",
        "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/tilesets-list",
        "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/geodata-tilesets",
        "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/mvt",
        "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/oas30",
        "http://www.opengis.net/spec/tms/2.0/conf/tilematrixset",
        "http://www.opengis.net/spec/tms/2.0/conf/json-tilematrixset",
        "http://www.opengis.net/spec/tms/2.0/conf/tilematrixsetlimits",
        "http://www.opengis.net/spec/tms/2.0/conf/json-tilematrixsetlimits",
        "http://www.opengis.net/spec/tms/2.0/conf/tilesetmetadata",
        "http://www.opengis.net/spec/tms/2.0/conf/json-tilesetmetadata",
        .. Processes.ProcessesApi.ConformanceClasses,
    ];

    public const string LandingRoute = "";
    public const string ConformanceRoute = "conformance";
    public const string OpenApiRoute = "openapi.json";
    public const string DocsRoute = "docs";

    public static readonly ApiEndpoint[] Endpoints =
    [
        new("GetLanding", LandingRoute, ApiEndpoint.ReadMethods, HandlerContext.Executing(c => GetLanding(c, c.Service<ILayerCatalog>())))
            { QueryParameters = StandardParameters.FormatOnly, Summary = "Landing page: links to the API definition, conformance and data." },
        new("GetConformance", ConformanceRoute, ApiEndpoint.ReadMethods, HandlerContext.Executing(GetConformance))
            { QueryParameters = StandardParameters.FormatOnly, Summary = "The conformance classes this API implements." },
        new("GetOpenApi", OpenApiRoute, ApiEndpoint.ReadMethods, HandlerContext.Executing(c => GetOpenApi(c, c.Service<ILayerCatalog>())))
            { QueryParameters = StandardParameters.JsonOnly, Summary = "The OpenAPI 3.0 definition of this API." },
        new("GetDocs", DocsRoute, ApiEndpoint.ReadMethods, HandlerContext.Executing(c => GetDocs(c, c.Service<ILayerCatalog>())))
            { Summary = "The API documentation for people." },
    ];

    public static async Task<IResult> GetLanding(HttpContext context, ILayerCatalog catalog)
    {
        QueryParameters.RequireOnly(context.Request, StandardParameters.FormatOnly);
        var format = Negotiation.Choose(context.Request);
        string root = Links.ApiRoot(context.Request);
        if (format == OutputFormat.Html)
        {
            // The home page lists the collections; the JSON document is static and needs no store.
            var layers = await catalog.GetLayersAsync(context.RequestAborted);
            if (Conditional.IsNotModified(context, Conditional.Tag("landing", layers.Version, format.ToString(), root)))
                return Results.StatusCode(StatusCodes.Status304NotModified);
            return HtmlResults.Page(OgcPages.Landing(layers, root));
        }
        if (Conditional.IsNotModified(context, Conditional.Tag("landing", format.ToString(), root)))
            return Results.StatusCode(StatusCodes.Status304NotModified);
        var doc = new JsonObject
        {
            ["title"] = "Maps — the telecom backbone as an API",
            ["description"] = "Submarine and SMART cables, landing points, terrestrial fibre, transmission nodes, microwave links, earth stations, IXPs, schools and population, with nearest-backbone, gap and coverage analyses.",
            ["links"] = new JsonArray(LandingLinks(root).Select(l => (JsonNode)CollectionDocument.LinkNode(l.Href, l.Rel, l.Type, l.Title)).ToArray()),
        };
        return JsonDefaults.Result(doc, MediaTypes.Json);
    }

    public static IReadOnlyList<Link> LandingLinks(string root) =>
    [
        new($"{root}", "self", MediaTypes.Json, "This document"),
        new($"{root}?f=html", "alternate", MediaTypes.Html, "This document as HTML"),
        new($"{root}/{OpenApiRoute}", "service-desc", MediaTypes.OpenApi, "The API definition (OpenAPI 3.0)"),
        new($"{root}/{DocsRoute}", "service-doc", MediaTypes.Html, "The API documentation"),
        new($"{root}/{ConformanceRoute}", "conformance", MediaTypes.Json, "Conformance classes"),
        new($"{root}/{CollectionsApi.CollectionsRoute}", "data", MediaTypes.Json, "Collections"),
        new($"{root}/{CollectionsApi.CollectionsRoute}?f=html", "data", MediaTypes.Html, "Collections as HTML"),
        new($"{root}/viewer", "related", MediaTypes.Html, "The map viewer and planner"),
        new($"{root}/{TilesetsApi.TileMatrixSetsRoute}", "http://www.opengis.net/def/rel/ogc/1.0/tiling-schemes", MediaTypes.Json, "Tile matrix sets"),
        new($"{root}/{Processes.ProcessesApi.ProcessesRoute}", "http://www.opengis.net/def/rel/ogc/1.0/processes", MediaTypes.Json, "Processes: the analyses, run synchronously or as jobs"),
        new($"{root}/{Processes.JobsApi.JobsRoute}", "http://www.opengis.net/def/rel/ogc/1.0/job-list", MediaTypes.Json, "Jobs"),
    ];

    public static IResult GetConformance(HttpContext context)
    {
        QueryParameters.RequireOnly(context.Request, StandardParameters.FormatOnly);
        var format = Negotiation.Choose(context.Request);
        if (Conditional.IsNotModified(context, Conditional.Tag("conformance", format.ToString())))
            return Results.StatusCode(StatusCodes.Status304NotModified);
        if (format == OutputFormat.Html)
            return HtmlResults.Page(OgcPages.Conformance(ConformanceClasses));
        var doc = new JsonObject { ["conformsTo"] = new JsonArray(ConformanceClasses.Select(c => (JsonNode?)c).ToArray()) };
        return JsonDefaults.Result(doc, MediaTypes.Json);
    }

    public static async Task<IResult> GetOpenApi(HttpContext context, ILayerCatalog catalog)
    {
        QueryParameters.RequireOnly(context.Request, StandardParameters.JsonOnly);
        Negotiation.Choose(context.Request, htmlAvailable: false);
        var layers = await catalog.GetLayersAsync(context.RequestAborted);
        if (Conditional.IsNotModified(context, Conditional.Tag("openapi", layers.Version, Links.ApiRoot(context.Request))))
            return Results.StatusCode(StatusCodes.Status304NotModified);
        var doc = OpenApiDocument.Build(Links.ApiRoot(context.Request), layers, ApiRoutes.All);
        return JsonDefaults.Result(doc, MediaTypes.OpenApi);
    }

    public static async Task<IResult> GetDocs(HttpContext context, ILayerCatalog catalog)
    {
        QueryParameters.RequireNone(context.Request);
        var layers = await catalog.GetLayersAsync(context.RequestAborted);
        return HtmlResults.Page(OgcPages.Docs(OpenApiDocument.Build(Links.ApiRoot(context.Request), layers, ApiRoutes.All)));
    }
}
