using Maps.Storage.Tables;
using System.Text;
using Maps.Core.Layers;
using Maps.Storage.Publishing;
using Maps.Storage.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Maps.Storage.Tests;

[Trait("Category", "Azurite")]
[Collection(AzuriteCollection.Name)]
public sealed class LayerStoreTests(AzuriteFixture azurite)
{
    private static readonly MetadataInput NewCollection = new() { Title = "Test", License = "CC0-1.0", Attribution = "tests", Source = "generated" };

    private static Task<PublishResult> PublishAsync(LayerPublisher publisher, string collection, string body, MetadataInput? input = null) =>
        publisher.PublishAsync(collection, new TrickleStream(GeoJson.Utf8(body), 8192), input ?? NewCollection);

    [Fact]
    public async Task A_3_MB_feature_is_chunked_across_rows_and_comes_back_byte_for_byte()
    {
        var store = new TableLayerStore(azurite.NewOptions());
        var publisher = new LayerPublisher(store);
        string cable = GeoJson.LongLine("cable-1", 150_000);
        Assert.True(cable.Length > 3_000_000);
        var features = GeoJson.Points(10).Append(cable).ToArray();

        var result = await PublishAsync(publisher, "cables", GeoJson.Collection(features));
        byte[] stored = await store.ReadVersionAsync("cables", result.VersionId);

        Assert.True(result.Rows >= 4, $"{result.Rows} rows");
        var layer = LayerFileReader.ReadFeatures(stored, null, "stored");
        Assert.Equal(features, layer.Select(f => Encoding.UTF8.GetString(f.GeoJson.Span)));
        Assert.Equal(GeoJson.Collection(features), Encoding.UTF8.GetString(stored));
    }

    [Fact]
    public async Task The_catalog_points_at_the_new_version_only_once_it_is_complete()
    {
        var store = new TableLayerStore(azurite.NewOptions());
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
        var store = new TableLayerStore(azurite.NewOptions());
        await PublishAsync(new LayerPublisher(store), "links", GeoJson.Collection(GeoJson.Points(10)));
        var paused = new PausingHooks();
        var slow = PublishAsync(new LayerPublisher(store, paused), "links", GeoJson.Collection(GeoJson.Points(20, seed: 3)));
        await paused.AtSwitch.Task;

        var fast = await PublishAsync(new LayerPublisher(store), "links", GeoJson.Collection(GeoJson.Points(30, seed: 4)));
        paused.Release.SetResult();

        await Assert.ThrowsAsync<PublishConflictException>(() => slow);
        Assert.Equal(fast.VersionId, (await store.GetCatalogEntryAsync("links"))!.CurrentVersion);
        Assert.Equal(2, (await store.ListVersionsAsync("links")).Count);
        Assert.Equal(0, (await store.CountRowsAsync("links", paused.VersionId)).Rows);
    }

    [Fact]
    public async Task Two_concurrent_first_publishes_of_a_new_collection_cannot_both_win()
    {
        var store = new TableLayerStore(azurite.NewOptions());
        var paused = new PausingHooks();
        var slow = PublishAsync(new LayerPublisher(store, paused), "fresh", GeoJson.Collection(GeoJson.Points(20)));
        await paused.AtSwitch.Task;

        var fast = await PublishAsync(new LayerPublisher(store), "fresh", GeoJson.Collection(GeoJson.Points(30, seed: 4)));
        paused.Release.SetResult();

        await Assert.ThrowsAsync<PublishConflictException>(() => slow);
        Assert.Equal(fast.VersionId, (await store.GetCatalogEntryAsync("fresh"))!.CurrentVersion);
    }

    [Fact]
    public async Task Incomplete_versions_older_than_the_limit_are_deleted_and_were_never_visible()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2025-01-01T00:00:00Z"));
        var options = azurite.NewOptions();
        options.WriteConcurrency = 1; // one batch in flight, frozen with it: nothing lands after the "crash"
        var store = new TableLayerStore(options, time);
        var good = await PublishAsync(new LayerPublisher(store), "nodes", GeoJson.Collection(GeoJson.Points(10)));
        // A publish that dies after its first batch without any cleanup, as a killed process would.
        var crash = new FreezingHooks();
        _ = new LayerPublisher(store, crash)
            .PublishAsync("nodes", new MemoryStream(GeoJson.Utf8(GeoJson.Collection(GeoJson.Points(20_000, seed: 9)))), NewCollection);
        await crash.Frozen.Task;
        var catalog = new StoreLayerCatalog(store, TimeSpan.FromSeconds(30), time);

        Assert.Equal(good.VersionId, (await catalog.GetLayersAsync()).Find("nodes")!.Version);
        Assert.True((await store.CountRowsAsync("nodes", crash.VersionId)).Rows > 0);
        Assert.Empty(await store.DeleteIncompleteVersionsAsync("nodes", TimeSpan.FromMinutes(30)));

        time.Advance(TimeSpan.FromMinutes(31));
        var deleted = await store.DeleteIncompleteVersionsAsync("nodes", TimeSpan.FromMinutes(30));

        Assert.Equal([$"nodes/{crash.VersionId}"], deleted);
        Assert.Equal(0, (await store.CountRowsAsync("nodes", crash.VersionId)).Rows);
        Assert.Equal(await store.CountRowsAsync("nodes", good.VersionId), await store.CountRowsAsync("nodes"));
    }

    [Fact]
    public async Task The_catalog_refreshes_after_the_interval_and_reuses_unchanged_layers()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2025-01-01T00:00:00Z"));
        var store = new TableLayerStore(azurite.NewOptions(), time);
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
        Assert.Equal(15, after.Find("b")!.Features.Count);
        Assert.Same(before.Find("a"), after.Find("a"));
    }

    [Fact]
    public async Task Rollback_switches_back_and_delete_removes_every_row()
    {
        var store = new TableLayerStore(azurite.NewOptions());
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
        Assert.Equal(0, (await store.CountRowsAsync("x")).Rows);
    }

    private sealed class RecordingHooks(TableLayerStore store) : PublishHooks
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
