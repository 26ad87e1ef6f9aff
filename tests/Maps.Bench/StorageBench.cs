using System.Diagnostics;
using System.Globalization;
using System.Text;
using Maps.Storage.Publishing;
using Maps.Storage.Tables;
using Maps.Storage.Tests.Support;
using Maps.Storage;

namespace Maps.Bench;

/// <summary>
/// Publish N point features (transmission-node-like properties) to a fresh in-memory Azurite through the
/// real publisher, then cold-load them into a new <see cref="StoreLayerCatalog"/>; reports times, rows,
/// batches and stored bytes per feature (the service's entity size formula summed over the rows).
/// </summary>
public static class StorageBench
{
    public static async Task<int> RunAsync(int count)
    {
        await using var azurite = await Azurite.StartAsync();
        var options = new LayerStoreOptions { ConnectionString = azurite.ConnectionString };
        byte[] body = Body(count);
        Console.WriteLine($"upload: {count:N0} features, {body.Length / 1e6:F1} MB of GeoJSON");

        var publisher = new LayerPublisher(new TableLayerStore(options));
        var clock = Stopwatch.StartNew();
        var result = await publisher.PublishAsync("bench", new MemoryStream(body), new MetadataInput
        {
            Title = "Bench nodes", License = "CC0-1.0", Attribution = "bench", Source = "generated",
        });
        double publishSeconds = clock.Elapsed.TotalSeconds;
        Console.WriteLine($"publish: {publishSeconds:F2} s ({count / publishSeconds:N0} features/s), {result.Rows} rows in {result.Main.Batches} batches, {result.Main.Bytes / 1e6:F1} MB packed");

        var store = new TableLayerStore(options);
        var (rows, entityBytes) = await store.CountRowsAsync("bench", result.VersionId);
        clock.Restart();
        var catalog = new StoreLayerCatalog(store, TimeSpan.FromSeconds(30));
        var layers = await catalog.GetLayersAsync();
        double loadSeconds = clock.Elapsed.TotalSeconds;
        Console.WriteLine($"cold load: {loadSeconds:F2} s for {layers.Find("bench")!.Features.Count:N0} features (read rows, parse, index)");
        Console.WriteLine($"stored: {rows} rows, {entityBytes:N0} bytes by the entity size formula = {(double)entityBytes / count:F1} bytes/feature " +
                          $"(GeoJSON itself: {(double)result.Main.Bytes / count:F1} bytes/feature)");
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
