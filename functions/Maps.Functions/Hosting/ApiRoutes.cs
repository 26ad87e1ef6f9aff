namespace Maps.Functions.Hosting;

/// <summary>Every route of the API, in one place (the function.json set is generated from these).</summary>
public static class ApiRoutes
{
    public static IEndpointRouteBuilder MapMapsApi(this IEndpointRouteBuilder app)
    {
        return app;
    }
}
