using System.Text.Json;
using Maps.Core.Import;

namespace Maps.Formats.Tests.Support;

/// <summary>One feature as a reader handed it on, parsed the way the publisher parses it.</summary>
public sealed record ReadFeature(int Index, SourceCrs Crs, JsonElement Json, SourceFeature Parsed)
{
    public JsonElement Properties => Json.GetProperty("properties");
}

/// <summary>Runs a reader over a body with a collecting sink, in a temp directory of its own that must be empty afterwards.</summary>
public static class Upload
{
    public static async Task<List<ReadFeature>> ReadAsync(IUploadFormat format, byte[] body, string? layer = null, string? crs = null, int chunk = 4096)
    {
        var features = new List<ReadFeature>();
        string temp = Path.Combine(Path.GetTempPath(), "maps-formats-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(temp);
        try
        {
            var options = new UploadReadOptions("upload", temp) { Layer = layer, Crs = crs };
            int blocks = 0;
            var sink = new UploadSink(
                (json, index, sourceCrs) =>
                {
                    var reader = new Utf8JsonReader(json);
                    using var document = JsonDocument.ParseValue(ref reader);
                    var root = document.RootElement.Clone();
                    // As the publisher does: text that is not valid UTF-8/UTF-16 rejects the feature before it is read.
                    var parsed = JsonText.HasInvalidUtf16(root)
                        ? new SourceFeature(index, null, null, "text that is not valid UTF-16", default)
                        : GeoJsonSourceReader.ReadFeature(root, index, sourceCrs);
                    features.Add(new ReadFeature(index, sourceCrs, root, parsed));
                },
                _ =>
                {
                    blocks++;
                    return ValueTask.CompletedTask;
                });
            int count = await format.ReadAsync(new TrickleStream(body, chunk), options, sink);
            Assert.Equal(features.Count, count);
            Assert.True(blocks > 0, "AfterBlock was never awaited");
            Assert.Equal(Enumerable.Range(0, count), features.Select(f => f.Index));
            return features;
        }
        finally
        {
            Assert.Empty(Directory.EnumerateFileSystemEntries(temp));
            Directory.Delete(temp, recursive: true);
        }
    }

    /// <summary>The reader's refusal; fails when it reads the body or throws anything else.</summary>
    public static async Task<ImportFileException> RefusedAsync(IUploadFormat format, byte[] body, string? layer = null, string? crs = null) =>
        await Assert.ThrowsAsync<ImportFileException>(() => ReadAsync(format, body, layer, crs));
}
