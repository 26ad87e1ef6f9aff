using System.Text.Json;

namespace Maps.Functions.Analysis;

/// <summary>Nullable members for the batch answers' GeoJSON.</summary>
public static class JsonOutput
{
    public static void StringOrNull(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is null)
            writer.WriteNull(name);
        else
            writer.WriteString(name, value);
    }

    public static void NumberOrNull(Utf8JsonWriter writer, string name, double? value)
    {
        if (value is double number)
            writer.WriteNumber(name, number);
        else
            writer.WriteNull(name);
    }
}
