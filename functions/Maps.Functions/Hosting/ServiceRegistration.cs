using Maps.Core.Layers;
using Maps.Functions.Analysis;
using Maps.Functions.Http;
using Microsoft.Extensions.Options;

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
            new DirectoryLayerCatalog(DataDirectoryLocator.Locate(sp.GetRequiredService<IOptions<MapsOptions>>().Value.DataDirectory)));

        builder.Services.AddAnalysisServices();

        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<ProblemExceptionHandler>();
        var writeOrigins = builder.Configuration.GetSection("Maps:Cors:AllowedOrigins").Get<string[]>() ?? [];
        builder.Services.AddCors(cors => CorsPolicies.Configure(cors, writeOrigins));
        builder.Services.AddRoutingCore();
        return builder;
    }
}
