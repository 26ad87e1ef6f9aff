using System.Globalization;
using System.Text.Json;
using Maps.Core.Layers;
using Maps.Core.Query;
using Maps.Functions.Hosting;
using Maps.Functions.Http;
using Maps.Functions.Ogc;
using Maps.Tiles;

namespace Maps.Functions.Tiles;

/// <summary>
/// Mapbox Vector Tiles per collection, in OGC API – Tiles form (row before column) and XYZ form
/// with TileJSON. Tiles with no features are 204 (always; never an empty protobuf). Every tile
/// carries an ETag of the layer version and its address, and may be held by a CDN for an hour.
/// </summary>
public static class TilesApi
{
    public const string MediaType = "application/vnd.mapbox-vector-tile";
    private const int TileMaxAgeSeconds = 3600;

    public const string OgcTileRoute = "collections/{collectionId}/tiles/WebMercatorQuad/{z}/{y}/{x}";
    public const string XyzTileRoute = "tiles/{collectionId}/{z}/{x}/{y}.mvt";
    public const string TileJsonRoute = "tiles/{collectionId}.json";

    public static string TileJsonUrl(string apiRoot, string collectionId) => $"{apiRoot}/{TileJsonRoute.Replace("{collectionId}", collectionId)}";

    /// <summary>The OGC tile route as the URL template a tileset's <c>item</c> link gives: <c>{tileMatrix}/{tileRow}/{tileCol}</c>.</summary>
    public static string OgcTileTemplate(string apiRoot, string collectionId) =>
        $"{apiRoot}/" + OgcTileRoute.Replace("{collectionId}", collectionId).Replace("{z}", "{tileMatrix}").Replace("{y}", "{tileRow}").Replace("{x}", "{tileCol}");

    public static readonly ApiEndpoint[] Endpoints =
    [
        new("GetCollectionTile", OgcTileRoute, ApiEndpoint.ReadMethods, c => WriteTileAsync(c, Tile(c), withinLimits: true))
            { QueryParameters = FeatureQueryReader.CqlParameters, Summary = "A Mapbox Vector Tile of the collection (OGC API – Tiles, WebMercatorQuad: zoom/row/column); 404 outside the tileset's limits." },
        new("GetTile", XyzTileRoute, ApiEndpoint.ReadMethods, c => WriteTileAsync(c, Tile(c), withinLimits: false))
            { QueryParameters = FeatureQueryReader.CqlParameters, Summary = "A Mapbox Vector Tile of the collection (XYZ: zoom/column/row)." },
        new("GetTileJson", TileJsonRoute, ApiEndpoint.ReadMethods,
                HandlerContext.Executing(c => GetTileJson(c, c.RequiredRouteValue("collectionId"), c.Service<ILayerCatalog>())))
            { Summary = "TileJSON 3.0 for the collection's vector tiles: bounds, zooms, fields, attribution." },
    ];

    private static (string CollectionId, string Z, string X, string Y) Tile(HttpContext c) =>
        (c.RequiredRouteValue("collectionId"), c.RequiredRouteValue("z"), c.RequiredRouteValue("x"), c.RequiredRouteValue("y"));

    public static async Task<IResult> GetTileJson(HttpContext context, string collectionId, ILayerCatalog catalog)
    {
        var layer = await Catalogs.FindLayerAsync(catalog, collectionId, context.RequestAborted);
        QueryParameters.RequireNone(context.Request);
        Negotiation.RequireAcceptable(context.Request, MediaTypes.Json);
        string root = Links.ApiRoot(context.Request);
        if (Conditional.IsNotModified(context, Conditional.Tag(layer.Version, "tilejson", root)))
            return Results.StatusCode(StatusCodes.Status304NotModified);
        var tileJson = TileJson.For(layer, $"{root}/{XyzTileRoute.Replace("{collectionId}", layer.Id)}");
        return Results.Text(JsonSerializer.Serialize(tileJson, JsonDefaults.Serializer), MediaTypes.Json);
    }

    /// <param name="withinLimits">
    /// The OGC route answers 404 for a tile outside the limits its tileset publishes (OGC API – Tiles
    /// /req/core/tc-error); the XYZ route, for web maps that ask for whatever is in view, answers 204.
    /// </param>
    private static async Task WriteTileAsync(HttpContext context, (string CollectionId, string Z, string X, string Y) address, bool withinLimits)
    {
        var (collectionId, z, x, y) = address;
        var layer = await Catalogs.FindLayerAsync(context.Service<ILayerCatalog>(), collectionId, context.RequestAborted);
        QueryParameters.RequireOnly(context.Request, FeatureQueryReader.CqlParameters);
        var filter = FeatureQueryReader.ReadFilter(context.Request, layer);
        Negotiation.RequireAcceptable(context.Request, MediaType, "application/x-protobuf", "application/octet-stream");
        var tile = TileAddress.Create(Number(z, "z"), Number(x, "x"), Number(y, "y"));
        if (withinLimits && WebMercatorQuad.LimitsAt(layer, tile.Z) is var limits && !WebMercatorQuad.Holds(limits, tile))
            throw ApiException.NotFound(limits is { } l
                ? $"Tile {tile.Z}/{tile.Y}/{tile.X} (zoom/row/column) is outside the limits of '{layer.Id}' at zoom {tile.Z}: rows {l.MinTileRow}–{l.MaxTileRow}, columns {l.MinTileCol}–{l.MaxTileCol} (see its tileset)."
                : $"Collection '{layer.Id}' has no features, so no tiles.");
        if (Conditional.IsNotModified(context, Conditional.Tag(layer.Version, "mvt", tile.ToString(), context.Request.QueryString.Value), TileMaxAgeSeconds))
        {
            context.Response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }
        var matcher = filter is null ? null : FeatureFilter.For(layer, new FeatureQuery { Filter = filter });
        Func<int, bool>? include = matcher is null ? null : position => matcher.Matches(layer, position);
        byte[] bytes = VectorTileBuilder.Build(layer, tile, include: include);
        if (bytes.Length == 0)
        {
            context.Response.StatusCode = StatusCodes.Status204NoContent;
            return;
        }
        context.Response.ContentType = MediaType;
        context.Response.ContentLength = bytes.Length;
        await context.Response.Body.WriteAsync(bytes, context.RequestAborted);
    }

    private static int Number(string text, string name) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int value)
            ? value
            : throw new InvalidParameterException(name, text.Length > 0 && text.All(char.IsAsciiDigit)
                ? $"Tile {name} {text} is out of range (zoom 0..{TileAddress.MaxZoom}, column and row 0..2^zoom-1)."
                : $"Tile {name} must be a non-negative integer, not '{text}'.");
}
