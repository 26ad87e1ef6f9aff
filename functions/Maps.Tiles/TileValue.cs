using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Maps.Tiles;

internal enum TileValueKind : byte
{
    String,
    Double,
    Integer,
    Boolean,
}

/// <summary>
/// One MVT attribute value. MVT values are primitives only, so JSON properties are converted once
/// at load time by <see cref="FromJson"/>: strings, numbers (whole numbers as 64-bit integers,
/// others as doubles) and booleans are kept; arrays become their elements joined with commas
/// (<c>["MTN","Orange"]</c> → <c>MTN,Orange</c>); objects become their compact JSON text; nulls are
/// omitted. Equality is by value, so values are shared in a tile layer's value table.
/// </summary>
internal readonly record struct TileValue(TileValueKind Kind, string? String, double Double, long Integer, bool Boolean)
{
    public static TileValue Of(string value) => new(TileValueKind.String, value, 0, 0, false);

    public static TileValue? FromJson(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => Of(element.GetString()!),
        JsonValueKind.Number => element.TryGetInt64(out long whole)
            ? new TileValue(TileValueKind.Integer, null, 0, whole, false)
            : new TileValue(TileValueKind.Double, null, element.GetDouble(), 0, false),
        JsonValueKind.True => new TileValue(TileValueKind.Boolean, null, 0, 0, true),
        JsonValueKind.False => new TileValue(TileValueKind.Boolean, null, 0, 0, false),
        JsonValueKind.Array => Of(JoinArray(element)),
        JsonValueKind.Object => Of(element.GetRawText()),
        _ => null,
    };

    /// <summary>
    /// A stored value as <see cref="FromJson"/> converts its JSON: a double prints as an integer
    /// (and so is one) when it is whole and below 10^15 in magnitude.
    /// </summary>
    public static TileValue? From(in Maps.Core.Layers.PropertyValue value) => value.Kind switch
    {
        Maps.Core.Layers.PropertyKind.String => Of(value.Text),
        Maps.Core.Layers.PropertyKind.Integer => new TileValue(TileValueKind.Integer, null, 0, value.Integer, false),
        Maps.Core.Layers.PropertyKind.Number when Math.Floor(value.Number) == value.Number && Math.Abs(value.Number) < 1e15
            => new TileValue(TileValueKind.Integer, null, 0, (long)value.Number, false),
        Maps.Core.Layers.PropertyKind.Number => new TileValue(TileValueKind.Double, null, value.Number, 0, false),
        Maps.Core.Layers.PropertyKind.Boolean => new TileValue(TileValueKind.Boolean, null, 0, 0, value.Boolean),
        Maps.Core.Layers.PropertyKind.Json => FromJsonText(value.Text),
        _ => null,
    };

    private static TileValue? FromJsonText(string json)
    {
        using var document = JsonDocument.Parse(json);
        return FromJson(document.RootElement);
    }

    /// <summary>Name of the TileJSON field type: <c>String</c>, <c>Number</c> or <c>Boolean</c>.</summary>
    public string TypeName => Kind switch
    {
        TileValueKind.String => "String",
        TileValueKind.Boolean => "Boolean",
        _ => "Number",
    };

    private static string JoinArray(JsonElement array)
    {
        var text = new StringBuilder();
        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.Null)
                continue;
            if (text.Length > 0)
                text.Append(',');
            text.Append(item.ValueKind switch
            {
                JsonValueKind.String => item.GetString(),
                JsonValueKind.True => "true",
                JsonValueKind.False => "false",
                JsonValueKind.Number => item.GetRawText(),
                _ => item.GetRawText(),
            });
        }
        return text.ToString();
    }

    public override string ToString() => Kind switch
    {
        TileValueKind.String => String!,
        TileValueKind.Double => Double.ToString("R", CultureInfo.InvariantCulture),
        TileValueKind.Integer => Integer.ToString(CultureInfo.InvariantCulture),
        _ => Boolean ? "true" : "false",
    };
}
