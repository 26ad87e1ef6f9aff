using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Maps.EndToEnd.Tests.Support;
using Xunit.Abstractions;

namespace Maps.EndToEnd.Tests;

/// <summary>
/// POST nearest over TCP against the real process, standalone and through the Functions host, with
/// bodies far larger than socket buffers: a client that sends its whole body before it reads (as
/// HttpClient with buffered content does) gets every row, and a million rows sent chunked are
/// answered as a stream (the first rows arrive long before the last) with the memory of the host
/// and the worker flat (a million rows cost no more than a tenth of them plus a fraction of the answer).
/// </summary>
public abstract class BatchNearestStreamingTests(ApiProcess api, ITestOutputHelper output)
{
    private const string Query = "/analysis/nearest?to=fibre-links&status=operational";
    private static readonly HttpClient Client = new() { Timeout = TimeSpan.FromMinutes(5) };

    [Fact]
    public async Task A_large_csv_sent_before_reading_gets_every_row_answered()
    {
        const int rows = 400_000;
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(SchoolsCsv(rows)));
        content.Headers.ContentType = new("text/csv");

        var response = await Client.PostAsync(api.ApiRoot + Query, content);
        string answer = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var lines = answer.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(rows + 1, lines.Length);
        Assert.StartsWith("id,lat,lon,nearest_collection,nearest_id", lines[0]);
        Assert.All(lines.Skip(1).Take(100), line => Assert.Contains(",fibre-links,fibre-", line));
    }

    [Fact]
    public async Task A_million_rows_sent_chunked_stream_back_with_flat_memory()
    {
        var small = await PostAsync(100_000, chunked: true);
        var large = await PostAsync(1_000_000, chunked: true);

        output.WriteLine($"{api.Mode}: 100k rows {small}");
        output.WriteLine($"{api.Mode}: 1M rows   {large}");
        Assert.Equal(1_000_001, large.Lines);
        Assert.Equal(100_001, small.Lines);
        // Streamed: the first rows arrive while most of the answer is still to come.
        Assert.True(large.FirstByte < large.Total / 2, $"first bytes after {large.FirstByte}, all after {large.Total}");
        // Flat: ten times the rows may not cost a buffered copy of the answer (or of the body) in either process.
        Assert.True(large.PeakStarted - small.PeakStarted < large.AnswerBytes / 2,
            $"{api.Mode} process peak grew {Mb(large.PeakStarted - small.PeakStarted)} for an answer of {Mb(large.AnswerBytes)}");
        Assert.True(large.PeakChildren - small.PeakChildren < large.AnswerBytes / 2,
            $"worker peak grew {Mb(large.PeakChildren - small.PeakChildren)} for an answer of {Mb(large.AnswerBytes)}");
    }

    [Fact]
    public async Task A_million_rows_with_a_content_length_are_all_answered()
    {
        var run = await PostAsync(1_000_000, chunked: false);

        output.WriteLine($"{api.Mode}: 1M rows with Content-Length {run}");
        Assert.Equal(1_000_001, run.Lines);
    }

    private sealed record Run(long Lines, long AnswerBytes, TimeSpan FirstByte, TimeSpan Total, long PeakStarted, long PeakChildren)
    {
        public override string ToString() => string.Create(CultureInfo.InvariantCulture,
            $"{AnswerBytes / 1e6:F0} MB answered, first bytes {FirstByte.TotalSeconds:F2} s, all {Total.TotalSeconds:F2} s, peak RSS {Mb(PeakStarted)} (started process), {Mb(PeakChildren)} (worker)");
    }

    private async Task<Run> PostAsync(int rows, bool chunked)
    {
        byte[] body = Encoding.UTF8.GetBytes(SchoolsCsv(rows));
        HttpContent content = chunked ? new ChunkedContent(body) : new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        await using var memory = new MemorySampler(api);
        var clock = Stopwatch.StartNew();
        using var request = new HttpRequestMessage(HttpMethod.Post, api.ApiRoot + Query) { Content = content };
        using var response = await Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var stream = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[64 * 1024];
        long bytes = 0, lines = 0;
        TimeSpan firstByte = TimeSpan.Zero;
        int read;
        while ((read = await stream.ReadAsync(buffer)) > 0)
        {
            if (bytes == 0)
                firstByte = clock.Elapsed;
            bytes += read;
            lines += buffer.AsSpan(0, read).Count((byte)'\n');
        }
        var total = clock.Elapsed;
        await memory.DisposeAsync();
        return new Run(lines, bytes, firstByte, total, memory.PeakOf(api.ProcessId), memory.PeakOfChildren);
    }

    private static string SchoolsCsv(int rows)
    {
        var csv = new StringBuilder("id,lat,lon\n", rows * 28);
        var random = new Random(7);
        for (int i = 0; i < rows; i++)
            csv.Append(CultureInfo.InvariantCulture, $"s{i},{random.NextDouble() * 20 + 4:F5},{random.NextDouble() * 30 - 15:F5}\n");
        return csv.ToString();
    }

    private static string Mb(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1048576.0:F0} MiB");

    /// <summary>A body sent with Transfer-Encoding: chunked (no Content-Length), in 64 KiB pieces.</summary>
    private sealed class ChunkedContent(byte[] body) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            for (int offset = 0; offset < body.Length; offset += 64 * 1024)
                await stream.WriteAsync(body.AsMemory(offset, Math.Min(64 * 1024, body.Length - offset)));
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}

[Collection(ShippedCollection.Name)]
public sealed class BatchNearestStreamingStandaloneTests(ShippedApis apis, ITestOutputHelper output) : BatchNearestStreamingTests(apis.Standalone, output);

[Collection(ShippedCollection.Name)]
public sealed class BatchNearestStreamingFunctionsHostTests(ShippedApis apis, ITestOutputHelper output) : BatchNearestStreamingTests(apis.Host, output);
