using System.IO.Compression;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Maps.Core.Import;
using Maps.Formats.Ofds;

namespace Maps.Formats.Tests.Ofds;

/// <summary>The standard's examples (data/, see data/SOURCE.md) and a reader run that collects what it hands on.</summary>
internal static class OfdsTestData
{
    public static string Directory { get; } = Locate();

    public static byte[] Bytes(string name) => File.ReadAllBytes(Path.Combine(Directory, name));

    public static JsonElement Json(string name) => JsonDocument.Parse(Bytes(name)).RootElement;

    /// <summary>A zip of the given (name, content) files.</summary>
    public static byte[] Zip(params (string Name, byte[] Content)[] files)
    {
        var memory = new MemoryStream();
        using (var archive = new ZipArchive(memory, ZipArchiveMode.Create, leaveOpen: true))
            foreach (var (name, content) in files)
            {
                using var entry = archive.CreateEntry(name).Open();
                entry.Write(content);
            }
        return memory.ToArray();
    }

    public static byte[] ExamplePair() => Zip(("spans.geojson", Bytes("spans.geojson")), ("nodes.geojson", Bytes("nodes.geojson")));

    public static byte[] Utf8(string json) => Encoding.UTF8.GetBytes(json);

    /// <summary>Reads <paramref name="body"/> with <see cref="OfdsFormat"/>, collecting spans and nodes.</summary>
    public static OfdsRun Read(byte[] body, string? tempDirectory = null) => Read(new MemoryStream(body), tempDirectory);

    public static OfdsRun Read(Stream body, string? tempDirectory = null)
    {
        var run = new OfdsRun();
        var options = new UploadReadOptions("fibre-links", tempDirectory ?? Path.Combine(Path.GetTempPath(), "maps-ofds-tests"));
        var sink = new UploadSink(
            (feature, index, crs) => run.Spans.Add(new Collected(Encoding.UTF8.GetString(feature), index, crs)),
            _ =>
            {
                run.Blocks.Add(run.Spans.Count + run.Nodes.Count);
                return ValueTask.CompletedTask;
            },
            (feature, index, crs) => run.Nodes.Add(new Collected(Encoding.UTF8.GetString(feature), index, crs)));
        run.Count = new OfdsFormat().ReadAsync(body, options, sink).GetAwaiter().GetResult();
        return run;
    }

    private static string Locate([CallerFilePath] string path = "") => Path.Combine(Path.GetDirectoryName(path)!, "data");
}

/// <summary>One feature handed to a sink.</summary>
internal sealed record Collected(string Json, int Index, SourceCrs Crs)
{
    public JsonElement Element => JsonDocument.Parse(Json).RootElement;
    public JsonElement Properties => Element.GetProperty("properties");
    public string? Id => Element.TryGetProperty("id", out var id) ? id.GetString() : null;
    public string? Property(string name) => Properties.GetProperty(name).ValueKind == JsonValueKind.Null ? null : Properties.GetProperty(name).ToString();
}

/// <summary>What one read handed on.</summary>
internal sealed class OfdsRun
{
    public List<Collected> Spans { get; } = [];
    public List<Collected> Nodes { get; } = [];

    /// <summary>Features handed on (spans and nodes) at each AfterBlock call.</summary>
    public List<int> Blocks { get; } = [];

    public int Count { get; set; }
}
