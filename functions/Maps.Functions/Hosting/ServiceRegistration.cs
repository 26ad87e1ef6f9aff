using Maps.Core.Layers;
using Maps.Functions.Analysis;
using Maps.Functions.Http;
using Maps.Storage;
using Maps.Storage.Publishing;
using Microsoft.Extensions.DependencyInjection.Extensions;
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
        builder.Services.AddOptions<LayerStoreOptions>().BindConfiguration(LayerStoreOptions.Section)
            .Validate(o => o.RefreshSeconds > 0 && o.OrphanMinutes >= 0 && o.WriteConcurrency > 0
                    && o.TablePrefix.All(char.IsAsciiLetterOrDigit)
                    && (string.IsNullOrWhiteSpace(o.Endpoint) || Uri.IsWellFormedUriString(o.Endpoint, UriKind.Absolute)),
                "Maps:TableStorage: RefreshSeconds and WriteConcurrency must be positive, OrphanMinutes not negative, TablePrefix letters and digits, Endpoint an absolute URL.")
            .ValidateOnStart();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton<PublishHooks>();
        builder.Services.AddSingleton<LayerStoreHost>();
        // Table Storage when configured (DESIGN §7), else the embedded layers.
        builder.Services.AddSingleton<ILayerCatalog>(sp =>
            (ILayerCatalog?)sp.GetRequiredService<LayerStoreHost>().Catalog
            ?? new DirectoryLayerCatalog(DataDirectoryLocator.Locate(sp.GetRequiredService<IOptions<MapsOptions>>().Value.DataDirectory)));

        // Request-start lines carry the query string, and with it a manage key sent as ?code=.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);
        builder.Logging.AddFilter("System.Net.Http.HttpClient", LogLevel.Warning);

        builder.Services.AddAnalysisServices();
        builder.Services.AddClientRateLimits();

        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<ProblemExceptionHandler>();
        var writeOrigins = builder.Configuration.GetSection("Maps:Cors:AllowedOrigins").Get<string[]>() ?? [];
        builder.Services.AddCors(cors => CorsPolicies.Configure(cors, writeOrigins));
        builder.Services.AddRoutingCore();
        return builder;
    }
}
