using Maps.Core.Layers;
using Maps.Functions.Hosting;
using Maps.Functions.Http;
using Maps.Functions.Ogc;
using Maps.Tiles;

namespace Maps.Functions.Tiles;

/// <summary>
/// OGC API – Tiles metadata (docs/architecture.md §5): the tile matrix sets this API tiles in (only
/// WebMercatorQuad), and per collection its tileset list and vector tileset, which give clients such as
/// GDAL's OGCAPI driver and QGIS the tile URL template, zooms and limits. The tiles themselves are
/// <see cref="TilesApi"/>.
/// </summary>
public static class TilesetsApi
{
    public const string TileMatrixSetsRoute = "tileMatrixSets";
    public const string TileMatrixSetRoute = "tileMatrixSets/{tileMatrixSetId}";
    public const string TilesetsRoute = "collections/{collectionId}/tiles";
    public const string TilesetRoute = "collections/{collectionId}/tiles/{tileMatrixSetId}";

    public static readonly ApiEndpoint[] Endpoints =
    [
        new("GetTileMatrixSets", TileMatrixSetsRoute, ApiEndpoint.ReadMethods, HandlerContext.Executing(GetTileMatrixSets))
            { QueryParameters = StandardParameters.FormatOnly, Summary = "The tile matrix sets tiles are served in (WebMercatorQuad)." },
        new("GetTileMatrixSet", TileMatrixSetRoute, ApiEndpoint.ReadMethods,
                HandlerContext.Executing(c => GetTileMatrixSet(c, c.RequiredRouteValue("tileMatrixSetId"))))
            { QueryParameters = StandardParameters.FormatOnly, Summary = "A tile matrix set's definition (OGC 2D Tile Matrix Set 2.0 JSON)." },
        new("GetCollectionTilesets", TilesetsRoute, ApiEndpoint.ReadMethods,
                HandlerContext.Executing(c => GetTilesets(c, c.RequiredRouteValue("collectionId"), c.Service<ILayerCatalog>())))
            { QueryParameters = StandardParameters.FormatOnly, Summary = "The vector tilesets of a collection (one, in WebMercatorQuad)." },
        new("GetCollectionTileset", TilesetRoute, ApiEndpoint.ReadMethods,
                HandlerContext.Executing(c => GetTileset(c, c.RequiredRouteValue("collectionId"), c.RequiredRouteValue("tileMatrixSetId"), c.Service<ILayerCatalog>())))
            { QueryParameters = StandardParameters.FormatOnly, Summary = "A collection's vector tileset: tile URL template, tile matrix set, limits per zoom, attributes." },
    ];

    public static IResult GetTileMatrixSets(HttpContext context)
    {
        string root = Begin(context);
        if (Conditional.IsNotModified(context, Conditional.Tag("tileMatrixSets", root), 3600))
            return Results.StatusCode(StatusCodes.Status304NotModified);
        return JsonDefaults.Result(TilesetDocuments.TileMatrixSets(root), MediaTypes.Json);
    }

    public static IResult GetTileMatrixSet(HttpContext context, string tileMatrixSetId)
    {
        RequireKnown(tileMatrixSetId);
        string root = Begin(context);
        if (Conditional.IsNotModified(context, Conditional.Tag("tileMatrixSet", tileMatrixSetId, root), 3600))
            return Results.StatusCode(StatusCodes.Status304NotModified);
        return JsonDefaults.Result(TilesetDocuments.TileMatrixSet(root), MediaTypes.Json);
    }

    public static async Task<IResult> GetTilesets(HttpContext context, string collectionId, ILayerCatalog catalog)
    {
        var layer = await Catalogs.FindLayerAsync(catalog, collectionId, context.RequestAborted);
        string root = Begin(context);
        if (Conditional.IsNotModified(context, Conditional.Tag(layer.Version, "tilesets", root)))
            return Results.StatusCode(StatusCodes.Status304NotModified);
        return JsonDefaults.Result(TilesetDocuments.Tilesets(layer, root), MediaTypes.Json);
    }

    public static async Task<IResult> GetTileset(HttpContext context, string collectionId, string tileMatrixSetId, ILayerCatalog catalog)
    {
        var layer = await Catalogs.FindLayerAsync(catalog, collectionId, context.RequestAborted);
        RequireKnown(tileMatrixSetId);
        string root = Begin(context);
        if (Conditional.IsNotModified(context, Conditional.Tag(layer.Version, "tileset", root)))
            return Results.StatusCode(StatusCodes.Status304NotModified);
        return JsonDefaults.Result(TilesetDocuments.Tileset(layer, root, VectorTileOptions.Default.MaxZoom), MediaTypes.Json);
    }

    private static string Begin(HttpContext context)
    {
        QueryParameters.RequireOnly(context.Request, StandardParameters.FormatOnly);
        Negotiation.Choose(context.Request, htmlAvailable: false);
        return Links.ApiRoot(context.Request);
    }

    private static void RequireKnown(string tileMatrixSetId)
    {
        if (tileMatrixSetId != WebMercatorQuad.Id)
            throw ApiException.NotFound($"No tile matrix set '{tileMatrixSetId}'; tiles are served in '{WebMercatorQuad.Id}' only.");
    }
}
