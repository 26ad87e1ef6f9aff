using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Maps.Core.Import;
using Maps.Core.Layers;
using Maps.Core.Query;
using Maps.Core.Query.Cql2;
using NetTopologySuite.Geometries;

namespace Maps.Bench;

/// <summary>
/// Filtered item pages (issue: counting from the index). Two parts, each against a full scan in the
/// same run:
/// <list type="number">
/// <item>Engine: a 1,000,000-point layer (status of 4 values, an operator, a year) and first pages
/// of bbox, bbox + status, bbox + a filter the index cannot answer, and a sorted page, through
/// <see cref="LayerQuery.Execute"/>; the baseline visits every candidate of the box in id order,
/// testing each, as pages were counted before (same counts asserted).</item>
/// <item>HTTP: the Release handler on the shipped layers under wrk: schools items with
/// <c>limit=10</c> with and without the Kenya bbox (goal: within 2×).</item>
/// </list>
/// </summary>
internal static class FilterBench
{
    private static readonly string[] Statuses = ["operational", "planned", "under-construction", "unknown"];

    public static async Task<int> RunAsync(int points, int repeats, int wrkSeconds)
    {
        int failures = Engine(points, repeats);
        failures += await HttpAsync(wrkSeconds);
        failures += await LayerFileOverHttpAsync(points);
        return failures == 0 ? 0 : 1;
    }

    private static int Engine(int count, int repeats)
    {
        var clock = Stopwatch.StartNew();
        var layer = SyntheticLayer(count);
        Console.WriteLine($"engine: {count:N0} points built in {clock.Elapsed.TotalSeconds:F1} s; cores {Environment.ProcessorCount}");
        var kenya = new BoundingBox(33.9, -4.7, 41.9, 5.0);
        var scenarios = new (string Label, FeatureQuery Query)[]
        {
            ("bbox", new() { Bbox = kenya, Limit = 10 }),
            ("bbox + status = 'operational'", new() { Bbox = kenya, Filter = CqlTextParser.Parse("status = 'operational'"), Limit = 10 }),
            ("S_INTERSECTS(polygon) + status", new() { Filter = CqlTextParser.Parse("S_INTERSECTS(geometry, POLYGON((30 -10, 45 -10, 45 10, 30 -10))) AND status = 'planned'"), Limit = 10 }),
            ("bbox + year > 2015 (not indexable)", new() { Bbox = kenya, Filter = CqlTextParser.Parse("year > 2015"), Limit = 10 }),
            ("bbox + status, sortby -year", new() { Bbox = kenya, Filter = CqlTextParser.Parse("status = 'operational'"), SortBy = SortField.Parse("-year", layer.Metadata), Limit = 10 }),
        };
        int failures = 0;
        foreach (var (label, query) in scenarios)
        {
            var page = LayerQuery.Execute(layer, query); // warm-up: index, counters, sort order
            double planned = Time(repeats, () => LayerQuery.Execute(layer, query).NumberMatched);
            int scanned = 0;
            double scan = Time(Math.Max(1, repeats / 10), () => scanned = FullScan(layer, query));
            bool same = scanned == page.NumberMatched;
            failures += same ? 0 : 1;
            Console.WriteLine($"  {label,-38} matched {page.NumberMatched,9:N0}: planner {planned,8:F3} ms, full scan {scan,8:F2} ms, ratio {scan / planned,7:F1}x{(same ? "" : $"  MISMATCH: scan counted {scanned:N0}")}");
        }
        return failures;
    }

    /// <summary>
    /// How pages were answered before: every candidate of the region visited and tested in id order
    /// (count and page together). For the sorted scenario this is generous to the baseline, which
    /// would also have to sort every match.
    /// </summary>
    private static int FullScan(Layer layer, FeatureQuery query)
    {
        var filter = FeatureFilter.For(layer, query);
        var page = new List<LayerFeature>(query.Limit);
        int matched = 0;
        foreach (var feature in LayerQuery.Matching(layer, filter))
        {
            matched++;
            if (page.Count < query.Limit)
                page.Add(feature);
        }
        return matched;
    }

    private static double Time(int repeats, Func<int> run)
    {
        var clock = Stopwatch.StartNew();
        int sink = 0;
        for (int i = 0; i < repeats; i++)
            sink ^= run();
        GC.KeepAlive(sink);
        return clock.Elapsed.TotalMilliseconds / repeats;
    }

    private static Layer SyntheticLayer(int count)
    {
        // Written as the import writes a layer (queryables derived from the features), then opened.
        string directory = Directory.CreateTempSubdirectory("maps-filter-bench-").FullName;
        LayerFileWriter.Write(directory, Metadata([]), SyntheticPoints(count));
        return Layer.Open(LayerFileWriter.PathOf(directory, "bench-points"));
    }

    private static CollectionMetadata Metadata(IReadOnlyList<QueryableProperty> queryables) => new()
    {
        Id = "bench-points", Title = "bench", Description = "Generated points", License = "CC0-1.0", Attribution = "Maps bench", Source = "generated",
        GeometryType = "Point", Queryables = queryables,
    };

    /// <summary>Half over East Africa, half anywhere in Africa (a Kenya box holds a realistic share), with a status of 4 values, an operator and a year.</summary>
    private static IEnumerable<OutputFeature> SyntheticPoints(int count)
    {
        var random = new Random(13);
        var factory = GeoJsonOptions.Factory;
        for (int i = 0; i < count; i++)
        {
            double lon = i % 2 == 0 ? 29 + random.NextDouble() * 15 : -18 + random.NextDouble() * 70;
            double lat = i % 2 == 0 ? -6 + random.NextDouble() * 12 : -35 + random.NextDouble() * 72;
            var properties = new Props
            {
                ["status"] = Statuses[random.Next(Statuses.Length)],
                ["operator"] = "op-" + random.Next(50).ToString(CultureInfo.InvariantCulture),
                ["year"] = 1990 + random.Next(35),
            };
            yield return new OutputFeature($"p{i:D7}", factory.CreatePoint(new Coordinate(Math.Round(lon, 5), Math.Round(lat, 5))), properties);
        }
    }

    /// <summary>
    /// The same points written as a layer file (as the import or a publish leaves them) and served
    /// by the Release handler: the first page of bbox + status over HTTP, median and worst of 50
    /// sequential requests on one connection, after a warm-up.
    /// </summary>
    private static async Task<int> LayerFileOverHttpAsync(int count)
    {
        string root = HttpNearestBench.FindRepoRoot();
        string dll = Path.Combine(root, "functions/Maps.Functions/bin/Release/net10.0/Maps.Functions.dll");
        if (!File.Exists(dll))
            return 0;
        string directory = Directory.CreateTempSubdirectory("maps-filter-bench-").FullName;
        try
        {
            LayerFileWriter.Write(directory, Metadata([]), SyntheticPoints(count));
            int port = HttpNearestBench.FreePort();
            using var handler = StartHandler(dll, directory, port);
            try
            {
                using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromMinutes(5) };
                await HttpNearestBench.WaitReadyAsync(client);
                string url = "/api/collections/bench-points/items?limit=10&bbox=33.9,-4.7,41.9,5.0&filter=" + Uri.EscapeDataString("status = 'operational'");
                var first = Stopwatch.StartNew();
                string body = await client.GetStringAsync(url); // builds the index and the counter
                Console.WriteLine($"layer file over HTTP: {count:N0} points; first request (index + counter built) {first.Elapsed.TotalMilliseconds:F0} ms; numberMatched {JsonDocument.Parse(body).RootElement.GetProperty("numberMatched").GetInt32():N0}");
                var times = new List<double>();
                for (int i = 0; i < 50; i++)
                {
                    var clock = Stopwatch.StartNew();
                    (await client.GetAsync(url)).EnsureSuccessStatusCode();
                    times.Add(clock.Elapsed.TotalMilliseconds);
                }
                times.Sort();
                Console.WriteLine($"layer file over HTTP: bbox + status first page median {times[25]:F2} ms, worst {times[^1]:F2} ms (goal <= 20 ms)");
                return 0;
            }
            finally
            {
                handler.Kill(entireProcessTree: true);
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task<int> HttpAsync(int seconds)
    {
        string root = HttpNearestBench.FindRepoRoot();
        string dll = Path.Combine(root, "functions/Maps.Functions/bin/Release/net10.0/Maps.Functions.dll");
        if (!File.Exists(dll) || !File.Exists("/usr/bin/wrk"))
        {
            Console.WriteLine($"http: skipped (needs {dll}: dotnet build -c Release functions/Maps.Functions, and wrk: apt-get install wrk)");
            return 0;
        }
        int port = HttpNearestBench.FreePort();
        using var handler = StartHandler(dll, Path.Combine(root, "data/layers"), port);
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            await HttpNearestBench.WaitReadyAsync(client);
            string baseUrl = $"http://127.0.0.1:{port}/api/collections/schools/items?limit=10";
            string[] urls = [baseUrl, baseUrl + "&bbox=33.9,-4.7,41.9,5.0", baseUrl + "&bbox=33.9,-4.7,41.9,5.0&filter=" + Uri.EscapeDataString("level = 'Primary'")];
            foreach (string url in urls)
                await WrkAsync(url, 3); // warm-up: JIT tiers, index, counters; measured runs then compare like with like
            var rates = new List<double>();
            foreach (string url in urls)
            {
                double rate = await WrkAsync(url, seconds);
                rates.Add(rate);
                Console.WriteLine($"http: {rate,9:N0} req/s  {url[(url.IndexOf("/api", StringComparison.Ordinal))..]}");
            }
            Console.WriteLine($"http: no bbox / Kenya bbox = {rates[0] / rates[1]:F2}x (goal: within 2x)");
            return 0;
        }
        finally
        {
            handler.Kill(entireProcessTree: true);
        }
    }

    /// <summary>The Release handler on its own port over a layer directory, its output drained.</summary>
    private static Process StartHandler(string dll, string dataDirectory, int port)
    {
        var start = new ProcessStartInfo("dotnet", [dll, "--urls", $"http://127.0.0.1:{port}"]) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["Maps__DataDirectory"] = dataDirectory;
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        var handler = Process.Start(start)!;
        handler.OutputDataReceived += (_, _) => { };
        handler.ErrorDataReceived += (_, _) => { };
        handler.BeginOutputReadLine();
        handler.BeginErrorReadLine();
        return handler;
    }

    private static async Task<double> WrkAsync(string url, int seconds)
    {
        var wrk = Process.Start(new ProcessStartInfo("wrk", ["-t2", "-c8", $"-d{seconds}s", url]) { RedirectStandardOutput = true, UseShellExecute = false })!;
        string output = await wrk.StandardOutput.ReadToEndAsync();
        await wrk.WaitForExitAsync();
        var line = output.Split('\n').FirstOrDefault(l => l.StartsWith("Requests/sec:", StringComparison.Ordinal));
        return line is null ? 0 : double.Parse(line["Requests/sec:".Length..].Trim(), CultureInfo.InvariantCulture);
    }
}
