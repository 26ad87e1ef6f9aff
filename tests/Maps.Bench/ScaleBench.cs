using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Maps.Storage.Tests.Support;

namespace Maps.Bench;

/// <summary>
/// Layers at Giga's scale, through the real handler process, against the GeoJSON path in the same
/// run (the handler built from <see cref="BaselineCommit"/>, the last commit that served layers as
/// GeoJSON, in a git worktree under the work folder). For each size (schools alone; the largest
/// schools set with the population points):
/// <list type="bullet">
/// <item>publish: the schools (and population) as a gzip CSV into the local store and into Azure
/// Storage (an Azurite persisted to disk), time and peak memory; the baseline gets the plain CSV,
/// as it took no compressed body, and answers 413 beyond its 100 MB limit;</item>
/// <item>bytes per feature of the stored layer against the GeoJSON layer file;</item>
/// <item>cold start: process start to the first 200 on <c>/api/collections</c>, to the first bbox page
/// (Kenya) of the schools, resident memory then and after a 100,000-row profile; from the shipped
/// folder (layer files, or the baseline's GeoJSON) and from Azure Storage (a fresh cache).</item>
/// </list>
/// </summary>
public static class ScaleBench
{
    public const string BaselineCommit = "f6f4622";
    private const string KenyaBbox = "33.9,-4.7,41.9,5.0";
    private const long BaselineBodyLimit = 100L * 1024 * 1024;
    private static readonly TimeSpan ReadyWithin = TimeSpan.FromMinutes(20);

    private sealed record Figure(string Name, string Baseline, string Now, string Ratio);

    public static async Task<int> RunAsync(int[] schoolSizes, int population, string? work, bool withBaseline)
    {
        string root = HttpNearestBench.FindRepoRoot();
        string dll = Path.Combine(root, "functions/Maps.Functions/bin/Release/net10.0/Maps.Functions.dll");
        if (!File.Exists(dll))
        {
            Console.Error.WriteLine($"Build the handler first: dotnet build -c Release functions/Maps.Functions ({dll} is missing)");
            return 2;
        }
        work ??= Path.Combine(Path.GetTempPath(), "maps-scale-bench");
        Directory.CreateDirectory(work);
        var baseline = withBaseline ? await BuildBaselineAsync(root, work) : default;
        string? baselineDll = baseline.Dll;
        var data = ScaleData.FromShipped(Path.Combine(root, "data/layers"));
        string profileRows = WriteProfileRows(Path.Combine(work, "profile-100k.csv"), 100_000);
        await using var azurite = await Azurite.StartAsync(Path.Combine(work, "azurite-" + Guid.NewGuid().ToString("N")[..8]), allServices: true);
        Console.WriteLine($"cores {Environment.ProcessorCount}, work {work}, baseline {(baselineDll is null ? "none" : BaselineCommit)}");

        foreach (int schools in schoolSizes)
        {
            int people = schools == schoolSizes.Max() ? population : 0;
            string label = people > 0 ? $"{schools:N0} schools + {people:N0} population points" : $"{schools:N0} schools";
            Console.WriteLine($"\n=== {label}");
            var figures = await RunSizeAsync(root, work, dll, baseline.Tree, baselineDll, data, schools, people, profileRows, azurite);
            Console.WriteLine($"\n| {label} | GeoJSON path ({BaselineCommit}) | layer files | ratio |");
            Console.WriteLine("|---|---|---|---|");
            foreach (var f in figures)
                Console.WriteLine($"| {f.Name} | {f.Baseline} | {f.Now} | {f.Ratio} |");
        }
        return 0;
    }

    private static async Task<List<Figure>> RunSizeAsync(string root, string work, string dll, string? baselineTree, string? baselineDll, ScaleData data, int schools, int people,
        string profileRows, Azurite azurite)
    {
        string folder = Path.Combine(work, $"size-{schools}-{people}");
        Directory.CreateDirectory(folder);
        var watch = Stopwatch.StartNew();
        string schoolsCsv = Path.Combine(folder, "giga-schools.csv.gz");
        string peopleCsv = Path.Combine(folder, "population.csv.gz");
        data.WriteSchoolsCsv(schoolsCsv, schools);
        if (people > 0)
            data.WritePopulationCsv(peopleCsv, people);
        Console.WriteLine($"generated the CSVs in {watch.Elapsed.TotalSeconds:F0} s: schools {Mb(schoolsCsv)} gzip, {Mb(DecodedLength(schoolsCsv))} plain"
            + (people > 0 ? $"; population {Mb(peopleCsv)} gzip" : ""));
        var uploads = new List<(string Id, string Csv, int Count)> { ("giga-schools", schoolsCsv, schools) };
        if (people > 0)
            uploads.Add(("population", peopleCsv, people));

        var figures = new List<Figure>();
        var now = new Dictionary<string, double>();
        var then = new Dictionary<string, double>();
        var refusals = new Dictionary<string, string>();

        // Now, local store: publish, then serve the stored files as the shipped folder.
        string layers = Path.Combine(folder, "layers");
        Directory.CreateDirectory(layers);
        foreach (var shipped in Directory.GetFiles(Path.Combine(root, "data/layers"), "*.fgb"))
            File.Copy(shipped, Path.Combine(layers, Path.GetFileName(shipped)), overwrite: true);
        string store = Path.Combine(folder, "local-store-" + Guid.NewGuid().ToString("N")[..8]);
        using (var handler = await ScaleHandler.StartAsync(dll, new Dictionary<string, string> { ["Maps__LocalStore__Directory"] = store }, ReadyWithin))
        {
            foreach (var (id, csv, count) in uploads)
            {
                var (seconds, version, status) = await PublishAsync(handler, id, csv, gzip: true);
                now[$"publish {id} local s"] = seconds;
                now[$"publish {id} local peak MB"] = handler.PeakMb;
                string file = Path.Combine(store, "versions", id, version!, "layer.fgb");
                File.Copy(file, Path.Combine(layers, id + ".fgb"), overwrite: true);
                now[$"{id} bytes per feature"] = new FileInfo(file).Length / (double)count;
                Console.WriteLine($"now: published {id} ({count:N0}) to the local store in {seconds:F1} s ({status}), peak {handler.PeakMb:F0} MB, {new FileInfo(file).Length / (double)count:F0} B/feature");
            }
        }
        await ColdAsync(dll, new Dictionary<string, string> { ["Maps__DataDirectory"] = layers, ["Maps__LocalStore__Directory"] = Path.Combine(folder, "empty-" + Guid.NewGuid().ToString("N")[..8]) },
            profileRows, now, "local", "now");

        // Now, Azure Storage: publish, then a new instance with an empty cache.
        string prefix = "s" + Guid.NewGuid().ToString("N")[..8];
        Dictionary<string, string> Azure(string cache) => new()
        {
            ["Maps__TableStorage__ConnectionString"] = azurite.ConnectionString,
            ["Maps__TableStorage__TablePrefix"] = prefix,
            ["Maps__TableStorage__CacheDirectory"] = cache,
        };
        using (var handler = await ScaleHandler.StartAsync(dll, Azure(Path.Combine(folder, "cache-publish-" + prefix)), ReadyWithin))
        {
            foreach (var (id, csv, count) in uploads)
            {
                var (seconds, _, status) = await PublishAsync(handler, id, csv, gzip: true);
                now[$"publish {id} azure s"] = seconds;
                Console.WriteLine($"now: published {id} ({count:N0}) to Azure Storage in {seconds:F1} s ({status}), peak {handler.PeakMb:F0} MB");
            }
        }
        await ColdAsync(dll, Azure(Path.Combine(folder, "cache-cold-" + prefix)), profileRows, now, "azure", "now");

        if (baselineDll is not null)
            await BaselineAsync(baselineTree!, baselineDll, data, folder, schools, people, uploads, profileRows, azurite, then, refusals);

        string Seconds(string key, Dictionary<string, double> from) => from.TryGetValue(key, out double v) ? (double.IsNaN(v) ? refusals.GetValueOrDefault(key, "failed") : $"{v:F1} s") : "–";
        string Ms(string key, Dictionary<string, double> from) => from.TryGetValue(key, out double v) ? $"{v:N0} ms" : "–";
        string MbText(string key, Dictionary<string, double> from) => from.TryGetValue(key, out double v) ? $"{v:N0} MB" : "–";
        string Bytes(string key, Dictionary<string, double> from) => from.TryGetValue(key, out double v) ? $"{v:N0} B" : "–";
        string Ratio(string key) => then.TryGetValue(key, out double a) && now.TryGetValue(key, out double b) && double.IsFinite(a) && b > 0 ? $"{a / b:F1}×" : "–";
        void Add(string name, string key, Func<string, Dictionary<string, double>, string> format) => figures.Add(new Figure(name, format(key, then), format(key, now), Ratio(key)));

        foreach (var (id, _, _) in uploads)
        {
            Add($"{id}: bytes per feature stored (GeoJSON file / layer file)", $"{id} bytes per feature", Bytes);
            Add($"{id}: publish, local store", $"publish {id} local s", Seconds);
            Add($"{id}: publish, local store, peak memory", $"publish {id} local peak MB", MbText);
            Add($"{id}: publish, Azure Storage", $"publish {id} azure s", Seconds);
        }
        foreach (var kind in new[] { "local", "azure" })
        {
            string where = kind == "local" ? "shipped folder" : "Azure Storage, empty cache";
            Add($"cold start ({where}): first 200 on /api/collections", $"{kind} ready ms", Ms);
            Add($"cold start ({where}): resident then", $"{kind} ready MB", MbText);
            Add($"cold start ({where}): first Kenya bbox page of the schools", $"{kind} first page ms", Ms);
            Add($"cold start ({where}): resident after it", $"{kind} first page MB", MbText);
            Add($"100,000-row profile ({where})", $"{kind} profile s", Seconds);
            Add($"resident after the profile ({where})", $"{kind} profile MB", MbText);
            Add($"peak resident ({where})", $"{kind} peak MB", MbText);
        }
        return figures;
    }

    /// <summary>A new process: first 200, first bbox page of the schools, a 100k-row profile; times from its start, and memory.</summary>
    private static async Task ColdAsync(string dll, Dictionary<string, string> settings, string profileRows, Dictionary<string, double> into, string store, string who)
    {
        using var handler = await ScaleHandler.StartAsync(dll, settings, ReadyWithin);
        into[$"{store} ready ms"] = handler.ReadyMs;
        into[$"{store} ready MB"] = handler.ReadyRssMb;
        using (var page = await handler.Client.GetAsync($"/api/collections/giga-schools/items?limit=10&bbox={KenyaBbox}"))
        {
            await page.Content.ReadAsByteArrayAsync();
            into[$"{store} first page ms"] = handler.SinceStartMs;
            into[$"{store} first page MB"] = handler.RssMb;
            if (page.StatusCode != HttpStatusCode.OK)
                Console.WriteLine($"{who}: the first page answered {(int)page.StatusCode}");
        }
        var watch = Stopwatch.StartNew();
        using var content = new StreamContent(File.OpenRead(profileRows));
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        using (var profile = await handler.Client.PostAsync("/api/analysis/profile", content))
        {
            long bytes = (await profile.Content.ReadAsByteArrayAsync()).LongLength;
            into[$"{store} profile s"] = watch.Elapsed.TotalSeconds;
            if (profile.StatusCode != HttpStatusCode.OK)
                Console.WriteLine($"{who}: the profile answered {(int)profile.StatusCode} ({bytes} bytes)");
        }
        into[$"{store} profile MB"] = handler.RssMb;
        into[$"{store} peak MB"] = handler.PeakMb;
        Console.WriteLine($"{who} ({store}): ready {handler.ReadyMs:N0} ms ({handler.ReadyRssMb:N0} MB), first page at {into[$"{store} first page ms"]:N0} ms ({into[$"{store} first page MB"]:N0} MB), "
            + $"profile {into[$"{store} profile s"]:F1} s, then {into[$"{store} profile MB"]:N0} MB, peak {into[$"{store} peak MB"]:N0} MB");
    }

    /// <summary>The GeoJSON path: the same data published (plain CSV, within its 100 MB limit) and served from GeoJSON layer files.</summary>
    private static async Task BaselineAsync(string tree, string dll, ScaleData data, string folder, int schools, int people,
        List<(string Id, string Csv, int Count)> uploads, string profileRows, Azurite azurite, Dictionary<string, double> then, Dictionary<string, string> refusals)
    {
        string layers = Path.Combine(folder, "geojson-layers");
        Directory.CreateDirectory(layers);
        string shipped = Path.Combine(tree, "data", "layers");
        foreach (var file in Directory.GetFiles(shipped))
            File.Copy(file, Path.Combine(layers, Path.GetFileName(file)), overwrite: true);
        data.WriteSchoolsGeoJson(Path.Combine(layers, "giga-schools.geojson"), schools);
        then["giga-schools bytes per feature"] = new FileInfo(Path.Combine(layers, "giga-schools.geojson")).Length / (double)schools;
        if (people > 0)
        {
            data.WritePopulationGeoJson(Path.Combine(layers, "population.geojson"), people);
            then["population bytes per feature"] = new FileInfo(Path.Combine(layers, "population.geojson")).Length / (double)people;
        }

        string store = Path.Combine(folder, "baseline-store-" + Guid.NewGuid().ToString("N")[..8]);
        using (var handler = await ScaleHandler.StartAsync(dll, new Dictionary<string, string> { ["Maps__LocalStore__Directory"] = store }, ReadyWithin))
        {
            foreach (var (id, csv, count) in uploads)
            {
                var (seconds, _, status) = await PublishAsync(handler, id, csv, gzip: false);
                then[$"publish {id} local s"] = status == HttpStatusCode.Created ? seconds : double.NaN;
                refusals[$"publish {id} local s"] = $"refused ({(int)status})";
                if (status == HttpStatusCode.Created)
                    then[$"publish {id} local peak MB"] = handler.PeakMb;
                Console.WriteLine($"baseline: publish {id} ({count:N0}) to the local store: {(int)status} in {seconds:F1} s, peak {handler.PeakMb:F0} MB");
            }
        }
        await ColdAsync(dll, new Dictionary<string, string> { ["Maps__DataDirectory"] = layers, ["Maps__LocalStore__Directory"] = Path.Combine(folder, "empty-" + Guid.NewGuid().ToString("N")[..8]) },
            profileRows, then, "local", "baseline");

        string prefix = "b" + Guid.NewGuid().ToString("N")[..8];
        var azure = new Dictionary<string, string>
        {
            ["Maps__TableStorage__ConnectionString"] = azurite.ConnectionString,
            ["Maps__TableStorage__TablePrefix"] = prefix,
            // The baseline served its shipped layers only without a store; give it none, as it was deployed.
            ["Maps__DataDirectory"] = Path.Combine(folder, "no-shipped-layers"),
        };
        Directory.CreateDirectory(azure["Maps__DataDirectory"]);
        bool published = true;
        using (var handler = await ScaleHandler.StartAsync(dll, azure, ReadyWithin))
        {
            foreach (var (id, csv, count) in uploads)
            {
                var (seconds, _, status) = await PublishAsync(handler, id, csv, gzip: false);
                then[$"publish {id} azure s"] = status == HttpStatusCode.Created ? seconds : double.NaN;
                refusals[$"publish {id} azure s"] = $"refused ({(int)status})";
                published &= status == HttpStatusCode.Created;
                Console.WriteLine($"baseline: publish {id} ({count:N0}) to Table Storage: {(int)status} in {seconds:F1} s");
            }
        }
        if (published)
            await ColdAsync(dll, azure, profileRows, then, "azure", "baseline");
    }

    /// <summary>POSTs a gzip CSV (as it is, with Content-Encoding: gzip, or decoded) to the manage API: seconds, the version, the status.</summary>
    private static async Task<(double Seconds, string? Version, HttpStatusCode Status)> PublishAsync(ScaleHandler handler, string id, string csvGz, bool gzip)
    {
        if (!gzip && DecodedLength(csvGz) > BaselineBodyLimit)
            return (0, null, HttpStatusCode.RequestEntityTooLarge); // its 100 MB limit: refused before the upload is read (the issue measured 413)
        Stream body = gzip ? File.OpenRead(csvGz) : new GZipStream(File.OpenRead(csvGz), CompressionMode.Decompress);
        using var content = new StreamContent(body, 1 << 16);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        if (gzip)
            content.Headers.ContentEncoding.Add("gzip");
        var watch = Stopwatch.StartNew();
        // Metadata as for a new collection: the baseline's store did not take the shipped layers as its baseline.
        using var response = await handler.Client.PostAsync(
            $"/api/manage/collections/{id}/versions?title={id}%20(scale%20bench)&license=CC-BY-4.0&attribution=Maps%20scale%20bench&source=generated%20from%20the%20shipped%20layers", content);
        string text = await response.Content.ReadAsStringAsync();
        double seconds = watch.Elapsed.TotalSeconds;
        if (response.StatusCode != HttpStatusCode.Created)
        {
            Console.WriteLine($"  publish {id}: {(int)response.StatusCode} {text[..Math.Min(300, text.Length)]}");
            return (seconds, null, response.StatusCode);
        }
        using var report = JsonDocument.Parse(text);
        return (seconds, report.RootElement.GetProperty("version").GetString(), response.StatusCode);
    }

    /// <summary>The handler of <see cref="BaselineCommit"/>, built once in a git worktree under the work folder.</summary>
    private static async Task<(string? Tree, string? Dll)> BuildBaselineAsync(string root, string work)
    {
        string tree = Path.Combine(work, "baseline-" + BaselineCommit);
        string dll = Path.Combine(tree, "functions/Maps.Functions/bin/Release/net10.0/Maps.Functions.dll");
        if (File.Exists(dll))
            return (tree, dll);
        if (!Directory.Exists(tree))
            await RunAsync(root, "git", "worktree", "add", "--detach", tree, BaselineCommit);
        await RunAsync(tree, "dotnet", "build", "-c", "Release", "-nologo", "-v", "quiet", "functions/Maps.Functions");
        return (tree, dll);
    }

    private static async Task RunAsync(string directory, string command, params string[] arguments)
    {
        var start = new ProcessStartInfo(command, arguments) { WorkingDirectory = directory, UseShellExecute = false };
        using var process = Process.Start(start)!;
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{command} {string.Join(' ', arguments)} exited with {process.ExitCode}.");
    }

    /// <summary>Schools for the profile: points across Africa, with Giga's id column.</summary>
    private static string WriteProfileRows(string path, int rows)
    {
        var random = new Random(100);
        using var writer = new StreamWriter(path);
        writer.Write("giga_id_school,latitude,longitude\n");
        for (int i = 0; i < rows; i++)
            writer.Write(FormattableString.Invariant($"p{i},{Math.Round(random.NextDouble() * 50 - 30, 5)},{Math.Round(random.NextDouble() * 60 - 15, 5)}\n"));
        return path;
    }

    private static long DecodedLength(string gz)
    {
        using var stream = new GZipStream(File.OpenRead(gz), CompressionMode.Decompress);
        var buffer = new byte[1 << 16];
        long total = 0;
        int n;
        while ((n = stream.Read(buffer)) > 0)
            total += n;
        return total;
    }

    private static string Mb(string path) => Mb(new FileInfo(path).Length);

    private static string Mb(long bytes) => $"{bytes / 1048576.0:N0} MB";
}
