using System.Globalization;
using System.Text.Json;

namespace Maps.Formats.Ofds;

/// <summary>
/// Tolerant reads of OFDS values: a member of the wrong type reads as absent rather than failing the
/// upload, since the schema is the publisher's to enforce and the validator rejects what cannot be used.
/// </summary>
internal static class OfdsJson
{
    /// <summary>The member, or default when <paramref name="element"/> is not an object or lacks it.</summary>
    public static JsonElement Member(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) ? value : default;

    /// <summary>
    /// A string (trimmed; null when empty), or a number's text. Null for other kinds and for text
    /// that is not valid UTF-16 (an escaped lone surrogate).
    /// </summary>
    public static string? Text(JsonElement value)
    {
        try
        {
            return value.ValueKind switch
            {
                JsonValueKind.String => value.GetString()!.Trim() is { Length: > 0 } s ? s : null,
                JsonValueKind.Number => value.GetRawText(),
                _ => null,
            };
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    public static string? Text(JsonElement element, string name) => Text(Member(element, name));

    /// <summary>A number, or a string holding one (CSV-born data often quotes numbers).</summary>
    public static double? Number(JsonElement element, string name)
    {
        var value = Member(element, name);
        if (value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out double d) && double.IsFinite(d))
            return d;
        return Text(value) is { } s && double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out d) && double.IsFinite(d)
            ? d : null;
    }

    public static long? Integer(JsonElement element, string name) =>
        Number(element, name) is { } d && d == Math.Floor(d) && Math.Abs(d) < 1e15 ? (long)d : null;

    public static bool? Boolean(JsonElement element, string name) => Member(element, name).ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };

    /// <summary>The strings of an array member (a lone string counts as one), in order.</summary>
    public static IReadOnlyList<string> Texts(JsonElement element, string name)
    {
        var value = Member(element, name);
        if (value.ValueKind != JsonValueKind.Array)
            return Text(value) is { } single ? [single] : [];
        var texts = new List<string>();
        foreach (var item in value.EnumerateArray())
            if (Text(item) is { } s)
                texts.Add(s);
        return texts;
    }

    /// <summary>The strings of an array member joined with "; ", or null when there are none.</summary>
    public static string? Joined(JsonElement element, string name) => Join(Texts(element, name));

    public static string? Join(IEnumerable<string> texts) => string.Join("; ", texts) is { Length: > 0 } s ? s : null;

    /// <summary>The year of an ISO 8601 date or date-time ("2021-09-30" gives 2021).</summary>
    public static int? YearOf(JsonElement value) =>
        Text(value) is { Length: >= 4 } s && int.TryParse(s.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out int year)
            && (s.Length == 4 || s[4] == '-') ? year : null;
}
