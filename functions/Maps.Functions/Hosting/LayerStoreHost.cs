using Maps.Core.Import;
using Maps.Core.Layers;
using Maps.Storage;
using Maps.Storage.Local;
using Maps.Storage.Publishing;
using Maps.Storage.Tables;
using Microsoft.Extensions.Options;

namespace Maps.Functions.Hosting;

/// <summary>
/// The layer store of this process, its catalog and its publisher: Table Storage when
/// <c>Maps:TableStorage</c> is configured (its catalog alone is served), else the local store
/// (<c>Maps:LocalStore</c>) over the shipped layers, which a published collection of the same id
/// overrides. Built lazily from options, so settings given to a test host are seen.
/// </summary>
public sealed class LayerStoreHost
{
    private readonly Lazy<CountryLocator?> _countries;

    public LayerStoreHost(IOptions<LayerStoreOptions> tables, IOptions<LocalStoreOptions> local, IOptions<MapsOptions> maps, TimeProvider time, PublishHooks hooks,
        ILogger<StoreLayerCatalog> logger)
    {
        _countries = new Lazy<CountryLocator?>(() => LoadCountries(maps.Value.DataDirectory));
        if (tables.Value.IsConfigured)
        {
            Store = new TableLayerStore(tables.Value, time);
            Catalog = new StoreLayerCatalog(Store, TimeSpan.FromSeconds(Math.Max(1, tables.Value.RefreshSeconds)), time, logger);
            Publisher = new LayerPublisher(Store, hooks, countries: () => _countries.Value);
            return;
        }
        Shipped = new DirectoryLayerCatalog(DataDirectoryLocator.Locate(maps.Value.DataDirectory));
        Store = new LocalLayerStore(local.Value, time);
        Catalog = new StoreLayerCatalog(Store, TimeSpan.FromSeconds(Math.Max(1, local.Value.RefreshSeconds)), time, logger, Shipped);
        Publisher = new LayerPublisher(Store, hooks, ShippedBaseline, () => _countries.Value);
    }

    public ILayerStore Store { get; }

    public StoreLayerCatalog Catalog { get; }

    public LayerPublisher Publisher { get; }

    /// <summary>The shipped layers a local store is served over; null with Table Storage.</summary>
    public DirectoryLayerCatalog? Shipped { get; }

    /// <summary>The shipped layer of this id that a published one would override; null with Table Storage or when none ships.</summary>
    public Layer? FindShipped(string collectionId) =>
        Shipped?.GetLayersAsync().AsTask().GetAwaiter().GetResult().Find(collectionId); // loaded at start-up, on a pool thread

    private BaselineLayer? ShippedBaseline(string collectionId) =>
        FindShipped(collectionId) is { } layer ? new BaselineLayer(layer.Metadata, layer.Features.Count) : null;

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
            return null; // A Table Storage deployment without the shipped data.
        }
    }
}
