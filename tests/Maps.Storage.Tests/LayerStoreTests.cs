using System.Text;
using System.Text.Json;
using Maps.Core.Import;
using Maps.Core.Layers;
using Maps.Formats;
using Maps.Storage.AzureStorage;
using Maps.Storage.Publishing;
using Maps.Storage.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Maps.Storage.Tests;

/// <summary>The store and the publisher without HTTP, the same tests for both stores.</summary>
public abstract class LayerStoreTests
{
    protected abstract StoreSetup NewStore();

    private static readonly MetadataInput NewCollection = new() { Title = "Test", License = "CC0-1.0", Attribution = "tests", Source = "generated" };

    protected static Task<PublishResult> PublishAsync(LayerPublisher publisher, string collection, string body, MetadataInput? input = null) =>
        publisher.PublishAsync(collection, new TrickleStream(GeoJson.Utf8(body), 8192), input ?? NewCollection);

    [Fact]
    public async Task A_3_MB_feature_is_stored_in_many_blocks_and_comes_back_byte_for_byte()
    {
        var setup = NewStore();
        var store = setup.Store();
        var publisher = new LayerPublisher(store);
        // Vertices as a MultiPoint: a line would gain a derived length_km and not come back as sent.
        string cable = GeoJson.LongLine("cable-1", 150_000).Replace("\"LineString\"", "\"MultiPoint\"")
            .Replace("\"status\":\"operational\"}", "\"status\":\"operational\",\"country\":\"NGA\"}");
        Assert.True(cable.Length > 3_000_000);
        var features = GeoJson.Points(10).Append(cable).ToArray();

        var result = await PublishAsync(publisher, "cables", GeoJson.Collection(features), NewCollection with { GeometryType = "Geometry" });
        var layer = await OpenAsync(store, "cables", result.VersionId);

        Assert.True(result.Main.Blocks >= result.Main.Bytes / Support.AzuriteFixture.TestBlockBytes && result.Main.Blocks > 30, $"{result.Main.Blocks} blocks");
        Assert.Equal(features.Order(StringComparer.Ordinal), layer.ReadAll().Select(f => Encoding.UTF8.GetString(f.GeoJson.Span)));
        layer.File.Verify();
    }

    /// <summary>A stored version, opened as the catalog opens it.</summary>
    private static async Task<Layer> OpenAsync(ILayerStore store, string collection, string version) =>
        new(await store.OpenVersionAsync(collection, version), version);

    [Fact]
    public async Task The_catalog_points_at_the_new_version_only_once_it_is_complete()
    {
        var store = NewStore().Store();
        var hooks = new RecordingHooks(store);
        var first = await PublishAsync(new LayerPublisher(store), "nodes", GeoJson.Collection(GeoJson.Points(100)));

        var second = await PublishAsync(new LayerPublisher(store, hooks), "nodes", GeoJson.Collection(GeoJson.Points(20_000, seed: 2)));

        Assert.True(hooks.CurrentDuringWrites.Count > 1);

        Assert.All(hooks.CurrentDuringWrites, v => Assert.Equal(first.VersionId, v));
        Assert.Equal(first.VersionId, hooks.CurrentBeforeSwitch);
        Assert.Equal(second.VersionId, (await store.GetCatalogEntryAsync("nodes"))!.CurrentVersion);
        Assert.All(await store.ListVersionsAsync("nodes"), v => Assert.True(v.IsComplete));
    }

    [Fact]
    public async Task Two_concurrent_publishes_of_one_collection_cannot_both_win()
    {
        var setup = NewStore();
        var store = setup.Store();
        await PublishAsync(new LayerPublisher(store), "links", GeoJson.Collection(GeoJson.Points(10)));
        var paused = new PausingHooks();
        var slow = PublishAsync(new LayerPublisher(store, paused), "links", GeoJson.Collection(GeoJson.Points(20, seed: 3)));
        await paused.AtSwitch.Task;

        var fast = await PublishAsync(new LayerPublisher(store), "links", GeoJson.Collection(GeoJson.Points(30, seed: 4)));
        paused.Release.SetResult();

        await Assert.ThrowsAsync<PublishConflictException>(() => slow);
        Assert.Equal(fast.VersionId, (await store.GetCatalogEntryAsync("links"))!.CurrentVersion);
        Assert.Equal(2, (await store.ListVersionsAsync("links")).Count);
        Assert.Equal(0, await setup.StoredBytesAsync("links", paused.VersionId));
    }

    [Fact]
    public async Task Two_concurrent_first_publishes_of_a_new_collection_cannot_both_win()
    {
        var store = NewStore().Store();
        var paused = new PausingHooks();
        var slow = PublishAsync(new LayerPublisher(store, paused), "fresh", GeoJson.Collection(GeoJson.Points(20)));
        await paused.AtSwitch.Task;

        var fast = await PublishAsync(new LayerPublisher(store), "fresh", GeoJson.Collection(GeoJson.Points(30, seed: 4)));
        paused.Release.SetResult();

        await Assert.ThrowsAsync<PublishConflictException>(() => slow);
        Assert.Equal(fast.VersionId, (await store.GetCatalogEntryAsync("fresh"))!.CurrentVersion);
    }

    [Fact]
    public async Task The_catalog_refreshes_after_the_interval_and_reuses_unchanged_layers()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2025-01-01T00:00:00Z"));
        var store = NewStore().Store(time);
        var publisher = new LayerPublisher(store);
        await PublishAsync(publisher, "a", GeoJson.Collection(GeoJson.Points(10)));
        await PublishAsync(publisher, "b", GeoJson.Collection(GeoJson.Points(10)));
        var catalog = new StoreLayerCatalog(store, TimeSpan.FromSeconds(30), time);
        var before = await catalog.GetLayersAsync();
        var next = await PublishAsync(publisher, "b", GeoJson.Collection(GeoJson.Points(15, seed: 5)));

        time.Advance(TimeSpan.FromSeconds(29));
        Assert.Same(before, await catalog.GetLayersAsync());
        time.Advance(TimeSpan.FromSeconds(1));
        await catalog.GetLayersAsync();
        await catalog.RefreshAsync();
        var after = await catalog.GetLayersAsync();

        Assert.Equal(next.VersionId, after.Find("b")!.Version);
        Assert.Equal(15, after.Find("b")!.Count);
        Assert.Same(before.Find("a"), after.Find("a"));
    }

    [Fact]
    public async Task Rollback_switches_back_and_delete_removes_every_row()
    {
        var setup = NewStore();
        var store = setup.Store();
        var publisher = new LayerPublisher(store);
        var v1 = await PublishAsync(publisher, "x", GeoJson.Collection(GeoJson.Points(10)));
        var v2 = await PublishAsync(publisher, "x", GeoJson.Collection(GeoJson.Points(12)));
        var entry = await store.GetCatalogEntryAsync("x");

        await store.SwitchCurrentVersionAsync("x", v1.VersionId, entry!.Metadata, entry);
        Assert.Equal(v1.VersionId, (await store.GetCatalogEntryAsync("x"))!.CurrentVersion);
        await Assert.ThrowsAsync<PublishConflictException>(() => store.SwitchCurrentVersionAsync("x", v2.VersionId, entry.Metadata, entry));

        Assert.True(await store.DeleteCollectionAsync("x"));
        Assert.Null(await store.GetCatalogEntryAsync("x"));
        Assert.Empty(await store.ListVersionsAsync("x"));
        Assert.Equal(0, await setup.StoredBytesAsync("x"));
    }

    [Fact]
    public async Task Only_the_last_K_versions_are_kept_and_the_older_ones_are_deleted()
    {
        var setup = NewStore();
        setup.KeepVersions = 3;
        var store = setup.Store();
        var publisher = new LayerPublisher(store);
        var published = new List<PublishResult>();
        for (int i = 0; i < 5; i++)
            published.Add(await PublishAsync(publisher, "k", GeoJson.Collection(GeoJson.Points(10 + i, seed: i))));

        var kept = (await store.ListVersionsAsync("k")).Select(v => v.VersionId).ToArray();

        Assert.Equal(published.Skip(2).Select(p => p.VersionId), kept);
        Assert.Equal([published[0].VersionId], published[3].Main.Pruned);
        Assert.Equal([published[1].VersionId], published[4].Main.Pruned);
        foreach (var gone in published.Take(2))
            Assert.Equal(0, await setup.StoredBytesAsync("k", gone.VersionId));
        Assert.Equal(published[4].VersionId, (await store.GetCatalogEntryAsync("k"))!.CurrentVersion);
    }

    [Fact]
    public async Task Collections_switched_together_switch_all_or_none()
    {
        var store = NewStore().Store();
        var publisher = new LayerPublisher(store);
        var a1 = await PublishAsync(publisher, "a", GeoJson.Collection(GeoJson.Points(10)));
        var b1 = await PublishAsync(publisher, "b", GeoJson.Collection(GeoJson.Points(10)));
        var staleB = await store.GetCatalogEntryAsync("b");
        await PublishAsync(publisher, "a", GeoJson.Collection(GeoJson.Points(10, seed: 2)));
        var b2 = await PublishAsync(publisher, "b", GeoJson.Collection(GeoJson.Points(10, seed: 3)));
        var a = (await store.GetCatalogEntryAsync("a"))!;

        await Assert.ThrowsAsync<PublishConflictException>(() => store.SwitchCurrentVersionsAsync(
            [new CatalogSwitch("a", a1.VersionId, a.Metadata, a), new CatalogSwitch("b", b1.VersionId, staleB!.Metadata, staleB)]));
        Assert.Equal(a.CurrentVersion, (await store.GetCatalogEntryAsync("a"))!.CurrentVersion);
        Assert.Equal(b2.VersionId, (await store.GetCatalogEntryAsync("b"))!.CurrentVersion);

        var b = await store.GetCatalogEntryAsync("b");
        await store.SwitchCurrentVersionsAsync([new CatalogSwitch("a", a1.VersionId, a.Metadata, a), new CatalogSwitch("b", b1.VersionId, b!.Metadata, b)]);
        Assert.Equal((a1.VersionId, b1.VersionId), ((await store.GetCatalogEntryAsync("a"))!.CurrentVersion, (await store.GetCatalogEntryAsync("b"))!.CurrentVersion));
    }

    [Fact]
    public async Task A_version_dropping_more_than_half_is_refused_unless_replace_is_given()
    {
        var setup = NewStore();
        var store = setup.Store();
        var publisher = new LayerPublisher(store);
        var first = await PublishAsync(publisher, "half", GeoJson.Collection(GeoJson.Points(100)));
        long bytes = await setup.StoredBytesAsync("half");

        var refused = await Assert.ThrowsAsync<UploadRejectedException>(() => PublishAsync(publisher, "half", GeoJson.Collection(GeoJson.Points(49, seed: 2))));
        var exactlyHalf = await PublishAsync(publisher, "half", GeoJson.Collection(GeoJson.Points(50, seed: 3)));

        Assert.Equal(UploadProblem.WouldDropFeatures, refused.Problem);
        Assert.Contains("49 features instead of the 100", refused.Message);
        Assert.Equal(100, refused.Members!["current"]);
        Assert.Equal(exactlyHalf.VersionId, (await store.GetCatalogEntryAsync("half"))!.CurrentVersion);
        Assert.Equal([first.VersionId, exactlyHalf.VersionId], (await store.ListVersionsAsync("half")).Select(v => v.VersionId));
        Assert.True(await setup.StoredBytesAsync("half") > bytes);

        var replaced = await publisher.PublishAsync(new PublishRequest("half", (sink, ct) => GeoJsonRead(GeoJson.Collection(GeoJson.Points(1, seed: 4)), sink, ct)) { Replace = true });
        Assert.Equal(1, replaced.Report.Written);
    }

    [Fact]
    public async Task Features_that_do_not_fit_the_collections_geometry_type_fail_the_publish_with_the_counts_and_singles_are_promoted()
    {
        var setup = NewStore();
        var store = setup.Store();
        var publisher = new LayerPublisher(store);
        string lines = GeoJson.Collection([
            GeoJson.Line("l1", [(1, 1), (2, 2)]),
            """{"type":"Feature","id":"m1","geometry":{"type":"MultiLineString","coordinates":[[[3,3],[4,4]],[[5,5],[6,6]]]},"properties":{}}""",
        ]);
        var first = await PublishAsync(publisher, "routes", lines);
        var stored = (await OpenAsync(store, "routes", first.VersionId)).ReadAll();
        Assert.All(stored, f => Assert.Equal("MultiLineString", f.Geometry.GeometryType));
        Assert.Equal("MultiLineString", (await store.GetCatalogEntryAsync("routes"))!.Metadata.GeometryType);
        long bytes = await setup.StoredBytesAsync("routes");

        var mixed = GeoJson.Collection([GeoJson.Line("l1", [(1, 1), (2, 2)]), GeoJson.Point("p1", 1, 1), GeoJson.Point("p2", 2, 2), GeoJson.Line("l2", [(0, 0), (1, 0)])]);
        var refused = await Assert.ThrowsAsync<UploadRejectedException>(() => PublishAsync(publisher, "routes", mixed));

        Assert.Equal(UploadProblem.Unpublishable, refused.Problem);
        Assert.Contains("holds MultiLineString features, and 2 of the upload's 4 features do not fit it (2 Point)", refused.Message);
        Assert.Equal(new Dictionary<string, int> { ["Point"] = 2 }, refused.Members!["misfits"]);
        Assert.Equal(first.VersionId, (await store.GetCatalogEntryAsync("routes"))!.CurrentVersion);
        Assert.Single(await store.ListVersionsAsync("routes"));
        Assert.Equal(bytes, await setup.StoredBytesAsync("routes"));
    }

    [Fact]
    public async Task Length_km_is_recomputed_and_a_missing_country_found_by_point_in_polygon()
    {
        var store = NewStore().Store();
        var countries = CountryLocator.FromGeoJsonFile(Path.Combine(RepoRoot.Path, "data", "sources", "country-boundaries", "worldatlas_50m_countries.geojson"));
        var publisher = new LayerPublisher(store, countries: () => countries);
        string body = GeoJson.Collection([
            GeoJson.Line("nairobi-mombasa", [(36.82, -1.29), (39.67, -4.04)], """{"length_km":1,"country":null}"""),
            GeoJson.Line("given", [(36.82, -1.29), (36.9, -1.3)], """{"country":"UGA"}"""),
        ]);

        var result = await PublishAsync(publisher, "links", body);

        var features = (await OpenAsync(store, "links", result.VersionId)).ReadAll().ToDictionary(f => f.Id);
        var properties = features.ToDictionary(f => f.Key, f => JsonDocument.Parse(f.Value.GeoJson).RootElement.GetProperty("properties").Clone());
        // Haversine on the IUGG mean sphere, written out here rather than through the engine's Sphere.
        double p1 = -1.29 * Math.PI / 180, p2 = -4.04 * Math.PI / 180, dl = (39.67 - 36.82) * Math.PI / 180;
        double h = Math.Pow(Math.Sin((p2 - p1) / 2), 2) + Math.Cos(p1) * Math.Cos(p2) * Math.Pow(Math.Sin(dl / 2), 2);
        double expected = 2 * 6371.0088 * Math.Asin(Math.Sqrt(h));
        Assert.Equal(Math.Round(expected, 3), properties["nairobi-mombasa"].GetProperty("length_km").GetDouble());
        Assert.Equal("KEN", properties["nairobi-mombasa"].GetProperty("country").GetString());
        Assert.Equal("Kenya", properties["nairobi-mombasa"].GetProperty("country_name").GetString());
        Assert.Equal("UGA", properties["given"].GetProperty("country").GetString());
        Assert.Equal(JsonValueKind.Null, properties["given"].GetProperty("country_name").ValueKind); // a property of the layer, not derived for this feature
    }

    private static Task<int> GeoJsonRead(string body, UploadSink sink, CancellationToken cancellationToken) =>
        new GeoJsonFormat().ReadAsync(new MemoryStream(GeoJson.Utf8(body)), new UploadReadOptions("upload", Path.GetTempPath()), sink, cancellationToken);

    private sealed class RecordingHooks(ILayerStore store) : PublishHooks
    {
        public List<string?> CurrentDuringWrites { get; } = [];
        public string? CurrentBeforeSwitch { get; private set; }

        public override async ValueTask AfterBatchAsync(string collectionId, string versionId, int batchesWritten, CancellationToken cancellationToken)
        {
            var entry = await store.GetCatalogEntryAsync(collectionId, cancellationToken);
            lock (CurrentDuringWrites)
                CurrentDuringWrites.Add(entry?.CurrentVersion);
        }

        public override async ValueTask BeforeSwitchAsync(string collectionId, string versionId, CancellationToken cancellationToken) =>
            CurrentBeforeSwitch = (await store.GetCatalogEntryAsync(collectionId, cancellationToken))?.CurrentVersion;
    }
}

/// <summary>Holds a publish just before its catalog switch until the test releases it.</summary>
public sealed class PausingHooks : PublishHooks
{
    public TaskCompletionSource AtSwitch { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    public string? VersionId { get; private set; }

    public override async ValueTask BeforeSwitchAsync(string collectionId, string versionId, CancellationToken cancellationToken)
    {
        VersionId = versionId;
        AtSwitch.TrySetResult();
        await Release.Task.WaitAsync(cancellationToken);
    }
}

[Trait("Category", "Azurite")]
[Collection(AzuriteCollection.Name)]
public sealed class AzuriteLayerStoreTests(AzuriteFixture azurite) : LayerStoreTests
{
    private static readonly MetadataInput NewCollection = new() { Title = "Test", License = "CC0-1.0", Attribution = "tests", Source = "generated" };

    protected override StoreSetup NewStore() => new AzuriteStore(azurite.NewOptions());

    /// <summary>A table cannot tell a dead writer from a slow one, so Table Storage goes by age (the local store by the writer's lock: see the kill test).</summary>
    [Fact]
    public async Task Incomplete_versions_older_than_the_limit_are_deleted_and_were_never_visible()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2025-01-01T00:00:00Z"));
        var options = azurite.NewOptions();
        options.WriteConcurrency = 1; // one block in flight, frozen with it: nothing lands after the "crash"
        var store = new AzureLayerStore(options, time);
        var good = await PublishAsync(new LayerPublisher(store), "nodes", GeoJson.Collection(GeoJson.Points(10)));
        // A publish that dies after its first batch without any cleanup, as a killed process would.
        var crash = new FreezingHooks();
        _ = new LayerPublisher(store, crash)
            .PublishAsync("nodes", new MemoryStream(GeoJson.Utf8(GeoJson.Collection(GeoJson.Points(20_000, seed: 9)))), NewCollection);
        await crash.Frozen.Task;
        var catalog = new StoreLayerCatalog(store, TimeSpan.FromSeconds(30), time);

        Assert.Equal(good.VersionId, (await catalog.GetLayersAsync()).Find("nodes")!.Version);
        Assert.True(await store.StoredBytesAsync("nodes", crash.VersionId) > 0);
        Assert.Empty(await store.DeleteIncompleteVersionsAsync("nodes", TimeSpan.FromMinutes(30)));

        time.Advance(TimeSpan.FromMinutes(31));
        var deleted = await store.DeleteIncompleteVersionsAsync("nodes", TimeSpan.FromMinutes(30));

        Assert.Equal([$"nodes/{crash.VersionId}"], deleted);
        Assert.Equal(0, await store.StoredBytesAsync("nodes", crash.VersionId));
        Assert.Equal(await store.StoredBytesAsync("nodes", good.VersionId), await store.StoredBytesAsync("nodes"));
    }


    /// <summary>
    /// A new instance reads a version from its blob while it fetches it; here the cache is a path
    /// that cannot be made, so every read stays a ranged read of the blob, and the layer is still
    /// served whole, the same as from a cache, and checked.
    /// </summary>
    [Fact]
    public async Task A_version_is_read_from_its_blob_by_ranges_until_it_is_cached()
    {
        var options = azurite.NewOptions();
        var published = await PublishAsync(new LayerPublisher(new AzureLayerStore(options)), "nodes", GeoJson.Collection(GeoJson.Points(5_000, seed: 4)));
        var expected = new StoreLayerCatalog(new AzureLayerStore(options), TimeSpan.FromMinutes(5)).GetLayersAsync().AsTask();
        string blocker = Path.Combine(Path.GetTempPath(), "maps-not-a-directory-" + Guid.NewGuid().ToString("N"));
        await File.WriteAllTextAsync(blocker, "a file where the cache directory would be");
        var uncachable = azurite.NewOptions();
        uncachable.TablePrefix = options.TablePrefix;
        uncachable.CacheDirectory = Path.Combine(blocker, "cache");

        var fromBlob = (await new StoreLayerCatalog(new AzureLayerStore(uncachable), TimeSpan.FromMinutes(5)).GetLayersAsync()).Find("nodes")!;
        var fromCache = (await expected).Find("nodes")!;

        Assert.Equal(published.VersionId, fromBlob.Version);
        Assert.Equal(fromCache.ReadAll().Select(f => f.GeoJson.ToArray()), fromBlob.ReadAll().Select(f => f.GeoJson.ToArray()));
        await fromBlob.StartVerification();
        Assert.False(Directory.Exists(uncachable.CacheDirectory));
    }

    /// <summary>Freezes a publish for good after its first batch, with no cleanup: what a killed process leaves.</summary>
    private sealed class FreezingHooks : PublishHooks
    {
        public TaskCompletionSource Frozen { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public string? VersionId { get; private set; }

        public override async ValueTask AfterBatchAsync(string collectionId, string versionId, int batchesWritten, CancellationToken cancellationToken)
        {
            VersionId = versionId;
            Frozen.TrySetResult();
            await new TaskCompletionSource().Task;
        }
    }
}

public sealed class LocalLayerStoreTests : LayerStoreTests
{
    protected override StoreSetup NewStore() => new LocalStore();
}
