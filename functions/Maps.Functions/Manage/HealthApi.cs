using Maps.Core.Layers;
using Maps.Functions.Hosting;
using Maps.Functions.Http;
using Maps.Storage;

namespace Maps.Functions.Manage;

/// <summary><c>/api/health</c>: which store this instance serves from, whether it can reach it, and which version of each collection it serves.</summary>
public static class HealthApi
{
    public const string HealthRoute = "health";

    public static readonly ApiEndpoint[] Endpoints =
    [
        new("GetHealth", HealthRoute, ApiEndpoint.ReadMethods, HandlerContext.Executing(c => GetHealth(c, c.Service<ILayerCatalog>(), c.Service<LayerStoreHost>())))
            { Summary = "Mode (embedded, over a local store, or azure-storage), storage reachability, last refresh and the version served of each collection." },
    ];

    public static async Task<IResult> GetHealth(HttpContext context, ILayerCatalog catalog, LayerStoreHost host)
    {
        QueryParameters.RequireNone(context.Request);
        context.Response.Headers.CacheControl = "no-store";
        LayerSet? layers = null;
        try
        {
            layers = await catalog.GetLayersAsync(context.RequestAborted);
        }
        catch (Exception e) when (StoreErrors.IsUnavailable(e))
        {
            // Reported below: nothing loaded yet.
        }
        var health = host.Catalog.Health;
        var body = new
        {
            mode = health.Mode,
            storage = health.Storage,
            lastRefresh = health.LastRefresh,
            collections = health.Collections,
            unavailable = health.Unavailable.Count > 0 ? health.Unavailable : null,
        };
        // Nothing to serve at all is unhealthy; a stale snapshot is not (it is served, and says so).
        int status = layers is null ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK;
        return Results.Json(body, JsonDefaults.Serializer, MediaTypes.Json, status);
    }
}
