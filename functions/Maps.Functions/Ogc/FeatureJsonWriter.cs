using System.Text.Json;
using Maps.Core.Layers;

namespace Maps.Functions.Ogc;

/// <summary>
/// Writes one feature as GeoJSON: its stored bytes as they are, or, with a property selection,
/// rebuilt with only the chosen properties (in the order asked).
/// </summary>
public static class FeatureJsonWriter
{
    public static void Write(Utf8JsonWriter writer, LayerFeature feature, IReadOnlyList<string>? properties)
    {
        if (properties is null)
        {
            writer.WriteRawValue(feature.GeoJson.Span, skipInputValidation: true);
            return;
        }
        using var document = JsonDocument.Parse(feature.GeoJson);
        var root = document.RootElement;
        writer.WriteStartObject();
        writer.WriteString("type", "Feature");
        writer.WriteString("id", feature.Id);
        writer.WritePropertyName("geometry");
        root.GetProperty("geometry").WriteTo(writer);
        writer.WriteStartObject("properties");
        foreach (var name in properties)
        {
            if (feature.Properties.TryGetProperty(name, out var value))
            {
                writer.WritePropertyName(name);
                value.WriteTo(writer);
            }
        }
        writer.WriteEndObject();
        writer.WriteEndObject();
    }
}
