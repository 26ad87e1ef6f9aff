namespace Maps.Functions.Http;

/// <summary>What an endpoint handler takes from its request in either host: route values, services, results.</summary>
public static class HandlerContext
{
    /// <summary>A route value (ASP.NET routing standalone, the host's route binding behind it); null when the route has none.</summary>
    public static string? RouteValue(this HttpContext context, string name) =>
        context.Request.RouteValues.TryGetValue(name, out var value) ? value?.ToString() : null;

    public static string RequiredRouteValue(this HttpContext context, string name) =>
        context.RouteValue(name) ?? throw ApiException.NotFound($"No '{name}' in '{context.Request.Path}'.");

    public static T Service<T>(this HttpContext context) where T : notnull =>
        context.RequestServices.GetRequiredService<T>();

    /// <summary>A handler that returns an <see cref="IResult"/>, executed against the request's own context.</summary>
    public static RequestDelegate Executing(Func<HttpContext, Task<IResult>> handler) =>
        async context => await (await handler(context)).ExecuteAsync(context);

    public static RequestDelegate Executing(Func<HttpContext, IResult> handler) =>
        context => handler(context).ExecuteAsync(context);
}
