using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Maps.Core.Layers;
using Maps.Core.Query;
using Maps.ExtractBench;
using Maps.Functions.Extracts;
using Maps.Functions.Hosting;

// Extract throughput benchmark: see README.md.
int count = args.Length > 1 && args[0] == "--count" ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1_000_000;
const int Seed = 20240601;

var stopwatch = Stopwatch.StartNew();
var layer = SyntheticLayer.Build(count, Seed);
ExtractSchema.For(layer);
Console.WriteLine($"layer: {count:N0} features (70% points, 30% 8-vertex lines), seed {Seed}, built in {stopwatch.Elapsed.TotalSeconds:F1} s");
GC.Collect();
Console.WriteLine($"managed heap with the layer: {GC.GetTotalMemory(true) / 1e6:F0} MB; environment: {Environment.ProcessorCount} cores, .NET {Environment.Version}");
Console.WriteLine();

Console.WriteLine("writers into a counting stream (no HTTP):");
foreach (var writer in ExtractsApi.Writers.Values)
{
    var result = await Measure.RunAsync(async sink =>
        await writer.WriteAsync(new Extract(layer, LayerQuery.Matching(layer, FeatureFilter.For(layer, new FeatureQuery())), null, ""), sink));
    Console.WriteLine(result.Line(writer.Format));
}
Console.WriteLine();

var app = BenchHost.Start(layer);
string root = app.Urls.First() + "/api";
using var client = new HttpClient { Timeout = TimeSpan.FromMinutes(10) };
Console.WriteLine($"HTTP (Kestrel on {root}, client in the same process):");
var items = await Measure.RunAsync(async sink =>
{
    string? next = $"{root}/collections/backbone/items?limit=10000";
    int pages = 0;
    while (next is not null)
    {
        using var response = await client.GetAsync(next, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        await using var body = await response.Content.ReadAsStreamAsync();
        next = await Measure.CopyFindingNextAsync(body, sink);
        pages++;
    }
    return pages;
});
Console.WriteLine(items.Line($"items pages (baseline, {items.Result} pages of 10,000)"));
foreach (var writer in ExtractsApi.Writers.Values)
{
    var result = await Measure.RunAsync(async sink =>
    {
        using var response = await client.GetAsync($"{root}/extracts/backbone.{writer.Format}", HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        await response.Content.CopyToAsync(sink);
        return 0;
    });
    Console.WriteLine(result.Line($"extract .{writer.Format}") +
        $"   vs items pages: {items.Seconds / result.Seconds:F2}x faster, peak heap {result.PeakHeapMb / Math.Max(items.PeakHeapMb, 0.1):F2}x");
}
Console.WriteLine();
Console.WriteLine($"process peak working set: {Process.GetCurrentProcess().PeakWorkingSet64 / 1e6:F0} MB (includes the {count:N0}-feature layer)");
await app.StopAsync();
return 0;

/// <summary>The handler's own services and routes on Kestrel at 127.0.0.1:0, over the in-memory layer.</summary>
internal static class BenchHost
{
    public static WebApplication Start(Layer layer)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = StandaloneHost.Build(builder, new HostingMode(BehindFunctionsHost: false),
            services => services.AddSingleton<ILayerCatalog>(new InMemoryLayerCatalog(new LayerSet([layer]))));
        app.StartAsync().GetAwaiter().GetResult();
        return app;
    }
}

internal sealed record Measurement<T>(T Result, long Bytes, double Seconds, double PeakHeapMb, double AllocatedMb)
{
    public string Line(string name) => string.Create(CultureInfo.InvariantCulture,
        $"  {name,-44} {Bytes / 1e6,9:F1} MB in {Seconds,6:F2} s = {Bytes / 1e6 / Seconds,7:F1} MB/s   peak heap +{PeakHeapMb,6:F1} MB   allocated {AllocatedMb,8:F0} MB");
}

internal static partial class Measure
{
    /// <summary>Times one run into a counting sink, sampling the managed heap every millisecond for its peak above the start.</summary>
    public static async Task<Measurement<T>> RunAsync<T>(Func<CountingStream, Task<T>> run)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        long baseline = GC.GetTotalMemory(true), allocated = GC.GetTotalAllocatedBytes();
        long peak = baseline;
        using var done = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!done.IsCancellationRequested)
            {
                long now = GC.GetTotalMemory(false);
                if (now > Interlocked.Read(ref peak))
                    Interlocked.Exchange(ref peak, now);
                await Task.Delay(1);
            }
        });
        var sink = new CountingStream();
        var stopwatch = Stopwatch.StartNew();
        T result = await run(sink);
        stopwatch.Stop();
        done.Cancel();
        await sampler;
        return new Measurement<T>(result, sink.Length, stopwatch.Elapsed.TotalSeconds, (peak - baseline) / 1e6, (GC.GetTotalAllocatedBytes() - allocated) / 1e6);
    }

    public static Task<Measurement<int>> RunAsync(Func<CountingStream, Task> run) =>
        RunAsync(async sink => { await run(sink); return 0; });

    /// <summary>Copies a page to the sink, reading the 'next' link from its head (links come before features).</summary>
    public static async Task<string?> CopyFindingNextAsync(Stream body, Stream sink)
    {
        var buffer = new byte[64 * 1024];
        var head = new StringBuilder();
        int read;
        while ((read = await body.ReadAsync(buffer)) > 0)
        {
            if (head.Length < 8192)
                head.Append(Encoding.UTF8.GetString(buffer, 0, Math.Min(read, 8192)));
            await sink.WriteAsync(buffer.AsMemory(0, read));
        }
        var match = NextLink().Match(head.ToString());
        return match.Success ? match.Groups[1].Value : null;
    }

    [GeneratedRegex("\"href\":\"([^\"]+)\",\"rel\":\"next\"")]
    private static partial Regex NextLink();
}

/// <summary>A write-only stream that counts and discards.</summary>
internal sealed class CountingStream : Stream
{
    private long _length;
    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => _length;
    public override long Position { get => _length; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => _length += count;
    public override void Write(ReadOnlySpan<byte> buffer) => _length += buffer.Length;
    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        _length += buffer.Length;
        return ValueTask.CompletedTask;
    }
    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        _length += count;
        return Task.CompletedTask;
    }
}
