using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Azure.Storage.Blobs;
using Azure.Storage.Sas;
using Maps.Storage.Jobs;
using Maps.Storage.Tests.Support;

namespace Maps.Bench;

/// <summary>
/// The asynchronous path at scale: n generated points (default 10,000,000, over West Africa where the
/// shipped backbone is) uploaded as a blob to an Azurite on disk, given to POST
/// /api/processes/{nearest|profile}/execution by SAS URL with Prefer: respond-async, answered by one and then
/// two real Functions hosts (their queue triggers sharing the chunks), each run timed from the 201
/// to "successful". Reports per run: wall time and rows/s, the hosts' peak resident memory (host +
/// worker, sampled), chunks each host answered, bytes the job keeps in Blob Storage, and the time
/// to download the one result; then the ratio of two hosts over one, and of the job over the
/// synchronous analysis endpoint on the same host for the first million rows (the baseline).
/// </summary>
internal static class JobsBench
{
    public static async Task<int> RunAsync(int points, int[] instances, string process)
    {
        string root = HttpNearestBench.FindRepoRoot();
        string app = Path.Combine(root, "functions/Maps.Functions/bin/Release/net10.0");
        string runHost = Path.GetFullPath(Path.Combine(root, "..", "shared", "functions-host", "run-host.sh"));
        if (!File.Exists(Path.Combine(app, "functions.metadata")) || !File.Exists(runHost))
        {
            Console.Error.WriteLine($"Needs the Release build of functions/Maps.Functions ({app}) and the shared host ({runHost}).");
            return 2;
        }
        string location = Path.Combine(Path.GetTempPath(), "maps-bench-azurite-" + Guid.NewGuid().ToString("N"));
        await using var azurite = await Azurite.StartAsync(location, allServices: true);
        Console.WriteLine($"{points:N0} points, {Environment.ProcessorCount} cores, Azurite on disk at {location}");

        string csv = Path.Combine(Path.GetTempPath(), $"maps-bench-points-{points}.csv");
        WritePoints(csv, points);
        var inputs = new BlobContainerClient(azurite.ConnectionString, "bench-inputs");
        await inputs.CreateIfNotExistsAsync();
        var blob = inputs.GetBlobClient("points.csv");
        var clock = Stopwatch.StartNew();
        await blob.UploadAsync(csv, overwrite: true);
        Console.WriteLine($"input: {new FileInfo(csv).Length / 1e6:F0} MB CSV, uploaded in {clock.Elapsed.TotalSeconds:F1} s");
        string href = blob.GenerateSasUri(BlobSasPermissions.Read, DateTimeOffset.UtcNow.AddHours(2)).ToString();

        var results = new List<(int Instances, double Seconds)>();
        foreach (int count in instances)
        {
            var hosts = new List<HostProcess>();
            try
            {
                for (int i = 0; i < count; i++)
                    hosts.Add(await HostProcess.StartAsync(runHost, app, azurite.ConnectionString));
                double seconds = await RunJobAsync(hosts, href, points, azurite, process);
                results.Add((count, seconds));
                if (count == instances[0])
                    await BaselineAsync(hosts[0], csv, points, seconds, process);
            }
            finally
            {
                foreach (var host in hosts)
                    host.Dispose();
            }
        }
        var one = results.FirstOrDefault(r => r.Instances == 1);
        foreach (var (n, seconds) in results.Where(r => r.Instances > 1 && one.Seconds > 0))
            Console.WriteLine($"throughput with {n} hosts / with 1: {one.Seconds / seconds:F2}x ({Environment.ProcessorCount} cores shared by all of them)");
        File.Delete(csv);
        return 0;
    }

    private static async Task<double> RunJobAsync(List<HostProcess> hosts, string href, int points, Azurite azurite, string process)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromMinutes(30) };
        string api = hosts[0].ApiRoot;
        string document = JsonSerializer.Serialize(new { inputs = new { points = new { href, type = "text/csv" }, status = "operational" } });
        using var request = new HttpRequestMessage(HttpMethod.Post, api + $"/processes/{process}/execution") { Content = new StringContent(document, Encoding.UTF8, "application/json") };
        request.Headers.Add("Prefer", "respond-async");
        var peak = new long[hosts.Count];
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                for (int i = 0; i < hosts.Count; i++)
                    peak[i] = Math.Max(peak[i], hosts[i].ResidentBytes());
                await Task.Delay(100);
            }
        });
        var clock = Stopwatch.StartNew();
        using var created = await client.SendAsync(request);
        if (created.StatusCode != System.Net.HttpStatusCode.Created)
            throw new InvalidOperationException($"{(int)created.StatusCode}: {await created.Content.ReadAsStringAsync()}");
        var job = created.Headers.Location!;
        JsonElement status;
        while (true)
        {
            status = JsonDocument.Parse(await client.GetStringAsync(job)).RootElement.Clone();
            if (status.GetProperty("status").GetString() is "successful" or "failed")
                break;
            await Task.Delay(250);
        }
        double seconds = clock.Elapsed.TotalSeconds;
        sampling.Cancel();
        await sampler;
        if (status.GetProperty("status").GetString() != "successful")
            throw new InvalidOperationException("The job failed: " + status);

        var store = new AzureJobStore(new JobStorageOptions { ConnectionString = azurite.ConnectionString });
        var (files, bytes) = await store.MeasureFilesAsync(JobFiles.Prefix(job.Segments[^1]));
        clock.Restart();
        long rows = 0, resultBytes = 0;
        await using (var result = await client.GetStreamAsync(job + "/results"))
        {
            var buffer = new byte[1 << 20];
            int read;
            while ((read = await result.ReadAsync(buffer)) > 0)
            {
                resultBytes += read;
                rows += buffer.AsSpan(0, read).Count((byte)'\n');
            }
        }
        double download = clock.Elapsed.TotalSeconds;
        int chunks = status.GetProperty("chunks").GetInt32();
        Console.WriteLine($"{process}, {hosts.Count} host(s): {seconds:F1} s for {points:N0} points in {chunks} chunks -> {points / seconds:N0} rows/s");
        for (int i = 0; i < hosts.Count; i++)
            Console.WriteLine($"  host {i + 1}: peak resident {peak[i] / 1e6:F0} MB (host + worker), messages answered (the split and chunks) {hosts[i].ChunksAnswered}");
        Console.WriteLine($"  Blob Storage: {files:N0} blobs, {bytes / 1e6:F0} MB for the job (input chunks, answers, frames)");
        Console.WriteLine($"  result: {resultBytes / 1e6:F0} MB, {rows - 1:N0} rows, downloaded in {download:F1} s");
        if (rows - 1 != points)
            throw new InvalidOperationException($"The result has {rows - 1} rows, not {points}.");
        await client.DeleteAsync(job);
        return seconds;
    }

    /// <summary>The synchronous endpoint on the first million rows, on the same host: what one request does, for the ratio.</summary>
    private static async Task BaselineAsync(HostProcess host, string csv, int points, double jobSeconds, string process)
    {
        int rows = Math.Min(points, 1_000_000);
        var lines = File.ReadLines(csv).Take(rows + 1);
        byte[] body = Encoding.UTF8.GetBytes(string.Join("\n", lines) + "\n");
        using var client = new HttpClient { Timeout = TimeSpan.FromMinutes(10) };
        var clock = Stopwatch.StartNew();
        using var response = await client.PostAsync(host.ApiRoot + $"/analysis/{process}?status=operational", new ByteArrayContent(body) { Headers = { ContentType = new("text/csv") } });
        byte[] answer = await response.Content.ReadAsByteArrayAsync();
        double seconds = clock.Elapsed.TotalSeconds;
        double syncRate = rows / seconds, jobRate = points / jobSeconds;
        Console.WriteLine($"baseline: synchronous POST /api/analysis/{process}, {rows:N0} rows through the same host: {seconds:F1} s -> {syncRate:N0} rows/s ({answer.Length / 1e6:F0} MB); job / sync rate: {jobRate / syncRate:F2}x");
    }

    private static void WritePoints(string path, int points)
    {
        if (File.Exists(path))
            return;
        var random = new Random(10);
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 20);
        writer.Write("id,lat,lon\n");
        for (int i = 0; i < points; i++)
            writer.Write(string.Create(CultureInfo.InvariantCulture, $"s{i},{4 + random.NextDouble() * 16:F5},{-17 + random.NextDouble() * 32:F5}\n"));
    }

    /// <summary>One Functions host on a free port with its worker, counting the chunks its log says it answered.</summary>
    private sealed class HostProcess : IDisposable
    {
        private readonly Process _process;
        private readonly string _secrets;
        private int _chunks;

        private HostProcess(Process process, string secrets, int port)
        {
            _process = process;
            _secrets = secrets;
            ApiRoot = $"http://127.0.0.1:{port}/api";
        }

        public string ApiRoot { get; }

        public int ChunksAnswered => _chunks;

        public static async Task<HostProcess> StartAsync(string runHost, string app, string storage)
        {
            int port = HttpNearestBench.FreePort();
            string secrets = Directory.CreateTempSubdirectory("maps-bench-secrets-").FullName;
            var start = new ProcessStartInfo(runHost, [app, "dotnet-isolated", port.ToString(CultureInfo.InvariantCulture)])
            {
                UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = app,
            };
            start.Environment["FUNCTIONS_HOST_DIR"] = Path.Combine(HttpNearestBench.FindRepoRoot(), ".tools", "functions-host");
            start.Environment["FUNCTIONS_SECRETS_PATH"] = secrets;
            start.Environment["AzureWebJobsStorage"] = storage;
            start.Environment["AzureWebJobsDisableHomepage"] = "true";
            start.Environment["Maps__Jobs__AllowPrivateHrefs"] = "true";
            start.Environment["AzureFunctionsJobHost__logging__logLevel__Function"] = "Information";
            var process = Process.Start(start)!;
            var host = new HostProcess(process, secrets, port);
            process.OutputDataReceived += (_, e) =>
            {
                if (e.Data?.Contains("Executed 'Functions.RunJobWork' (Succeeded", StringComparison.Ordinal) == true)
                    Interlocked.Increment(ref host._chunks);
            };
            process.ErrorDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            await HttpNearestBench.WaitReadyAsync(client);
            return host;
        }

        /// <summary>Host and worker together (the worker is the host's child).</summary>
        public long ResidentBytes() => Maps.EndToEnd.Tests.Support.ProcFs.Tree(_process.Id).Sum(Maps.EndToEnd.Tests.Support.ProcFs.ResidentBytes);

        public void Dispose()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }
            _process.Dispose();
            Directory.Delete(_secrets, recursive: true);
        }
    }
}
