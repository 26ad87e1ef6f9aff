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
        return feature => feature.Properties.ValueKind == JsonValueKind.Object && feature.Properties.TryGetProperty(name, out var value)
            ? Read(value, type)
            : CqlValue.Null;
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
