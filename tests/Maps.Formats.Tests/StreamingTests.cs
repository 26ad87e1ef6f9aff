using System.Globalization;
using Maps.Formats.Tests.Support;

namespace Maps.Formats.Tests;

/// <summary>
/// The streaming readers hold one record (and one read buffer), not the upload: over 200,000 generated
/// features of about 600 bytes (over 100 MB that never exist at once) the live heap, measured after a full
/// collection every 20,000 features, grows by a small fraction of what was read. The heap is the process's,
/// so these run alone (<see cref="MemoryMeasurement"/>).
/// </summary>
[Collection(MemoryMeasurement.Name)]
public sealed class StreamingTests
{
    private const int Features = 200_000;
    private static readonly string Padding = new('x', 500);

    private static string Lon(int i) => (-180 + (i % 3600) * 0.1).ToString("R", CultureInfo.InvariantCulture);

    private static string Lat(int i) => (-80 + (i % 1600) * 0.1).ToString("R", CultureInfo.InvariantCulture);

    [Fact]
    public async Task Geojsonseq_reads_a_large_stream_in_bounded_memory()
    {
        var body = new GeneratedStream("", Features, i =>
            $"\u001e{{\"type\":\"Feature\",\"id\":\"n{i}\",\"geometry\":{{\"type\":\"Point\",\"coordinates\":[{Lon(i)},{Lat(i)}]}},\"properties\":{{\"note\":\"{Padding}\"}}}}\n");

        var (count, growth) = await MeasureAsync(new GeoJsonSeqFormat(), body);

        Assert.Equal(Features, count);
        Assert.True(body.Produced > 100_000_000, $"only {body.Produced} bytes read");
        Assert.True(growth < 16 << 20, $"the live heap grew by {growth} bytes reading {body.Produced}");
    }

    [Fact]
    public async Task Csv_reads_a_large_stream_in_bounded_memory()
    {
        var body = new GeneratedStream("id,name,lat,lon,note\n", Features, i => $"s{i},\"School {i}, north\",{Lat(i)},{Lon(i)},{Padding}\n");

        var (count, growth) = await MeasureAsync(new CsvFormat(), body);

        Assert.Equal(Features, count);
        Assert.True(body.Produced > 100_000_000, $"only {body.Produced} bytes read");
        Assert.True(growth < 16 << 20, $"the live heap grew by {growth} bytes reading {body.Produced}");
    }

    private static async Task<(int Count, long Growth)> MeasureAsync(IUploadFormat format, GeneratedStream body)
    {
        long baseline = GC.GetTotalMemory(forceFullCollection: true);
        long peak = 0;
        int seen = 0;
        var sink = new UploadSink(
            (feature, index, _) =>
            {
                Assert.Equal('{', (char)feature[0]);
                Assert.Equal('}', (char)feature[^1]);
                if (++seen % 20_000 == 0)
                    peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: true) - baseline);
            },
            _ => ValueTask.CompletedTask);
        int count = await format.ReadAsync(body, new UploadReadOptions("large", Path.GetTempPath()), sink);
        Assert.Equal(seen, count);
        return (count, peak);
    }
}

/// <summary>Tests that measure the process's heap run after the others, one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MemoryMeasurement
{
    public const string Name = "Memory measurement";
}
