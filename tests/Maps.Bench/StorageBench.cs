using Maps.Core.Layers;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Maps.Storage.Publishing;
using Maps.Storage.AzureStorage;
using Maps.Storage.Tests.Support;
using Maps.Storage;

namespace Maps.Bench;

/// <summary>
/// Publish N point features (transmission-node-like properties) to a fresh in-memory Azurite through the
/// real publisher, then cold-load them into a new <see cref="StoreLayerCatalog"/> (a fresh cache, so the
/// blob is fetched); reports times, blocks and stored bytes per feature.
/// </summary>
public static class StorageBench
{
    public static async Task<int> RunAsync(int count)
    {
        await using var azurite = await Azurite.StartAsync(allServices: true);
        var options = new LayerStoreOptions { ConnectionString = azurite.ConnectionString, CacheDirectory = Directory.CreateTempSubdirectory("maps-bench-cache-").FullName };
        byte[] body = Body(count);
        Console.WriteLine($"upload: {count:N0} features, {body.Length / 1e6:F1} MB of GeoJSON");

        var publisher = new LayerPublisher(new AzureLayerStore(options));
        var clock = Stopwatch.StartNew();
        var result = await publisher.PublishAsync("bench", new MemoryStream(body), new MetadataInput
        {
            Title = "Bench nodes", License = "CC0-1.0", Attribution = "bench", Source = "generated",
        });
        double publishSeconds = clock.Elapsed.TotalSeconds;
        Console.WriteLine($"publish: {publishSeconds:F2} s ({count / publishSeconds:N0} features/s), {result.Main.Blocks} blocks, {result.Main.Bytes / 1e6:F1} MB layer file");

        options.CacheDirectory = Directory.CreateTempSubdirectory("maps-bench-cache-").FullName;
        var store = new AzureLayerStore(options);
        long stored = await store.StoredBytesAsync("bench", result.VersionId);
        clock.Restart();
        var catalog = new StoreLayerCatalog(store, TimeSpan.FromSeconds(30));
        var layers = await catalog.GetLayersAsync();
        double loadSeconds = clock.Elapsed.TotalSeconds;
        Console.WriteLine($"cold load: {loadSeconds:F2} s for {layers.Find("bench")!.Count:N0} features (fetch the blob, open its header)");
        Console.WriteLine($"stored: {stored:N0} bytes = {(double)stored / count:F1} bytes/feature (GeoJSON upload: {(double)body.Length / count:F1} bytes/feature)");
        return 0;
    }

    private static byte[] Body(int count)
    {
        var random = new Random(42);
        string[] statuses = ["operational", "planned", "under-construction", "unknown"];
        var text = new StringBuilder(count * 260);
        text.Append("{\"type\":\"FeatureCollection\",\"features\":[");
        for (int i = 0; i < count; i++)
        {
            if (i > 0)
                text.Append(',');
            double lon = Math.Round(random.NextDouble() * 360 - 180, 6), lat = Math.Round(random.NextDouble() * 170 - 85, 6);
            text.Append(CultureInfo.InvariantCulture,
                $"{{\"type\":\"Feature\",\"id\":\"node-{i:D7}\",\"geometry\":{{\"type\":\"Point\",\"coordinates\":[{lon:R},{lat:R}]}},\"properties\":{{\"name\":\"Node {i}\",\"operator\":\"Operator {i % 97}\",\"status\":\"{statuses[i % 4]}\",\"infrastructure\":\"fibre\",\"equipped_capacity_mbps\":{i % 10 * 1000},\"country\":\"NGA\",\"data_source\":\"bench\",\"data_year\":{2000 + i % 25}}}}}");
        }
        text.Append("]}");
        return Encoding.UTF8.GetBytes(text.ToString());
    }
}
