using Maps.Functions.Analysis;
using Maps.Functions.Analysis.Profile;
using Maps.Functions.Extracts;
using Maps.Functions.Hosting;
using Maps.Functions.Manage;
using Maps.Functions.Ogc;
using Maps.Functions.Processes;
using Maps.Functions.Tiles;
using Maps.Functions.Viewer;
using Microsoft.Azure.Functions.Worker;

namespace Maps.Functions;

/// <summary>
/// The Azure Functions face of the endpoint table (<see cref="ApiRoutes"/>): one HTTP-triggered
/// function per endpoint, named as the endpoint, with its route constant, that hands the request to
/// <see cref="ApiDispatcher"/>. Attribute arguments must be constants, so methods and auth levels are
/// written here again; <c>FunctionsMetadataTests</c> compares the generated functions.metadata with the
/// table, so a difference fails the build's tests. Anonymous functions do not list OPTIONS: every CORS
/// preflight goes to the fallback (a preflight carries no key, and the host would refuse it on a
/// Function-level route). The host matches routes first-match in function-name order, hence the
/// fallback's name sorts after every other.
/// </summary>
public sealed class MapsFunctions(ApiDispatcher dispatcher)
{
    public const string FallbackName = "zzFallback";
    private const string Get = "get", Head = "head", Post = "post", Delete = "delete";

    private Task Run(HttpRequest request, string name) => dispatcher.InvokeAsync(request.HttpContext, ApiRoutes.Named(name));

    [Function("GetLanding")]
    public Task GetLanding([HttpTrigger(AuthorizationLevel.Anonymous, Get, Head, Route = ApiEndpoint.RootFunctionRoute)] HttpRequest req) => Run(req, "GetLanding");

    [Function("GetConformance")]
    public Task GetConformance([HttpTrigger(AuthorizationLevel.Anonymous, Get, Head, Route = LandingApi.ConformanceRoute)] HttpRequest req) => Run(req, "GetConformance");

    [Function("GetOpenApi")]
    public Task GetOpenApi([HttpTrigger(AuthorizationLevel.Anonymous, Get, Head, Route = LandingApi.OpenApiRoute)] HttpRequest req) => Run(req, "GetOpenApi");

    [Function("GetDocs")]
    public Task GetDocs([HttpTrigger(AuthorizationLevel.Anonymous, Get, Head, Route = LandingApi.DocsRoute)] HttpRequest req) => Run(req, "GetDocs");

    [Function("GetCollections")]
    public Task GetCollections([HttpTrigger(AuthorizationLevel.Anonymous, Get, Head, Route = CollectionsApi.CollectionsRoute)] HttpRequest req) => Run(req, "GetCollections");

    [Function("GetCollection")]
    public Task GetCollection([HttpTrigger(AuthorizationLevel.Anonymous, Get, Head, Route = CollectionsApi.CollectionRoute)] HttpRequest req) => Run(req, "GetCollection");

    [Function("GetQueryables")]
    public Task GetQueryables([HttpTrigger(AuthorizationLevel.Anonymous, Get, Head, Route = CollectionsApi.QueryablesRoute)] HttpRequest req) => Run(req, "GetQueryables");

    [Function("GetSortables")]
    public Task GetSortables([HttpTrigger(AuthorizationLevel.Anonymous, Get, Head, Route = CollectionsApi.SortablesRoute)] HttpRequest req) => Run(req, "GetSortables");

    [Function("GetItems")]
    public Task GetItems([HttpTrigger(AuthorizationLevel.Anonymous, Get, Head, Route = ItemsApi.ItemsRoute)] HttpRequest req) => Run(req, "GetItems");

    [Function("GetItem")]
    public Task GetItem([HttpTrigger(AuthorizationLevel.Anonymous, Get, Head, Route = ItemsApi.ItemRoute)] HttpRequest req) => Run(req, "GetItem");

    [Function("GetCollectionTile")]
    public Task GetCollectionTile([HttpTrigger(AuthorizationLevel.Anonymous, Get, Head, Route = TilesApi.OgcTileRoute)] HttpRequest req) => Run(req, "GetCollectionTile");

    [Function("GetTile")]
    public Task GetTile([HttpTrigger(AuthorizationLevel.Anonymous, Get, Head, Route = TilesApi.XyzTileRoute)] HttpRequest req) => Run(req, "GetTile");

    [Function("GetTileMatrixSets")]
    public Task GetTileMatrixSets([HttpTrigger(AuthorizationLevel.Anonymous, Get, Head, Route = TilesetsApi.TileMatrixSetsRoute)] HttpRequest req) => Run(req, "GetTileMatrixSets");

    [Function("GetTileMatrixSet")]
    public Task GetTileMatrixSet([HttpTrigger(AuthorizationLevel.Anonymous, Get, Head, Route = TilesetsApi.TileMatrixSetRoute)] HttpRequest req) => Run(req, "GetTileMatrixSet");

    [Function("GetCollectionTilesets")]
    public Task GetCollectionTilesets([HttpTrigger(AuthorizationLevel.Anonymous, Get, Head, Route = TilesetsApi.TilesetsRoute)] HttpRequest req) => Run(req, "GetCollectionTilesets");

    [Function("GetCollectionTileset")]
    public Task GetCollectionTileset([HttpTrigger(AuthorizationLevel.Anonymous, Get, Head, Route = TilesetsApi.TilesetRoute)] HttpRequest req) => Run(req, "GetCollectionTileset");

    [Function("GetTileJson")]
    public Task GetTileJson([HttpTrigger(AuthorizationLevel.Anonymous, Get, Head, Route = TilesApi.TileJsonRoute)] HttpRequest req) => Run(req, "GetTileJson");

    [Function("GetExtract")]
    public Task GetExtract([HttpTrigger(AuthorizationLevel.Anonymous, Get, Head, Route = ExtractsApi.ExtractRoute)] HttpRequest req) => Run(req, "GetExtract");

    [Function("GetHealth")]
    public Task GetHealth([HttpTrigger(AuthorizationLevel.Anonymous, Get, Head, Route = HealthApi.HealthRoute)] HttpRequest req) => Run(req, "GetHealth");

    [Function("GetAnalysisNearest")]
    public Task GetAnalysisNearest([HttpTrigger(AuthorizationLevel.Anonymous, Get, Head, Route = NearestApi.NearestRoute)] HttpRequest req) => Run(req, "GetAnalysisNearest");

    [Function("PostAnalysisNearest")]
    public Task PostAnalysisNearest([HttpTrigger(AuthorizationLevel.Anonymous, Post, Route = NearestApi.NearestRoute)] HttpRequest req) => Run(req, "PostAnalysisNearest");

    [Function("PostAnalysisGaps")]
    public Task PostAnalysisGaps([HttpTrigger(AuthorizationLevel.Anonymous, Post, Route = GapsApi.GapsRoute)] HttpRequest req) => Run(req, "PostAnalysisGaps");

    [Function("PostAnalysisProfile")]
    public Task PostAnalysisProfile([HttpTrigger(AuthorizationLevel.Anonymous, Post, Route = ProfileApi.ProfileRoute)] HttpRequest req) => Run(req, "PostAnalysisProfile");

    [Function("GetAnalysisCoverage")]
    public Task GetAnalysisCoverage([HttpTrigger(AuthorizationLevel.Anonymous, Get, Head, Route = CoverageApi.CoverageRoute)] HttpRequest req) => Run(req, "GetAnalysisCoverage");

    [Function("GetCountries")]
    public Task GetCountries([HttpTrigger(AuthorizationLevel.Anonymous, Get, Head, Route = Countries.CountriesApi.CountriesRoute)] HttpRequest req) => Run(req, "GetCountries");

    [Function("GetCountry")]
    public Task GetCountry([HttpTrigger(AuthorizationLevel.Anonymous, Get, Head, Route = Countries.CountriesApi.CountryRoute)] HttpRequest req) => Run(req, "GetCountry");

    [Function("GetProcesses")]
    public Task GetProcesses([HttpTrigger(AuthorizationLevel.Anonymous, Get, Head, Route = ProcessesApi.ProcessesRoute)] HttpRequest req) => Run(req, "GetProcesses");

    [Function("GetProcess")]
    public Task GetProcess([HttpTrigger(AuthorizationLevel.Anonymous, Get, Head, Route = ProcessesApi.ProcessRoute)] HttpRequest req) => Run(req, "GetProcess");

    [Function("PostProcessExecution")]
    public Task PostProcessExecution([HttpTrigger(AuthorizationLevel.Anonymous, Post, Route = ProcessesApi.ExecutionRoute)] HttpRequest req) => Run(req, "PostProcessExecution");

    [Function("GetJobs")]
    public Task GetJobs([HttpTrigger(AuthorizationLevel.Anonymous, Get, Head, Route = JobsApi.JobsRoute)] HttpRequest req) => Run(req, "GetJobs");

    [Function("GetJob")]
    public Task GetJob([HttpTrigger(AuthorizationLevel.Anonymous, Get, Head, Route = JobsApi.JobRoute)] HttpRequest req) => Run(req, "GetJob");

    [Function("GetJobResults")]
    public Task GetJobResults([HttpTrigger(AuthorizationLevel.Anonymous, Get, Head, Route = JobsApi.ResultsRoute)] HttpRequest req) => Run(req, "GetJobResults");

    [Function("DeleteJob")]
    public Task DeleteJob([HttpTrigger(AuthorizationLevel.Anonymous, Delete, Route = JobsApi.JobRoute)] HttpRequest req) => Run(req, "DeleteJob");

    [Function("GetViewer")]
    public Task GetViewer([HttpTrigger(AuthorizationLevel.Anonymous, Get, Head, Route = ViewerApi.ViewerRoute)] HttpRequest req) => Run(req, "GetViewer");

    [Function("PublishVersion")]
    public Task PublishVersion([HttpTrigger(AuthorizationLevel.Function, Post, Route = ManageApi.VersionsRoute)] HttpRequest req) => Run(req, "PublishVersion");

    [Function("ListVersions")]
    public Task ListVersions([HttpTrigger(AuthorizationLevel.Function, Get, Route = ManageApi.VersionsRoute)] HttpRequest req) => Run(req, "ListVersions");

    [Function("RollbackCollection")]
    public Task RollbackCollection([HttpTrigger(AuthorizationLevel.Function, Post, Route = ManageApi.RollbackRoute)] HttpRequest req) => Run(req, "RollbackCollection");

    [Function("DeleteCollection")]
    public Task DeleteCollection([HttpTrigger(AuthorizationLevel.Function, Delete, Route = ManageApi.ManagedCollectionRoute)] HttpRequest req) => Run(req, "DeleteCollection");

    /// <summary>Everything under /api that no function above takes: 404, 405 and CORS preflights, as problem+json.</summary>
    [Function(FallbackName)]
    public Task Fallback([HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", "post", "put", "patch", "delete", "options", Route = "{*path}")] HttpRequest req) =>
        dispatcher.UnmatchedAsync(req.HttpContext);
}
