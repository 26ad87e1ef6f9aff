using System.Text.Encodings.Web;
using System.Text.Json;

namespace Maps.Analysis;

/// <summary>
/// The answers' JSON: URLs and non-ASCII names written as they are (<c>&amp;</c>, <c>+</c>, <c>é</c>),
/// not \u-escaped (safe because JSON answers are never embedded in HTML unencoded); and the members
/// the answers share.
/// </summary>
public static class JsonOutput
{
    public const string MediaType = "application/json";

    public static readonly JavaScriptEncoder Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;

    public static readonly JsonWriterOptions Options = new() { Encoder = Encoder };

    /// <summary>The statuses a query used: null when none was asked for (every feature, with or without a status).</summary>
    public static void Statuses(Utf8JsonWriter writer, IReadOnlyCollection<string> statuses)
    {
        if (statuses.Count == 0)
            writer.WriteNull("status");
        else
            Strings(writer, "status", statuses);
    }

    public static void Strings(Utf8JsonWriter writer, string name, IEnumerable<string> values)
    {
        writer.WriteStartArray(name);
        foreach (var value in values)
            writer.WriteStringValue(value);
        writer.WriteEndArray();
    }

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
