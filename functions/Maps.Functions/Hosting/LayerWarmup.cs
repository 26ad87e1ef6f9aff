using Maps.Core.Layers;

namespace Maps.Functions.Hosting;

/// <summary>Starts reading the layers when the host starts, so the first request does not wait for all of the load (a failure is the first request's to report).</summary>
public sealed class LayerWarmup(IServiceProvider services) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var catalog = services.GetRequiredService<ILayerCatalog>();
        _ = Task.Run(() => catalog.GetLayersAsync(CancellationToken.None).AsTask())
            .ContinueWith(t => t.Exception, TaskContinuationOptions.OnlyOnFaulted);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
