using System.Collections.Frozen;
using Maps.Functions.Analysis;
using Maps.Functions.Extracts;
using Maps.Functions.Manage;
using Maps.Functions.Ogc;
using Maps.Functions.Processes;
using Maps.Functions.Tiles;
using Maps.Functions.Viewer;

namespace Maps.Functions.Hosting;

/// <summary>
/// Every endpoint of the API, in one table. Each API class declares its own endpoints (route
/// constants the <c>[Function]</c> attributes use, and the <see cref="ApiEndpoint"/> records); this
/// class lists them for the standalone host, the OpenAPI definition and the tests.
/// </summary>
public static class ApiRoutes
{
    public const string Prefix = "/api";

    private static readonly Lazy<IReadOnlyList<ApiEndpoint>> Table = new(() =>
    {
        IReadOnlyList<ApiEndpoint> all =
        [
            .. LandingApi.Endpoints, .. CollectionsApi.Endpoints, .. ItemsApi.Endpoints, .. TilesetsApi.Endpoints, .. TilesApi.Endpoints,
            .. ExtractsApi.Endpoints, .. HealthApi.Endpoints, .. ManageApi.Endpoints, .. AnalysisApi.Endpoints, .. ProcessesApi.Endpoints, .. JobsApi.Endpoints, .. Countries.CountriesApi.Endpoints,
            .. ViewerApi.Endpoints,
        ];
        var duplicate = all.GroupBy(e => e.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new InvalidOperationException($"Two endpoints are named '{duplicate.Key}'; function names must be unique.");
        return all;
    });

    private static readonly Lazy<FrozenDictionary<string, ApiEndpoint>> ByName = new(() => All.ToFrozenDictionary(e => e.Name, StringComparer.Ordinal));

    public static IReadOnlyList<ApiEndpoint> All => Table.Value;

    /// <summary>The endpoint a function of that name serves.</summary>
    public static ApiEndpoint Named(string name) =>
        ByName.Value.TryGetValue(name, out var endpoint) ? endpoint : throw new KeyNotFoundException($"No endpoint is named '{name}'.");

    /// <summary>Maps every endpoint, and the fallback (404/405/preflight) behind them, onto plain ASP.NET routing.</summary>
    public static IEndpointRouteBuilder MapMapsApi(this IEndpointRouteBuilder app)
    {
        var dispatcher = app.ServiceProvider.GetRequiredService<ApiDispatcher>();
        foreach (var endpoint in All)
            app.MapMethods(endpoint.Pattern, endpoint.Methods, context => dispatcher.InvokeAsync(context, endpoint)).WithName(endpoint.Name);
        // Lowest precedence: what no endpoint answers (unknown paths, other methods, CORS preflights),
        // as the Functions app's fallback function answers it.
        app.Map("/{**path}", dispatcher.UnmatchedAsync).WithName(MapsFunctions.FallbackName).WithOrder(int.MaxValue);
        return app;
    }
}
