namespace Maps.Functions.Http;

public static class ReadRoutes
{
    private static readonly string[] ReadMethods = [HttpMethods.Get, HttpMethods.Head];

    /// <summary>A read-only route answering GET and HEAD (HEAD gets the headers, no body).</summary>
    public static RouteHandlerBuilder MapRead(this IEndpointRouteBuilder routes, string pattern, Delegate handler) =>
        routes.MapMethods(pattern, ReadMethods, handler);
}
