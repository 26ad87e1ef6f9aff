using System.Net;
using Maps.Functions.Hosting;
using Maps.Storage.Publishing;
using Maps.Storage.AzureStorage;
using Maps.Storage.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Maps.Storage.Tests;

/// <summary>
/// Outages with a real Azurite persisted to a folder: it is killed in the middle of a publish and
/// restarted with its data, while the real handler keeps answering.
/// </summary>
[Trait("Category", "Azurite")]
public sealed class StorageFaultTests : IAsyncLifetime
{
    private Azurite _azurite = null!;

    public async Task InitializeAsync() =>
        _azurite = await Azurite.StartAsync(Path.Combine(Path.GetTempPath(), "maps-azurite-" + Guid.NewGuid().ToString("N")), allServices: true);

    public async Task DisposeAsync() => await _azurite.DisposeAsync();

    [Fact]
    public async Task A_publish_killed_midway_leaves_the_old_version_served_and_a_rerun_completes_with_no_orphans()
    {
        var options = new LayerStoreOptions
        {
            ConnectionString = _azurite.ConnectionString,
            TablePrefix = "fault",
            MaxRetries = 1,
            OrphanMinutes = 0, // the rerun removes the crashed version at once (no other publish runs here)
            BlockBytes = AzuriteFixture.TestBlockBytes,
            CacheDirectory = Path.Combine(Path.GetTempPath(), "maps-cache-" + Guid.NewGuid().ToString("N")),
        };
        var killer = new KillAfterFirstBatch(_azurite);
        using var factory = new StorageApiFactory(options, StorageApiFactory.Key, killer);
        using var client = factory.CreateClient();
        var first = await ManageApiTests.JsonAsync(await client.SendAsync(ManageApiTests.Publish("n", GeoJson.Collection(GeoJson.Points(100)))), HttpStatusCode.Created);
        string v1 = first.GetProperty("version").GetString()!;
        await WaitUntilPersistedAsync(v1);

        killer.Armed = true;
        var crashed = await client.SendAsync(ManageApiTests.Publish("n", GeoJson.Collection(GeoJson.Points(20_000, seed: 2)), query: ""));

        await ManageApiTests.ProblemAsync(crashed, HttpStatusCode.ServiceUnavailable);
        Assert.False(_azurite.IsRunning);
        var items = await ManageApiTests.JsonAsync(await client.GetAsync("/api/collections/n/items?limit=1"), HttpStatusCode.OK);
        Assert.Equal(100, items.GetProperty("numberMatched").GetInt32());
        var manage = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/api/manage/collections/n/versions") { Headers = { { "x-functions-key", StorageApiFactory.Key } } });
        await ManageApiTests.ProblemAsync(manage, HttpStatusCode.ServiceUnavailable);
        Assert.NotNull(manage.Headers.RetryAfter);
        await factory.Services.GetRequiredService<LayerStoreHost>().Catalog!.RefreshAsync();
        var health = await ManageApiTests.JsonAsync(await client.GetAsync("/api/health"), HttpStatusCode.OK);
        Assert.Equal("unreachable", health.GetProperty("storage").GetString());
        Assert.Equal(v1, health.GetProperty("collections").GetProperty("n").GetString());

        await _azurite.RestartAsync();
        killer.Armed = false;
        var rerun = await ManageApiTests.JsonAsync(await client.SendAsync(ManageApiTests.Publish("n", GeoJson.Collection(GeoJson.Points(20_000, seed: 2)), query: "")), HttpStatusCode.Created);

        string v3 = rerun.GetProperty("version").GetString()!;
        var store = new AzureLayerStore(options);
        Assert.Equal(v3, (await store.GetCatalogEntryAsync("n"))!.CurrentVersion);
        var versions = await store.ListVersionsAsync("n");
        Assert.Equal([v1, v3], versions.Select(v => v.VersionId));
        Assert.All(versions, v => Assert.True(v.IsComplete));
        Assert.Equal(versions.Sum(v => v.ByteSize), await store.StoredBytesAsync("n"));
        var after = await ManageApiTests.JsonAsync(await client.GetAsync("/api/collections/n/items?limit=1"), HttpStatusCode.OK);
        Assert.Equal(20_000, after.GetProperty("numberMatched").GetInt32());
    }

    /// <summary>
    /// Azurite saves its in-memory database to the folder every few seconds; wait until the catalog names the version
    /// as current on disk. The version's own record is written before the switch, and a save between the two would
    /// leave a restarted Azurite with the version but no catalog entry (the rerun would be a new collection).
    /// </summary>
    private async Task WaitUntilPersistedAsync(string versionId)
    {
        var current = new System.Text.RegularExpressions.Regex($"\"{StoreSchema.CurrentVersion}\"\\s*:\\s*\"{versionId}\"");
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (DateTime.UtcNow < deadline)
        {
            foreach (var file in Directory.GetFiles(_azurite.Location!, "*table*", SearchOption.AllDirectories))
            {
                try
                {
                    if (current.IsMatch(await File.ReadAllTextAsync(file)))
                        return;
                }
                catch (IOException)
                {
                }
            }
            await Task.Delay(200);
        }
        throw new TimeoutException($"Azurite did not persist the catalog's switch to {versionId} within 2 minutes.");
    }

    private sealed class KillAfterFirstBatch(Azurite azurite) : PublishHooks
    {
        public volatile bool Armed;

        public override ValueTask AfterBatchAsync(string collectionId, string versionId, int batchesWritten, CancellationToken cancellationToken)
        {
            if (Armed && batchesWritten == 1)
                azurite.Kill();
            return default;
        }
    }
}
