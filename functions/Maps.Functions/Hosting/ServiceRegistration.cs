using Maps.Core.Layers;

namespace Maps.Functions.Hosting;

public static class ServiceRegistration
{
    /// <summary>Options, the layer catalog, problem details and CORS: everything the endpoints inject.</summary>
    public static WebApplicationBuilder AddMapsServices(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<MapsOptions>().BindConfiguration(MapsOptions.Section)
            .Validate(o => o.MaxPageSize > 0 && o.DefaultPageSize > 0 && o.DefaultPageSize <= o.MaxPageSize,
                "Maps:MaxPageSize and Maps:DefaultPageSize must be positive, the default no larger than the maximum.")
            .ValidateOnStart();
        builder.Services.AddSingleton<ILayerCatalog>(sp =>
        {
            var options = sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<MapsOptions>>().Value;
            return new DirectoryLayerCatalog(DataDirectoryLocator.Locate(options.DataDirectory));
        });
        return builder;
    }
}
