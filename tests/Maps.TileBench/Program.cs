using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Maps.Core.Layers;
using Maps.Tiles;

// Tile generation benchmark: see README.md. Uncached: every tile is cut from the layer on request.
var arguments = Arguments.Parse(args);
var layers = Load(arguments);
foreach (var layer in layers)
    Bench(layer, arguments);
return 0;

static IReadOnlyList<Layer> Load(Arguments arguments)
{
    if (arguments.GeoJson is string path)
        return [FromGeoJson(path)];
    string directory = arguments.Layers ?? FindRepoLayers() ?? "";
    if (Directory.Exists(directory) && Directory.GetFiles(directory, "*" + DirectoryLayerCatalog.Extension).Length > 0)
    {
        Console.WriteLine($"layers: {directory}");
        return DirectoryLayerCatalog.ReadDirectory(directory);
    }
    Console.WriteLine($"layers: synthetic, {arguments.SyntheticCount} lines × 30 vertices, West Africa, seed {arguments.Seed}");
    return [Synthetic(arguments.SyntheticCount, arguments.Seed)];
}

static string? FindRepoLayers()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        if (File.Exists(Path.Combine(dir.FullName, "Maps.sln")))
            return Path.Combine(dir.FullName, "data", "layers");
    return null;
}

static Layer FromGeoJson(string path)
{
    var root = JsonNode.Parse(File.ReadAllBytes(path))!;
    int i = 0;
    foreach (var feature in root["features"]!.AsArray())
        feature!["id"] ??= $"f-{i++:D5}";
    string id = Path.GetFileNameWithoutExtension(path).Replace('_', '-');
    Console.WriteLine($"layers: {path} (ids assigned where missing)");
    return Make(id, Encoding.UTF8.GetBytes(root.ToJsonString()));
}

static Layer Synthetic(int count, int seed)
{
    var random = new Random(seed);
    var json = new StringBuilder("""{"type":"FeatureCollection","features":[""");
    string[] operators = ["MTN", "Orange", "Airtel", "Glo", "Moov"];
    for (int i = 0; i < count; i++)
    {
        if (i > 0)
            json.Append(',');
        double lon = -26 + random.NextDouble() * 42, lat = 3 + random.NextDouble() * 25;
        json.Append(CultureInfo.InvariantCulture, $$"""{"type":"Feature","id":"fl-{{i:D5}}","properties":{"operator_name":"{{operators[i % operators.Length]}}","status":"Operational","distance":{{random.Next(1_000, 300_000)}},"operators":["{{operators[i % 5]}}","{{operators[(i + 1) % 5]}}"]},"geometry":{"type":"LineString","coordinates":[""");
        for (int j = 0; j < 30; j++)
        {
            if (j > 0)
                json.Append(',');
            json.Append(CultureInfo.InvariantCulture, $"[{lon:R},{lat:R}]");
            lon += (random.NextDouble() - 0.5) * 0.3;
            lat += (random.NextDouble() - 0.5) * 0.3;
        }
        json.Append("]}}");
    }
    json.Append("]}");
    return Make("synthetic-links", Encoding.UTF8.GetBytes(json.ToString()));
}

static Layer Make(string id, byte[] featureCollection) => Layer.FromGeoJson(new CollectionMetadata
{
    Id = id, Title = id, Description = id, License = "MIT", Attribution = "bench", Source = "bench", GeometryType = "LineString",
}, featureCollection, "bench");

static void Bench(Layer layer, Arguments arguments)
{
    int vertices = layer.All().Sum(f => f.Geometry.NumPoints);
    Console.WriteLine();
    Console.WriteLine($"== {layer.Id}: {layer.Count} features, {vertices} vertices");
    var clock = Stopwatch.StartNew();
    var builder = new VectorTileBuilder(layer);
    Console.WriteLine($"prepare (project once per layer version): {clock.Elapsed.TotalMilliseconds:F1} ms");

    var random = new Random(arguments.Seed);
    var perZoom = new List<(int Z, List<TileAddress> Tiles)>();
    for (int z = 0; z <= arguments.MaxZoom; z++)
    {
        var all = TilesTouching(layer, z);
        var sample = all.Count <= arguments.Sample ? all : all.OrderBy(_ => random.Next()).Take(arguments.Sample).ToList();
        perZoom.Add((z, sample));
    }

    // Warm up the JIT (tiered compilation) on a few tiles of every zoom.
    for (int round = 0; round < 3; round++)
        foreach (var (_, tiles) in perZoom)
            foreach (var tile in tiles.Take(20))
            {
                builder.Build(tile);
                builder.Build(tile, useIndex: false);
            }

    Console.WriteLine($"{"z",2} {"touching",8} {"timed",6} {"nonempty",8} {"avg KiB",8} {"p50 ms",8} {"p95 ms",8} {"max ms",8} | {"scan p50",8} {"index p50",9} {"scan/index",10}");
    var allTimes = new List<double>();
    foreach (var (z, tiles) in perZoom)
    {
        var times = new List<double>(tiles.Count);
        long bytes = 0;
        int nonEmpty = 0;
        foreach (var tile in tiles)
        {
            long start = Stopwatch.GetTimestamp();
            byte[] mvt = builder.Build(tile);
            times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            bytes += mvt.Length;
            if (mvt.Length > 0)
                nonEmpty++;
        }
        allTimes.AddRange(times);

        // Baseline on a smaller sample: scan every feature envelope instead of the STR-tree.
        var baselineTiles = tiles.Take(arguments.BaselineSample).ToList();
        var scan = Time(baselineTiles, t => builder.Build(t, useIndex: false));
        var index = Time(baselineTiles, t => builder.Build(t));
        double scanP50 = Percentile(scan, 50), indexP50 = Percentile(index, 50);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{z,2} {TilesTouching(layer, z).Count,8} {tiles.Count,6} {nonEmpty,8} {bytes / 1024.0 / Math.Max(1, tiles.Count),8:F1} {Percentile(times, 50),8:F3} {Percentile(times, 95),8:F3} {times.Max(),8:F3} | {scanP50,8:F3} {indexP50,9:F3} {scanP50 / indexP50,9:F1}x"));
    }
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"all zooms: {allTimes.Count} tiles, p50 {Percentile(allTimes, 50):F3} ms, p95 {Percentile(allTimes, 95):F3} ms, max {allTimes.Max():F3} ms (goal p50 ≤ 5 ms)"));
}

static List<double> Time(List<TileAddress> tiles, Func<TileAddress, byte[]> build)
{
    var times = new List<double>(tiles.Count);
    foreach (var tile in tiles)
    {
        long start = Stopwatch.GetTimestamp();
        GC.KeepAlive(build(tile));
        times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
    }
    return times;
}

static double Percentile(List<double> values, double percent)
{
    if (values.Count == 0)
        return double.NaN;
    var sorted = values.Order().ToArray();
    return sorted[Math.Clamp((int)Math.Ceiling(percent / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];
}

/// <summary>Every tile of zoom z that some feature's envelope touches.</summary>
static List<TileAddress> TilesTouching(Layer layer, int z)
{
    int n = 1 << z;
    var tiles = new HashSet<TileAddress>();
    for (int position = 0; position < layer.Count; position++)
    {
        var e = layer.EnvelopeOf(position);
        int x0 = Math.Clamp((int)(WebMercator.WorldX(e.MinX) * n), 0, n - 1), x1 = Math.Clamp((int)(WebMercator.WorldX(e.MaxX) * n), 0, n - 1);
        int y0 = Math.Clamp((int)(WebMercator.WorldY(e.MaxY) * n), 0, n - 1), y1 = Math.Clamp((int)(WebMercator.WorldY(e.MinY) * n), 0, n - 1);
        for (int x = x0; x <= x1; x++)
            for (int y = y0; y <= y1; y++)
                tiles.Add(new TileAddress(z, x, y));
    }
    return tiles.OrderBy(t => t.X).ThenBy(t => t.Y).ToList();
}

internal sealed record Arguments
{
    public string? Layers { get; init; }
    public string? GeoJson { get; init; }
    public int MaxZoom { get; init; } = 10;
    public int Sample { get; init; } = 200;
    public int BaselineSample { get; init; } = 50;
    public int SyntheticCount { get; init; } = 1500;
    public int Seed { get; init; } = 42;

    public static Arguments Parse(string[] args)
    {
        var result = new Arguments();
        for (int i = 0; i < args.Length; i++)
        {
            string value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value.");
            result = args[i] switch
            {
                "--layers" => result with { Layers = value },
                "--geojson" => result with { GeoJson = value },
                "--max-zoom" => result with { MaxZoom = int.Parse(value, CultureInfo.InvariantCulture) },
                "--sample" => result with { Sample = int.Parse(value, CultureInfo.InvariantCulture) },
                "--baseline-sample" => result with { BaselineSample = int.Parse(value, CultureInfo.InvariantCulture) },
                "--synthetic" => result with { SyntheticCount = int.Parse(value, CultureInfo.InvariantCulture), Layers = "" },
                "--seed" => result with { Seed = int.Parse(value, CultureInfo.InvariantCulture) },
                _ => throw new ArgumentException($"Unknown option {args[i]}; see README.md."),
            };
            i++;
        }
        return result;
    }
}
