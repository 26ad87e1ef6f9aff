using Maps.Core.Layers;

namespace Maps.Functions.Hosting;

/// <summary>Starts reading the layers when the host starts, so the first request does not wait for all of the load.</summary>
public sealed class LayerWarmup(IServiceProvider services) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        services.GetRequiredService<ILayerCatalog>();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
