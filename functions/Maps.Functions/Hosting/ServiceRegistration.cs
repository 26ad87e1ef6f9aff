using Maps.Core.Layers;
using Maps.Functions.Analysis;
using Maps.Functions.Http;
using Maps.Functions.Jobs;
using Maps.Functions.Manage;
using Maps.Storage;
using Maps.Storage.Local;
using Maps.Storage.Publishing;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Maps.Functions.Hosting;

public static class ServiceRegistration
{
    /// <summary>Options, the layer catalog, the dispatcher and its checks: everything either host needs.</summary>
    public static IHostApplicationBuilder AddMapsServices(this IHostApplicationBuilder builder, HostingMode mode)
    {
        var services = builder.Services;
        services.AddSingleton(mode);
        services.AddOptions<MapsOptions>().BindConfiguration(MapsOptions.Section)
            .Validate(o => o.MaxPageSize > 0 && o.DefaultPageSize > 0 && o.DefaultPageSize <= o.MaxPageSize,
                "Maps:MaxPageSize and Maps:DefaultPageSize must be positive, the default no larger than the maximum.")
            .ValidateOnStart();
        services.AddOptions<LayerStoreOptions>().BindConfiguration(LayerStoreOptions.Section)
            .Validate(o => o.RefreshSeconds > 0 && o.OrphanMinutes >= 0 && o.WriteConcurrency > 0 && o.KeepVersions > 0
                    && o.TablePrefix.All(char.IsAsciiLetterOrDigit)
                    && (string.IsNullOrWhiteSpace(o.Endpoint) || Uri.IsWellFormedUriString(o.Endpoint, UriKind.Absolute)),
                "Maps:TableStorage: RefreshSeconds, WriteConcurrency and KeepVersions must be positive, OrphanMinutes not negative, TablePrefix letters and digits, Endpoint an absolute URL.")
            .ValidateOnStart();
        services.AddOptions<LocalStoreOptions>().BindConfiguration(LocalStoreOptions.Section)
            .Validate(o => o.RefreshSeconds > 0 && o.KeepVersions > 0 && o.OrphanMinutes >= 0,
                "Maps:LocalStore: RefreshSeconds and KeepVersions must be positive, OrphanMinutes not negative.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<PublishHooks>();
        services.AddSingleton<LayerStoreHost>();
        // Table Storage when configured, else the shipped layers under a local store (docs/architecture.md §7).
        services.AddSingleton<ILayerCatalog>(sp => sp.GetRequiredService<LayerStoreHost>().Catalog);
        services.AddHostedService<LayerWarmup>();

        // Request-start lines carry the query string, and with it a manage key sent as ?code=.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);
        builder.Logging.AddFilter("System.Net.Http.HttpClient", LogLevel.Warning);

        services.AddAnalysisServices();
        services.AddJobServices();
        ClientConcurrencyLimiter.AddClientConcurrencyLimiter(services);
        services.AddOptions<ManageOptions>().BindConfiguration(ManageOptions.Section)
            .Validate(o => o.MaxUploadBytes > 0, "Maps:Manage:MaxUploadBytes must be positive.").ValidateOnStart();
        // Kestrel's own cap (30,000,000 bytes by default, also the worker's) raised to the largest body an
        // endpoint takes; each endpoint counts its own limit on the decoded body as it reads (RequestBody).
        services.AddOptions<KestrelServerOptions>().Configure<IOptions<AnalysisOptions>, IOptions<ManageOptions>>((kestrel, analysis, manage) =>
            kestrel.Limits.MaxRequestBodySize = Math.Max(analysis.Value.MaxBodyBytes, manage.Value.MaxUploadBytes));

        services.AddSingleton<ProblemExceptionHandler>();
        services.AddSingleton<ManageKeyGuard>();
        services.AddSingleton<ApiDispatcher>();
        var writeOrigins = CorsPolicies.WriteOrigins(builder.Configuration.GetSection("Maps:Cors:AllowedOrigins"));
        services.AddCors(cors => CorsPolicies.Configure(cors, writeOrigins));
        return builder;
    }
}
