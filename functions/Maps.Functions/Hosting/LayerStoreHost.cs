using Maps.Core.Import;
using Maps.Core.Layers;
using Maps.Storage;
using Maps.Storage.Local;
using Maps.Storage.Publishing;
using Maps.Storage.AzureStorage;
using Microsoft.Extensions.Options;

namespace Maps.Functions.Hosting;

/// <summary>
/// The layer store of this process, its catalog and its publisher: Azure Storage when
/// <c>Maps:TableStorage</c> is configured, else the local store (<c>Maps:LocalStore</c>). Either way
/// the catalog is served over the shipped layers (<c>data/layers</c>, when the package or checkout
/// has them), which a published collection of the same id overrides, so a fresh deployment serves
/// every shipped collection. Built lazily from options, so settings given to a test host are seen.
/// </summary>
public sealed class LayerStoreHost
{
    private readonly Lazy<CountryLocator?> _countries;

    public LayerStoreHost(IOptions<LayerStoreOptions> tables, IOptions<LocalStoreOptions> local, IOptions<MapsOptions> maps, TimeProvider time, PublishHooks hooks,
        ILogger<StoreLayerCatalog> logger, ILogger<AzureLayerStore> storeLogger)
    {
        _countries = new Lazy<CountryLocator?>(() => LoadCountries(maps.Value.DataDirectory));
        Shipped = ShippedLayers(maps.Value.DataDirectory);
        Store = tables.Value.IsConfigured ? new AzureLayerStore(tables.Value, time, storeLogger) : new LocalLayerStore(local.Value, time);
        int refreshSeconds = tables.Value.IsConfigured ? tables.Value.RefreshSeconds : local.Value.RefreshSeconds;
        Catalog = new StoreLayerCatalog(Store, TimeSpan.FromSeconds(Math.Max(1, refreshSeconds)), time, logger, Shipped);
        Publisher = new LayerPublisher(Store, hooks, ShippedBaseline, () => _countries.Value);
    }

    /// <summary>The shipped layers: the configured directory, else <c>data/layers</c> found from here; none when there is none (a deployment may ship none).</summary>
    private static DirectoryLayerCatalog? ShippedLayers(string? configured)
    {
        try
        {
            return new DirectoryLayerCatalog(DataDirectoryLocator.Locate(configured));
        }
        catch (DirectoryNotFoundException) when (string.IsNullOrWhiteSpace(configured))
        {
            return null;
        }
    }

    public ILayerStore Store { get; }

    public StoreLayerCatalog Catalog { get; }

    public LayerPublisher Publisher { get; }

    /// <summary>The shipped layers the store is served over; null when there are none.</summary>
    public DirectoryLayerCatalog? Shipped { get; }

    /// <summary>The shipped layer of this id that a published one would override; null when none ships.</summary>
    public Layer? FindShipped(string collectionId) =>
        Shipped?.GetLayersAsync().AsTask().GetAwaiter().GetResult().Find(collectionId); // loaded at start-up, on a pool thread

    private BaselineLayer? ShippedBaseline(string collectionId) =>
        FindShipped(collectionId) is { } layer ? new BaselineLayer(layer.Metadata, layer.Count) : null;

    /// <summary>
    /// The country boundaries the import uses, for the <c>country</c> a publish derives; beside the
    /// shipped layers in a checkout (<c>data/sources/country-boundaries</c>). Without them a publish
    /// leaves a missing country missing.
    /// </summary>
    private static CountryLocator? LoadCountries(string? configuredDataDirectory)
    {
        try
        {
            string path = Path.Combine(DataDirectoryLocator.Locate(configuredDataDirectory), "..", "sources", "country-boundaries", "worldatlas_50m_countries.geojson");
            return File.Exists(path) ? CountryLocator.FromGeoJsonFile(path) : null;
        }
        catch (DirectoryNotFoundException)
        {
            return null; // A deployment without the shipped data.
        }
    }
}
