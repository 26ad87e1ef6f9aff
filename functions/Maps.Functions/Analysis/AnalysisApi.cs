using Maps.Functions.Http;
using Microsoft.Extensions.Options;

namespace Maps.Functions.Analysis;

/// <summary>The planner analyses under <c>/api/analysis</c>: nearest backbone, gaps and coverage.</summary>
public static class AnalysisApi
{
    public static RouteGroupBuilder MapAnalysisApi(this RouteGroupBuilder api)
    {
        AnalysisParameters.Register();
        var analysis = api.MapGroup("/analysis");
        analysis.MapNearestApi();
        analysis.MapGapsApi();
        analysis.MapCoverageApi();
        return api;
    }

    /// <summary>The index provider and <see cref="AnalysisOptions"/> the analysis endpoints inject.</summary>
    public static IServiceCollection AddAnalysisServices(this IServiceCollection services)
    {
        services.AddOptions<AnalysisOptions>().BindConfiguration(AnalysisOptions.Section)
            .Validate(o => o.MaxBodyBytes > 0 && o.ChunkRows > 0 && o.MaxRows > 0, "Maps:Analysis:MaxBodyBytes, MaxRows and ChunkRows must be positive.")
            .ValidateOnStart();
        services.AddSingleton<NearestIndexProvider>();
        services.AddSingleton<CoverageService>();
        return services;
    }
}
