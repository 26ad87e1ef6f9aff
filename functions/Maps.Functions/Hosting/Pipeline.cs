using Maps.Functions.Http;

namespace Maps.Functions.Hosting;

public static class Pipeline
{
    /// <summary>Errors as problem+json (thrown or bare status codes), then routing, CORS and per-client limits.</summary>
    public static WebApplication UseMapsPipeline(this WebApplication app)
    {
        // Start reading the layers now, while the host finishes starting.
        app.Services.GetRequiredService<Maps.Core.Layers.ILayerCatalog>();

        app.UseExceptionHandler();
        app.UseStatusCodePages(async context =>
        {
            var http = context.HttpContext;
            string detail = http.Response.StatusCode switch
            {
                StatusCodes.Status404NotFound => $"No resource at '{http.Request.Path}'. Start at /api.",
                StatusCodes.Status405MethodNotAllowed => $"{http.Request.Method} is not allowed on '{http.Request.Path}'.",
                StatusCodes.Status415UnsupportedMediaType => "The request body's Content-Type is not accepted here.",
                _ => "The request could not be answered.",
            };
            await ProblemWriter.WriteAsync(http, http.Response.StatusCode, ProblemWriter.TitleOf(http.Response.StatusCode), detail);
        });
        app.UseRouting();
        app.UseCors();
        app.UseRateLimiter();
        return app;
    }
}
