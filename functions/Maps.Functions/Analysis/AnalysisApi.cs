using Maps.Functions.Hosting;
using Maps.Functions.Http;
using Microsoft.Extensions.Options;

namespace Maps.Functions.Analysis;

/// <summary>The planner analyses under <c>/api/analysis</c>: nearest backbone, gaps, the school profile and coverage.</summary>
public static class AnalysisApi
{
    public static IEnumerable<ApiEndpoint> Endpoints =>
        [.. NearestApi.Endpoints, .. GapsApi.Endpoints, .. Profile.ProfileApi.Endpoints, .. CoverageApi.Endpoints];

    /// <summary>The batch analyses read a body of points: CSV or GeoJSON, up to the body limit.</summary>
    public static readonly RequestBodyDocs PointsBody = new(
        "Points: CSV with a header (latitude/longitude columns detected or named by lat=/lon=) or a GeoJSON FeatureCollection of Points; up to 100 MB.",
        ["text/csv", "application/geo+json"]);

    /// <summary>The index provider and <see cref="AnalysisOptions"/> the analysis endpoints inject.</summary>
    public static IServiceCollection AddAnalysisServices(this IServiceCollection services)
    {
        services.AddOptions<AnalysisOptions>().BindConfiguration(AnalysisOptions.Section)
            .Validate(o => o.MaxBodyBytes > 0 && o.ChunkRows > 0 && o.MaxRows > 0, "Maps:Analysis:MaxBodyBytes, MaxRows and ChunkRows must be positive.")
            .ValidateOnStart();
        services.AddSingleton<NearestIndexProvider>();
        services.AddSingleton<CoverageService>();
        services.AddSingleton<Countries.CountryService>();
        return services;
    }
}
