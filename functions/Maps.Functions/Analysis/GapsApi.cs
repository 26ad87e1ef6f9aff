using Maps.Functions.Hosting;

namespace Maps.Functions.Analysis;

/// <summary>Connectivity gaps: <c>POST /api/analysis/gaps</c>, the posted points with no backbone within the threshold.</summary>
public static class GapsApi
{
    public const string GapsRoute = "analysis/gaps";

    public static readonly ApiEndpoint[] Endpoints =
    [
        new("PostAnalysisGaps", GapsRoute, [HttpMethods.Post], c => BatchEndpoint.RunAsync(c, BatchQuery.Gaps, BatchEndpoint.GapsParameters))
        {
            Body = AnalysisApi.PointsBody, CorsPolicy = CorsPolicies.Write, ConcurrencyLimited = true,
            QueryParameters = BatchEndpoint.GapsParameters,
            Summary = "The rows of a CSV or GeoJSON body farther than threshold_km from the backbone, with per-country counts.",
        },
    ];
}
