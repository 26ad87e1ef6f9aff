using System.Text;
using System.Text.Json;
using Maps.Core.Layers;

namespace Maps.Import.Tests;

/// <summary>What the import wrote, read back through the API's reader: the features as the FeatureCollection the API serves (id order), and the metadata record.</summary>
internal static class LayerOutput
{
    public static JsonDocument Features(string path)
    {
        var layer = Layer.Open(path);
        var text = new StringBuilder("{\"type\":\"FeatureCollection\",\"features\":[");
        text.AppendJoin(',', layer.ReadAll().Select(f => Encoding.UTF8.GetString(f.GeoJson.Span)));
        return JsonDocument.Parse(text.Append("]}").ToString());
    }

    public static JsonDocument Metadata(string path) =>
        JsonDocument.Parse(JsonSerializer.SerializeToUtf8Bytes(Layer.Open(path).Metadata, LayerFileFormat.Json));
}
