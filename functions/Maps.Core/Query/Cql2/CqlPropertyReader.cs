using System.Text.Json;
using Maps.Core.Layers;

namespace Maps.Core.Query.Cql2;

/// <summary>Reads a feature's property as a <see cref="CqlValue"/> of its queryable's type; anything else reads as null.</summary>
public static class CqlPropertyReader
{
    public static CqlType TypeOf(QueryableKind kind) => kind switch
    {
        QueryableKind.String => CqlType.String,
        QueryableKind.Integer or QueryableKind.Number => CqlType.Number,
        QueryableKind.Boolean => CqlType.Boolean,
        QueryableKind.Date => CqlType.Date,
        QueryableKind.Timestamp => CqlType.Timestamp,
        QueryableKind.Array => CqlType.Array,
        _ => CqlType.Any,
    };

    public static Func<LayerFeature, CqlValue> For(Layers.QueryableProperty queryable)
    {
        string name = queryable.Name;
        var type = TypeOf(queryable.Kind);
        return feature => Read(feature.Value(name), type);
    }

    /// <summary>A stored value as a <see cref="CqlValue"/> of <paramref name="type"/>: as <see cref="Read(JsonElement, CqlType)"/> reads its JSON.</summary>
    public static CqlValue Read(in PropertyValue value, CqlType type) => (type, value.Kind) switch
    {
        (_, PropertyKind.Null) => CqlValue.Null,
        (CqlType.String, PropertyKind.String) => CqlValue.Of(value.Text),
        (CqlType.String, PropertyKind.Integer or PropertyKind.Number or PropertyKind.Boolean) => CqlValue.Of(RawText(value)),
        (CqlType.Number, PropertyKind.Integer or PropertyKind.Number) => CqlValue.Of(value.Number),
        (CqlType.Boolean, PropertyKind.Boolean) => CqlValue.Of(value.Boolean),
        (CqlType.Date, PropertyKind.String) => Rfc3339.TryParseDate(value.Text, out var date) ? CqlValue.Of(date) : CqlValue.Null,
        (CqlType.Timestamp, PropertyKind.String) => Rfc3339.TryParseDateTime(value.Text, out var instant) ? CqlValue.Of(instant) : CqlValue.Null,
        (CqlType.Array or CqlType.Any, PropertyKind.Json) when value.Text.StartsWith('[') => ReadJson(value.Text, type),
        (CqlType.Any, PropertyKind.String) => CqlValue.Of(value.Text),
        (CqlType.Any, PropertyKind.Integer or PropertyKind.Number) => CqlValue.Of(value.Number),
        (CqlType.Any, PropertyKind.Boolean) => CqlValue.Of(value.Boolean),
        _ => CqlValue.Null,
    };

    /// <summary>A number's or boolean's JSON text, as a string comparison sees it.</summary>
    private static string RawText(in PropertyValue value) => value.Kind == PropertyKind.Boolean ? (value.Boolean ? "true" : "false")
        : Layers.LayerSchema.JsonTextOf(value);

    private static CqlValue ReadJson(string json, CqlType type)
    {
        using var document = JsonDocument.Parse(json);
        return Read(document.RootElement, type);
    }

    public static CqlValue Read(JsonElement value, CqlType type) => (type, value.ValueKind) switch
    {
        (_, JsonValueKind.Null or JsonValueKind.Undefined) => CqlValue.Null,
        (CqlType.String, JsonValueKind.String) => CqlValue.Of(value.GetString()!),
        (CqlType.String, JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False) => CqlValue.Of(value.GetRawText()),
        (CqlType.Number, JsonValueKind.Number) => CqlValue.Of(value.GetDouble()),
        (CqlType.Boolean, JsonValueKind.True) => CqlValue.Of(true),
        (CqlType.Boolean, JsonValueKind.False) => CqlValue.Of(false),
        (CqlType.Date, JsonValueKind.String) => Rfc3339.TryParseDate(value.GetString(), out var date) ? CqlValue.Of(date) : CqlValue.Null,
        (CqlType.Timestamp, JsonValueKind.String) => Rfc3339.TryParseDateTime(value.GetString(), out var instant) ? CqlValue.Of(instant) : CqlValue.Null,
        (CqlType.Array or CqlType.Any, JsonValueKind.Array) => CqlValue.Of(value.EnumerateArray().Select(e => Read(e, CqlType.Any)).ToArray()),
        (CqlType.Any, JsonValueKind.String) => CqlValue.Of(value.GetString()!),
        (CqlType.Any, JsonValueKind.Number) => CqlValue.Of(value.GetDouble()),
        (CqlType.Any, JsonValueKind.True or JsonValueKind.False) => CqlValue.Of(value.ValueKind == JsonValueKind.True),
        _ => CqlValue.Null,
    };
}
