using System.Globalization;
using System.Text.Json;

namespace Maps.Core.Layers;

/// <summary>What a property value is, as JSON sees it; <see cref="Json"/> is an array or an object (kept as its JSON text).</summary>
public enum PropertyKind : byte { Null, Boolean, Integer, Number, String, Json }

/// <summary>
/// One property value of a stored feature, typed: null, a boolean, a 64-bit integer, a double, a
/// string, or the compact JSON text of an array or object. Immutable.
/// </summary>
public readonly struct PropertyValue : IEquatable<PropertyValue>
{
    private readonly long _integer;
    private readonly double _number;
    private readonly string? _text;

    private PropertyValue(PropertyKind kind, long integer = 0, double number = 0, string? text = null)
    {
        Kind = kind;
        _integer = integer;
        _number = number;
        _text = text;
    }

    public static readonly PropertyValue Null = default;

    public static PropertyValue Of(bool value) => new(PropertyKind.Boolean, value ? 1 : 0);

    public static PropertyValue Of(long value) => new(PropertyKind.Integer, value);

    public static PropertyValue Of(double value) => new(PropertyKind.Number, number: value);

    public static PropertyValue Of(string value) => new(PropertyKind.String, text: value);

    /// <summary>An array or object, as its compact JSON text.</summary>
    public static PropertyValue OfJson(string json) => new(PropertyKind.Json, text: json);

    public PropertyKind Kind { get; }

    public bool IsNull => Kind == PropertyKind.Null;

    public bool Boolean => _integer != 0;

    public long Integer => _integer;

    /// <summary>The value as a double: a number's, or an integer's.</summary>
    public double Number => Kind == PropertyKind.Integer ? _integer : _number;

    /// <summary>A string's text, or the JSON text of an array or object.</summary>
    public string Text => _text ?? "";

    public bool IsNumeric => Kind is PropertyKind.Integer or PropertyKind.Number;

    /// <summary>The string, else null (what <c>GetString</c> on a feature answers).</summary>
    public string? AsString => Kind == PropertyKind.String ? _text : null;

    /// <summary>Writes the value as JSON (a number as the shortest round-trip text, an array or object as its stored text).</summary>
    public void WriteTo(Utf8JsonWriter writer)
    {
        switch (Kind)
        {
            case PropertyKind.Null: writer.WriteNullValue(); break;
            case PropertyKind.Boolean: writer.WriteBooleanValue(Boolean); break;
            case PropertyKind.Integer: writer.WriteNumberValue(_integer); break;
            case PropertyKind.Number: writer.WriteNumberValue(_number); break;
            case PropertyKind.String: writer.WriteStringValue(_text); break;
            default: writer.WriteRawValue(_text!, skipInputValidation: true); break;
        }
    }

    /// <summary>A value read from JSON: numbers that are integers in their own text stay integers, arrays and objects keep their compact text.</summary>
    public static PropertyValue FromJson(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => Null,
        JsonValueKind.True => Of(true),
        JsonValueKind.False => Of(false),
        JsonValueKind.String => Of(value.GetString()!),
        JsonValueKind.Number when value.TryGetInt64(out long integer) && IsIntegerText(value) => Of(integer),
        JsonValueKind.Number when value.TryGetDouble(out double number) && double.IsFinite(number) => Of(number),
        _ => OfJson(Compact(value)),
    };

    /// <summary>A GeoJSON <c>properties</c> object's members as stored values, in their order (anything but an object: none).</summary>
    public static List<KeyValuePair<string, PropertyValue>> ListFromJson(JsonElement properties)
    {
        var list = new List<KeyValuePair<string, PropertyValue>>();
        if (properties.ValueKind == JsonValueKind.Object)
            foreach (var property in properties.EnumerateObject())
                list.Add(new(property.Name, FromJson(property.Value)));
        return list;
    }

    /// <summary>
    /// A value as the import's mappers give it: null, a string, a boolean, an integer, a double (not
    /// finite: null), or a list of those (its compact JSON text).
    /// </summary>
    public static PropertyValue FromObject(object? value) => value switch
    {
        null => Null,
        string s => Of(s),
        bool b => Of(b),
        int i => Of((long)i),
        long l => Of(l),
        double d => double.IsFinite(d) ? Of(d == 0 ? 0.0 : d) : Null,
        System.Collections.IEnumerable list => OfJson(ListJson(list)),
        _ => throw new InvalidDataException($"A property value of type {value.GetType().Name} cannot be stored."),
    };

    private static string ListJson(System.Collections.IEnumerable list)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, FeatureJson.Options))
        {
            writer.WriteStartArray();
            foreach (var item in list)
                FromObject(item).WriteTo(writer);
            writer.WriteEndArray();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static bool IsIntegerText(JsonElement value)
    {
        var raw = System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(value);
        return raw.IndexOfAny((byte)'.', (byte)'e', (byte)'E') < 0;
    }

    private static string Compact(JsonElement value)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, FeatureJson.Options))
            value.WriteTo(writer);
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public bool Equals(PropertyValue other) =>
        Kind == other.Kind && _integer == other._integer && _number.Equals(other._number) && _text == other._text;

    public override bool Equals(object? obj) => obj is PropertyValue other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(Kind, _integer, _number, _text);

    public override string ToString() => Kind switch
    {
        PropertyKind.Null => "null",
        PropertyKind.Boolean => Boolean ? "true" : "false",
        PropertyKind.Integer => _integer.ToString(CultureInfo.InvariantCulture),
        PropertyKind.Number => _number.ToString("R", CultureInfo.InvariantCulture),
        _ => Text,
    };
}
