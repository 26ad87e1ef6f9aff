using Maps.Functions.Analysis;
using Maps.Functions.Extracts;
using Maps.Functions.Manage;
using Maps.Functions.Ogc;
using Maps.Functions.Tiles;
using Maps.Functions.Viewer;

namespace Maps.Functions.Hosting;

/// <summary>Every route of the API, in one place; the function.json set is generated from these.</summary>
public static class ApiRoutes
{
    public const string Prefix = "/api";
    public const string ManagePrefix = "/api/manage";

    public static IEndpointRouteBuilder MapMapsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup(Prefix).RequireCors(CorsPolicies.Read);
        api.MapLandingApi();
        api.MapCollectionsApi();
        api.MapItemsApi();
        api.MapTilesApi();
        api.MapExtractsApi();
        api.MapHealthApi();
        api.MapManageApi();
        api.MapAnalysisApi();
        api.MapViewerApi();
        return app;
    }
}
