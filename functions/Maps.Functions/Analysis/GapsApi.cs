using Maps.Core.Layers;
using Maps.Functions.Hosting;
using Maps.Functions.Ogc;
using Microsoft.Extensions.Options;

namespace Maps.Functions.Analysis;

/// <summary>Connectivity gaps: <c>POST /api/analysis/gaps</c>, the posted points with no backbone within the threshold.</summary>
public static class GapsApi
{
    public static RouteGroupBuilder MapGapsApi(this RouteGroupBuilder analysis)
    {
        analysis.MapPost("/gaps", PostGaps).WithName("PostAnalysisGaps")
            .WithRequestBody("Points: CSV with a header (latitude/longitude columns detected or named by lat=/lon=) or a GeoJSON FeatureCollection of Points; up to 100 MB.", "text/csv", "application/geo+json")
            .RequireCors(CorsPolicies.Write).RequireRateLimiting(ClientRateLimits.Analysis)
            .WithQueryParameters("threshold_km", "to", "status", "lat", "lon", "summary")
            .WithSummary("The rows of a CSV or GeoJSON body farther than threshold_km from the backbone, with per-country counts.");
        return analysis;
    }

    public static Task PostGaps(HttpContext context, ILayerCatalog catalog, NearestIndexProvider indexes, IOptions<AnalysisOptions> options) =>
        BatchEndpoint.RunAsync(context, catalog, indexes, options.Value, BatchMode.Gaps);
}
