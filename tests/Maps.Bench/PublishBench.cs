using Maps.Core.Layers;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Maps.Formats;
using Maps.Formats.Ofds;
using Maps.Formats.Tests.Support;
using Maps.Storage;
using Maps.Storage.Local;
using Maps.Storage.Publishing;
using Maps.Storage.AzureStorage;
using Maps.Storage.Tests.Support;
using NetTopologySuite.Geometries;

namespace Maps.Bench;

/// <summary>
/// Publishes the same N point features in every upload format (OFDS: N spans between N + 1 nodes) through
/// the real publisher, into the local store and into Table Storage on an in-memory Azurite started here;
/// prints the time, features per second, upload and stored bytes, and each format's time against
/// GeoJSON's into the same store in the same run. Then streams a generated GeoJSON upload of about
/// <c>--mb</c> MB into the local store while sampling the process's resident memory, and prints the peak
/// growth against the upload's size.
/// </summary>
public static class PublishBench
{
    private static readonly GeometryFactory Factory = new(new PrecisionModel(), 4326);

    public static async Task<int> RunAsync(int count, int megabytes)
    {
        if (count == 0)
        {
            // --features 0: the memory measurement alone, in a process that has loaded nothing else.
            string directory = Directory.CreateTempSubdirectory("maps-publish-bench-").FullName;
            try
            {
                await MemoryAsync(directory, megabytes);
            }
            finally
            {
                Directory.Delete(directory, recursive: true);
            }
            return 0;
        }
        var features = Enumerable.Range(0, count).Select(i => new SampleFeature(
            $"n{i}", Factory.CreatePoint(new Coordinate(Math.Round(-17 + (i % 1000) * 0.03, 6), Math.Round(4 + i / 1000 * 0.01, 6))), $"Node {i}", i % 100, i * 0.5)).ToArray();
        var uploads = new (string Format, IUploadFormat Reader, Func<SampleFeature[], byte[]> Make)[]
        {
            ("geojson", new GeoJsonFormat(), fs => Encoding.UTF8.GetBytes("{\"type\":\"FeatureCollection\",\"features\":[" + string.Join(",", fs.Select(Json)) + "]}")),
            ("geojsonseq", new GeoJsonSeqFormat(), fs => Encoding.UTF8.GetBytes(string.Concat(fs.Select(f => Json(f) + "\n")))),
            ("csv", new CsvFormat(), fs => Encoding.UTF8.GetBytes("id,name,count,value,lon,lat\n" + string.Concat(fs.Select(f =>
                FormattableString.Invariant($"{f.Id},{f.Name},{f.Count},{f.Value},{f.Geometry.Coordinate.X},{f.Geometry.Coordinate.Y}\n"))))),
            ("gpkg", new GeoPackageFormat(), fs => Writers.GeoPackage(Writers.Srs.Wgs84, ("nodes", fs))),
            ("shapefile", new ShapefileFormat(), fs => Writers.ShapefileZip(fs, Writers.Wgs84EsriWkt)),
            ("ofds", new OfdsFormat(), fs => OfdsPackage(fs.Length)),
        };

        await using var azurite = await Azurite.StartAsync(allServices: true);
        string local = Directory.CreateTempSubdirectory("maps-publish-bench-").FullName;
        var stores = new (string Name, ILayerStore Store)[]
        {
            ("local", new LocalLayerStore(new LocalStoreOptions { Directory = local })),
            ("azurite", new AzureLayerStore(new LayerStoreOptions { ConnectionString = azurite.ConnectionString, CacheDirectory = Path.Combine(local, "cache") })),
        };
        Console.WriteLine($"{count:N0} features per format (OFDS: {count:N0} spans and {count + 1:N0} nodes)");
        Console.WriteLine("store    format      upload MB  publish s  features/s  stored MB  vs geojson");
        try
        {
            foreach (var (storeName, store) in stores)
            {
                double? baseline = null;
                // An untimed round of 1,000 features first, so the GeoJSON baseline is not the one that pays for the JIT.
                foreach (var timed in new[] { false, true })
                foreach (var (format, reader, make) in uploads)
                {
                    byte[] body = make(timed ? features : features[..1000]);
                    string id = timed ? $"bench-{format}" : $"warm-{format}";
                    var publisher = new LayerPublisher(store);
                    var request = new PublishRequest(id, (sink, ct) => reader.ReadAsync(new MemoryStream(body), new UploadReadOptions(id, Path.GetTempPath()), sink, ct))
                    {
                        Input = new MetadataInput { Title = "Bench", License = "CC0-1.0", Attribution = "bench", Source = "generated" },
                        HasNodes = reader.HasNodes,
                    };
                    var clock = Stopwatch.StartNew();
                    var result = await publisher.PublishAsync(request);
                    double seconds = clock.Elapsed.TotalSeconds;
                    if (!timed)
                        continue;
                    baseline ??= seconds;
                    long stored = (await Task.WhenAll(result.Versions.Select(v => store.StoredBytesAsync(v.CollectionId, v.VersionId)))).Sum();
                    int written = result.Versions.Sum(v => v.Report.Written);
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"{storeName,-8} {format,-10} {body.Length / 1e6,10:F1} {seconds,10:F2} {written / seconds,11:N0} {stored / 1e6,10:F1} {seconds / baseline,10:F2}x"));
                }
            }
            await MemoryAsync(local, megabytes);
        }
        finally
        {
            Directory.Delete(local, recursive: true);
        }
        return 0;
    }

    /// <summary>A generated upload streamed into the local store; resident memory sampled every 20 ms.</summary>
    private static async Task MemoryAsync(string directory, int megabytes)
    {
        const int recordBytes = 250;
        int records = megabytes * 1_000_000 / recordBytes;
        var body = new GeneratedStream("{\"type\":\"FeatureCollection\",\"features\":[", records + 1, i => i == records ? "]}" : (i > 0 ? "," : "") + PaddedJson(i, recordBytes));
        var store = new LocalLayerStore(new LocalStoreOptions { Directory = directory });
        GC.Collect();
        long before = Process.GetCurrentProcess().WorkingSet64, peak = before;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            using var process = Process.GetCurrentProcess();
            while (!sampling.IsCancellationRequested)
            {
                process.Refresh();
                peak = Math.Max(peak, process.WorkingSet64);
                await Task.Delay(20);
            }
        });
        var clock = Stopwatch.StartNew();
        var result = await new LayerPublisher(store).PublishAsync("bench-memory", body,
            new MetadataInput { Title = "Bench", License = "CC0-1.0", Attribution = "bench", Source = "generated" });
        double seconds = clock.Elapsed.TotalSeconds;
        sampling.Cancel();
        await sampler;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"memory: {body.Produced / 1e6:F0} MB upload ({result.Report.Written:N0} features) streamed into the local store in {seconds:F1} s; resident {before / 1e6:F0} MB before, peak {peak / 1e6:F0} MB: growth {(peak - before) / 1e6:F0} MB = {(double)(peak - before) / body.Produced:P1} of the upload"));
    }

    private static string Json(SampleFeature f) => FormattableString.Invariant(
        $"{{\"type\":\"Feature\",\"id\":\"{f.Id}\",\"geometry\":{{\"type\":\"Point\",\"coordinates\":[{f.Geometry.Coordinate.X},{f.Geometry.Coordinate.Y}]}},\"properties\":{{\"name\":\"{f.Name}\",\"count\":{f.Count},\"value\":{f.Value}}}}}");

    private static string PaddedJson(int i, int bytes)
    {
        string json = FormattableString.Invariant(
            $"{{\"type\":\"Feature\",\"id\":\"m{i}\",\"geometry\":{{\"type\":\"Point\",\"coordinates\":[{(i % 3600) / 10.0 - 180},{(i / 3600 % 1700) / 10.0 - 85}]}},\"properties\":{{\"note\":\"");
        return json + new string('x', Math.Max(0, bytes - json.Length - 4)) + "\"}}";
    }

    /// <summary>An OFDS 0.3 network package: nodes along a line and a span between each neighbouring pair.</summary>
    private static byte[] OfdsPackage(int spans)
    {
        var text = new StringBuilder("{\"networks\":[{\"id\":\"bench\",\"name\":\"Bench network\",\"nodes\":[");
        for (int i = 0; i <= spans; i++)
            text.Append(i > 0 ? "," : "").Append(CultureInfo.InvariantCulture,
                $"{{\"id\":\"{i}\",\"name\":\"Node {i}\",\"status\":\"operational\",\"location\":{{\"type\":\"Point\",\"coordinates\":[{-17 + (i % 1000) * 0.03:R},{4 + i / 1000 * 0.01:R}]}}}}");
        text.Append("],\"spans\":[");
        for (int i = 0; i < spans; i++)
            text.Append(i > 0 ? "," : "").Append(CultureInfo.InvariantCulture,
                $"{{\"id\":\"s{i}\",\"name\":\"Span {i}\",\"status\":\"operational\",\"start\":\"{i}\",\"end\":\"{i + 1}\",\"route\":{{\"type\":\"LineString\",\"coordinates\":[[{-17 + (i % 1000) * 0.03:R},{4 + i / 1000 * 0.01:R}],[{-17 + ((i + 1) % 1000) * 0.03:R},{4 + (i + 1) / 1000 * 0.01:R}]]}}}}");
        text.Append("]}]}");
        return Encoding.UTF8.GetBytes(text.ToString());
    }
}
