using Maps.Storage;
using Maps.Storage.Publishing;
using Microsoft.Extensions.Options;

namespace Maps.Functions.Hosting;

/// <summary>
/// The layer store of this process when <c>Maps:TableStorage</c> is configured (store, catalog over
/// it, publisher), or nothing in the embedded mode. Built lazily from options, so settings given to a
/// test host are seen.
/// </summary>
public sealed class LayerStoreHost
{
    public LayerStoreHost(IOptions<LayerStoreOptions> options, TimeProvider time, PublishHooks hooks, ILogger<TableLayerCatalog> logger)
    {
        var o = options.Value;
        if (!o.IsConfigured)
            return;
        Store = new LayerStore(o, time);
        Catalog = new TableLayerCatalog(Store, TimeSpan.FromSeconds(Math.Max(1, o.RefreshSeconds)), time, logger);
        Publisher = new LayerPublisher(Store, hooks);
    }

    public LayerStore? Store { get; }

    public TableLayerCatalog? Catalog { get; }

    public LayerPublisher? Publisher { get; }

    public bool Enabled => Store is not null;
}
