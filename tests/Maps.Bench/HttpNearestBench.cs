using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Maps.Bench;

/// <summary>
/// POST /api/analysis/nearest (and, for <c>http-profile</c>, /api/analysis/profile) over real HTTP:
/// starts the built handler (Maps.Functions.dll) as its own process on a free port over
/// data/layers, posts generated school rows as a chunked CSV body (generated in memory before the clock starts), reads
/// the streamed CSV answer and counts its rows. Reports rows/s for 100k rows and for the full run,
/// the handler's peak resident memory (VmHWM) after each (flat memory = similar), the handler's
/// own split of each request (spool, first pass, read+parse, answer, format, send; logged by
/// <c>BatchTimings</c>), and a baseline in the same run: GET nearest one point at a time over
/// keep-alive for a sample, with the ratio. The full run is posted twice: the first time just after
/// a short warm-up, when the instance's hot code is still being recompiled optimised (the split's
/// JIT figures say how much), and again, warm, as an instance that has served batches answers.
/// </summary>
internal static class HttpNearestBench
{
    public static async Task<int> RunAsync(string? dataDirectory, int rows, int sample)
    {
        var run = await RunScenarioAsync(dataDirectory, "/api/analysis/nearest?status=operational", "POST nearest", rows, sample);
        return run.Code;
    }

    /// <summary>
    /// The profile against POST nearest on the same rows, each in a fresh handler so that each peak
    /// is its own, then per-point brute force of the profile (every primitive and every row
    /// measured) on a sample, in this process, as the baseline.
    /// </summary>
    public static async Task<int> RunProfileAsync(string? dataDirectory, int rows, int sample)
    {
        var nearest = await RunScenarioAsync(dataDirectory, "/api/analysis/nearest?status=operational", "POST nearest", rows, 0);
        var profile = await RunScenarioAsync(dataDirectory, "/api/analysis/profile?radii=1,2,3,10", "POST profile", rows, 0);
        Console.WriteLine($"profile / nearest on {rows:N0} rows: {nearest.FirstRate / profile.FirstRate:F2}x the time the first time, {nearest.WarmRate / profile.WarmRate:F2}x warm (goal: within 3x)");
        await PrintRequestSchoolBytesAsync(rows);
        double bruteRate = ProfileBruteForce.PointsPerSecond(dataDirectory ?? Path.Combine(FindRepoRoot(), "data/layers"), rows, Math.Min(sample, 200), Point);
        Console.WriteLine($"brute-force profile per point (all cores, {rows:N0} request schools): {bruteRate:N1} points/s; ratio profile over HTTP (warm) / brute force: {profile.WarmRate / bruteRate:N0}x");
        return nearest.Code | profile.Code;
    }

    /// <summary>
    /// What the profile holds per school of the request to count schools_within: while reading (positions
    /// and id hashes) and once its index is built (the index alone), measured in this process on
    /// schools-like rows with ids, the way the endpoint reads them.
    /// </summary>
    private static async Task PrintRequestSchoolBytesAsync(int rows)
    {
        var random = new Random(5);
        var csv = new StringBuilder("giga_id_school,lat,lon\n", rows * 40);
        for (int i = 0; i < rows; i++)
        {
            var (lon, lat) = Point(random);
            csv.Append(System.Globalization.CultureInfo.InvariantCulture, $"school-{i:D8},{lat:F5},{lon:F5}\n");
        }
        byte[] body = Encoding.UTF8.GetBytes(csv.ToString());
        csv.Clear();
        long before = GC.GetTotalMemory(forceFullCollection: true);
        var watch = Stopwatch.StartNew();
        var schools = await Maps.Analysis.Profile.RequestSchools.ReadCsvAsync(new MemoryStream(body), null, null, null, long.MaxValue, CancellationToken.None);
        double readMs = watch.Elapsed.TotalMilliseconds;
        long read = GC.GetTotalMemory(forceFullCollection: true);
        watch.Restart();
        var index = schools.BuildIndex(CancellationToken.None);
        double buildMs = watch.Elapsed.TotalMilliseconds;
        long both = GC.GetTotalMemory(forceFullCollection: true);
        int count = schools.Count;
        schools = null;
        long indexOnly = GC.GetTotalMemory(forceFullCollection: true);
        GC.KeepAlive(index);
        GC.KeepAlive(body);
        Console.WriteLine($"request school index, {count:N0} schools: read {(read - before) / (double)count:F1} B/school (positions, ids counted once), "
            + $"while the index is built {(both - before) / (double)count:F1} B/school, then the index alone {(indexOnly - before) / (double)count:F1} B/school; "
            + $"first pass here: read {readMs:F0} ms, index {buildMs:F0} ms");
    }

    private static async Task<(int Code, double FirstRate, double WarmRate)> RunScenarioAsync(string? dataDirectory, string query, string label, int rows, int sample)
    {
        string root = FindRepoRoot();
        string dll = Path.Combine(root, "functions/Maps.Functions/bin/Release/net10.0/Maps.Functions.dll");
        if (!File.Exists(dll))
        {
            Console.Error.WriteLine($"Build the handler first: dotnet build -c Release functions/Maps.Functions ({dll} is missing)");
            return (2, 0, 0);
        }
        string data = dataDirectory ?? Path.Combine(root, "data/layers");
        int port = FreePort();
        var start = new ProcessStartInfo("dotnet", [dll, "--urls", $"http://127.0.0.1:{port}"]) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["Maps__DataDirectory"] = data;
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["Logging__LogLevel__" + "Maps.Functions.Analysis.BatchTimings"] = "Information";
        using var handler = Process.Start(start)!;
        var splits = new System.Collections.Concurrent.ConcurrentQueue<string>();
        handler.OutputDataReceived += (_, e) => { if (e.Data is string line && line.Contains(" rows in ", StringComparison.Ordinal)) splits.Enqueue(line.Trim()); };
        handler.ErrorDataReceived += (_, _) => { };
        handler.BeginOutputReadLine();
        handler.BeginErrorReadLine();
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromMinutes(10) };
            await WaitReadyAsync(client);
            Console.WriteLine($"{label}: handler pid {handler.Id} on port {port}, data {data}, cores {Environment.ProcessorCount}");

            await PostAsync(client, query, 20_000, seed: 1); // warm-up: JIT, index build
            Console.WriteLine($"after warm-up (20k rows): VmHWM {PeakMb(handler.Id):F0} MB");
            await Task.Delay(200);
            splits.Clear();

            int small = Math.Min(100_000, rows);
            var (smallRows, smallSeconds) = await PostAsync(client, query, small, seed: 2);
            double smallPeak = PeakMb(handler.Id);
            Console.WriteLine($"{label} CSV {small:N0} rows: {smallSeconds:F2} s -> {smallRows / smallSeconds:N0} rows/s; VmHWM {smallPeak:F0} MB");
            await PrintSplitAsync(splits);

            var rates = new double[2];
            long bigRows = 0;
            for (int run = 0; run < rates.Length; run++)
            {
                var (answered, seconds) = await PostAsync(client, query, rows, seed: 3);
                bigRows = answered;
                rates[run] = answered / seconds;
                Console.WriteLine($"{label} CSV {rows:N0} rows, {(run == 0 ? "first time" : "again (warm)")}: {seconds:F2} s -> {answered / seconds:N0} rows/s; VmHWM {PeakMb(handler.Id):F0} MB");
                await PrintSplitAsync(splits);
                if (answered != rows)
                    Console.WriteLine($"  answer had {answered:N0} rows, expected {rows:N0}");
            }
            if (sample == 0)
                return (bigRows == rows ? 0 : 1, rates[0], rates[1]);

            var random = new Random(4);
            var watch = Stopwatch.StartNew();
            for (int i = 0; i < sample; i++)
            {
                var (lon, lat) = Point(random);
                using var response = await client.GetAsync($"/api/analysis/nearest?lon={lon.ToString(CultureInfo.InvariantCulture)}&lat={lat.ToString(CultureInfo.InvariantCulture)}&status=operational");
                response.EnsureSuccessStatusCode();
                await response.Content.ReadAsByteArrayAsync();
            }
            double perPoint = sample / watch.Elapsed.TotalSeconds;
            Console.WriteLine($"baseline GET nearest one point at a time (keep-alive, sequential): {sample:N0} points -> {perPoint:N0} points/s");
            Console.WriteLine($"ratio POST batch (warm) / per-point GET: {rates[1] / perPoint:N0}x");
            return (bigRows == rows ? 0 : 1, rates[0], rates[1]);
        }
        finally
        {
            handler.Kill();
            handler.WaitForExit();
        }
    }

    /// <summary>The handler's own split of the last request (its log line arrives just after the answer).</summary>
    private static async Task PrintSplitAsync(System.Collections.Concurrent.ConcurrentQueue<string> splits)
    {
        for (int i = 0; i < 50 && splits.IsEmpty; i++)
            await Task.Delay(20);
        while (splits.TryDequeue(out var line))
            Console.WriteLine("  handler: " + line[(line.IndexOf(']') + 1)..].Trim());
    }

    /// <summary>A school position: 95% within Kenya and West Africa, fixed seed.</summary>
    internal static (double Lon, double Lat) Point(Random random) => random.Next(2) == 0
        ? (Math.Round(34 + random.NextDouble() * 8, 5), Math.Round(-4.5 + random.NextDouble() * 9, 5))
        : (Math.Round(-17 + random.NextDouble() * 32, 5), Math.Round(4 + random.NextDouble() * 11, 5));

    /// <summary>
    /// One POST over a raw socket, full duplex: the body is written (chunked) by one task while the
    /// answer is read by another. HttpClient's HTTP/1.1 handler reads the response only after the
    /// whole body is sent, which deadlocks against a server that answers while it reads once both
    /// socket buffers fill (curl reads while it sends). Rows are counted by their "school-" ids.
    /// </summary>
    private static async Task<(long Rows, double Seconds)> PostAsync(HttpClient client, string query, int rows, int seed)
    {
        // The body is generated before the clock starts, so the client's formatting does not compete
        // with the handler for the 2 cores during the measurement.
        using var generated = new MemoryStream();
        await new SchoolsContent(rows, seed).CopyToAsync(generated);
        generated.Position = 0;
        var watch = Stopwatch.StartNew();
        using var socket = new TcpClient();
        await socket.ConnectAsync(client.BaseAddress!.Host, client.BaseAddress.Port);
        socket.NoDelay = true;
        var stream = socket.GetStream();
        var send = Task.Run(async () =>
        {
            var header = Encoding.ASCII.GetBytes($"POST {query} HTTP/1.1\r\nHost: {client.BaseAddress.Authority}\r\nContent-Type: text/csv\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n");
            await stream.WriteAsync(header);
            await using var chunked = new ChunkedStream(stream);
            await generated.CopyToAsync(chunked, 1 << 16);
            await chunked.FinishAsync();
        });
        var pattern = "school-"u8.ToArray();
        var buffer = new byte[1 << 16];
        long count = 0;
        int carry = 0, read;
        bool headersDone = false;
        var head = new StringBuilder();
        while ((read = await stream.ReadAsync(buffer.AsMemory(carry))) > 0)
        {
            int length = carry + read;
            int from = 0;
            if (!headersDone)
            {
                head.Append(Encoding.ASCII.GetString(buffer, 0, length));
                int end = head.ToString().IndexOf("\r\n\r\n", StringComparison.Ordinal);
                if (end < 0) { carry = 0; continue; }
                if (!head.ToString().StartsWith("HTTP/1.1 200", StringComparison.Ordinal))
                    throw new InvalidOperationException("POST failed: " + head.ToString()[..Math.Min(500, head.Length)]);
                headersDone = true;
                from = length - (head.Length - end - 4);
            }
            var span = buffer.AsSpan(from, length - from);
            int at;
            while ((at = span.IndexOf(pattern)) >= 0)
            {
                count++;
                span = span[(at + pattern.Length)..];
            }
            carry = Math.Min(pattern.Length - 1, span.Length);
            span[^carry..].CopyTo(buffer);
        }
        await send;
        return (count, watch.Elapsed.TotalSeconds);
    }

    /// <summary>HTTP/1.1 chunked transfer coding over a stream, one chunk per write.</summary>
    private sealed class ChunkedStream(Stream inner) : Stream
    {
        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (buffer.IsEmpty) return;
            await inner.WriteAsync(Encoding.ASCII.GetBytes(buffer.Length.ToString("x") + "\r\n"), cancellationToken);
            await inner.WriteAsync(buffer, cancellationToken);
            await inner.WriteAsync("\r\n"u8.ToArray(), cancellationToken);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public async Task FinishAsync() => await inner.WriteAsync("0\r\n\r\n"u8.ToArray());

        public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer, offset, count, default).GetAwaiter().GetResult();
        public override void Flush() { }
        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }

    /// <summary>The rows written straight to the request stream as they are generated (chunked, no Content-Length).</summary>
    private sealed class SchoolsContent(int rows, int seed) : HttpContent
    {
        private static readonly string[] Counties = ["Nairobi", "Kisumu", "Lagos", "Accra", "Kano, North"];

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            var random = new Random(seed);
            await using var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16, leaveOpen: true);
            await writer.WriteAsync("id,name,lat,lon,county,country\n");
            for (int i = 0; i < rows; i++)
            {
                var (lon, lat) = Point(random);
                string county = Counties[i % Counties.Length];
                await writer.WriteAsync($"school-{i},School {i},{lat.ToString(CultureInfo.InvariantCulture)},{lon.ToString(CultureInfo.InvariantCulture)},{(county.Contains(',') ? "\"" + county + "\"" : county)},{(lon > 30 ? "KEN" : "NGA")}\n");
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }

        public SchoolsContent WithType()
        {
            Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/csv");
            return this;
        }
    }

    private static double PeakMb(int pid) => Maps.EndToEnd.Tests.Support.ProcFs.PeakResidentBytes(pid) / 1048576.0;

    internal static async Task WaitReadyAsync(HttpClient client)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < TimeSpan.FromSeconds(60))
        {
            try
            {
                using var response = await client.GetAsync("/api/collections");
                if (response.StatusCode == HttpStatusCode.OK)
                    return;
            }
            catch (HttpRequestException)
            {
            }
            await Task.Delay(100);
        }
        throw new TimeoutException("The handler did not answer /api/collections within 60 s.");
    }

    internal static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    internal static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Maps.sln")))
                return dir.FullName;
        }
        throw new DirectoryNotFoundException("Run from inside the repository (Maps.sln not found).");
    }
}
