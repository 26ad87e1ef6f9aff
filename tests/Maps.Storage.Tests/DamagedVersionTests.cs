using Maps.Core.Layers;
using Maps.Storage.Publishing;
using Maps.Storage.Tests.Support;

namespace Maps.Storage.Tests;

/// <summary>
/// A stored version whose file is cut or has flipped bytes, in either store (the local file, the
/// blob): a cut file fails its open, flipped bytes are found by the read over them or by the
/// background check; either way that collection is served from its last good version, or listed as
/// unavailable (503) when it has none, and the other collections are served as before.
/// </summary>
public abstract class DamagedVersionTests
{
    protected abstract StoreSetup NewStore();

    private static readonly MetadataInput NewCollection = new() { Title = "Sites", License = "CC0-1.0", Attribution = "tests", Source = "generated" };

    private static Task<PublishResult> PublishAsync(LayerPublisher publisher, string collection, int points, int seed) =>
        publisher.PublishAsync(collection, new MemoryStream(GeoJson.Utf8(GeoJson.Collection(GeoJson.Points(points, seed: seed)))), NewCollection);

    public static TheoryData<string> Damages => ["cut", "flip"];

    private static Func<byte[], byte[]> Damage(string kind) => kind switch
    {
        "cut" => bytes => bytes[..(bytes.Length * 2 / 3)],
        // A byte in the middle of the features: the file still opens; a read over it finds the damage.
        _ => bytes =>
        {
            var damaged = (byte[])bytes.Clone();
            damaged[bytes.Length / 2] ^= 0x5A;
            return damaged;
        },
    };

    /// <summary>The catalog's layers once it has seen the damage: a cut file at the load; flipped bytes once the check has found them and the catalog has refreshed.</summary>
    private static async Task<LayerSet> AfterTheDamageIsFoundAsync(StoreLayerCatalog catalog, string collection, string damagedVersion)
    {
        var layers = await catalog.GetLayersAsync();
        if (layers.Find(collection) is { } served && served.Version == damagedVersion)
        {
            await Assert.ThrowsAsync<InvalidDataException>(served.StartVerification);
            Assert.Throws<LayerUnavailableException>(() => served.ReadAll());
            // The catalog hears of the damage as the check fails and refreshes; wait for the snapshot without it.
            var deadline = DateTime.UtcNow.AddMinutes(2);
            while (layers.Find(collection)?.Version == damagedVersion && DateTime.UtcNow < deadline)
            {
                await catalog.RefreshAsync();
                layers = await catalog.GetLayersAsync();
            }
        }
        return layers;
    }

    [Theory]
    [MemberData(nameof(Damages))]
    public async Task A_damaged_current_version_is_served_from_the_last_good_one(string damage)
    {
        var setup = NewStore();
        var publisher = new LayerPublisher(setup.Store());
        var good = await PublishAsync(publisher, "sites", 3_000, seed: 1);
        var bad = await PublishAsync(publisher, "sites", 3_200, seed: 2);
        await PublishAsync(publisher, "other", 20, seed: 3);
        await setup.DamageAsync("sites", bad.VersionId, Damage(damage));

        var catalog = new StoreLayerCatalog(setup.Store(), TimeSpan.FromMinutes(5));
        var layers = await AfterTheDamageIsFoundAsync(catalog, "sites", bad.VersionId);

        var sites = layers.Find("sites")!;
        Assert.Equal(good.VersionId, sites.Version);
        Assert.Equal(3_000, sites.ReadAll().Count);
        Assert.Equal(20, layers.Find("other")!.ReadAll().Count);
        Assert.Empty(layers.Unavailable);
    }

    [Theory]
    [MemberData(nameof(Damages))]
    public async Task A_damaged_only_version_makes_its_collection_unavailable_and_no_other(string damage)
    {
        var setup = NewStore();
        var publisher = new LayerPublisher(setup.Store());
        var only = await PublishAsync(publisher, "sites", 3_000, seed: 1);
        await PublishAsync(publisher, "other", 20, seed: 3);
        await setup.DamageAsync("sites", only.VersionId, Damage(damage));

        var catalog = new StoreLayerCatalog(setup.Store(), TimeSpan.FromMinutes(5));
        var layers = await AfterTheDamageIsFoundAsync(catalog, "sites", only.VersionId);

        Assert.Null(layers.Find("sites"));
        Assert.Contains("sites", layers.Unavailable.Keys);
        Assert.Equal(20, layers.Find("other")!.ReadAll().Count);
    }
}

[Trait("Category", "Azurite")]
[Collection(AzuriteCollection.Name)]
public sealed class AzuriteDamagedVersionTests(AzuriteFixture azurite) : DamagedVersionTests
{
    protected override StoreSetup NewStore() => new AzuriteStore(azurite.NewOptions());
}

public sealed class LocalDamagedVersionTests : DamagedVersionTests
{
    protected override StoreSetup NewStore() => new LocalStore();
}
