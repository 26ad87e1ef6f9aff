namespace Maps.Functions.Hosting;

public static class Pipeline
{
    public static WebApplication UseMapsPipeline(this WebApplication app)
    {
        // Start reading the layers now, while the host finishes starting.
        app.Services.GetRequiredService<Maps.Core.Layers.ILayerCatalog>();
        return app;
    }
}
