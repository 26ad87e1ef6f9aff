using System.Runtime.CompilerServices;
using System.Text.Json;
using Maps.Core.Layers;

namespace Maps.Functions.Extracts;

/// <summary>The type of a property column, inferred from every value the layer has for it.</summary>
public enum ColumnKind { Text, Integer, Real, Boolean }

/// <summary>One property column of a tabular extract (CSV, GeoPackage).</summary>
public sealed record PropertyColumn(string Name, ColumnKind Kind);

/// <summary>
/// The tabular shape of a layer: its property columns in ordinal name order, each typed from all
/// of the layer's values (integers only → Integer; any other number → Real; booleans only →
/// Boolean; anything else, arrays and mixed kinds included → Text; nulls ignored), and the one
/// geometry type of its features (<c>GEOMETRY</c> when they mix types). Derived from the whole
/// layer, not the filtered slice, so that every slice of a version has the same columns.
/// Computed once per layer (one pass over its features) and cached; thread-safe.
/// </summary>
public sealed class ExtractSchema
{
    private static readonly ConditionalWeakTable<Layer, ExtractSchema> Cache = new();

    private ExtractSchema(IReadOnlyList<PropertyColumn> columns, string geometryType)
    {
        Columns = columns;
        GeometryType = geometryType;
    }

    public IReadOnlyList<PropertyColumn> Columns { get; }

    /// <summary>Upper-case OGC geometry type name (<c>POINT</c>, <c>MULTILINESTRING</c>, <c>GEOMETRY</c>).</summary>
    public string GeometryType { get; }

    public bool IsPoint => GeometryType == "POINT";

    public static ExtractSchema For(Layer layer) => Cache.GetValue(layer, Build);

    /// <summary>The columns named by a <c>properties=</c> selection, in its order; all columns when null.</summary>
    public IReadOnlyList<PropertyColumn> Select(IReadOnlyList<string>? properties) =>
        properties is null ? Columns : properties.Select(name => Columns.First(c => c.Name == name)).ToArray();

    private static ExtractSchema Build(Layer layer)
    {
        var kinds = new Dictionary<string, ColumnKind?>(StringComparer.Ordinal);
        var geometryTypes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var feature in layer.Features)
        {
            geometryTypes.Add(feature.Geometry.GeometryType);
            if (feature.Properties.ValueKind != JsonValueKind.Object)
                continue;
            foreach (var property in feature.Properties.EnumerateObject())
            {
                var kind = KindOf(property.Value);
                if (!kinds.TryGetValue(property.Name, out var known))
                    kinds[property.Name] = kind;
                else if (kind is not null && known != kind)
                    kinds[property.Name] = known is null ? kind : Widen(known.Value, kind.Value);
            }
        }
        var columns = kinds.OrderBy(k => k.Key, StringComparer.Ordinal)
            .Select(k => new PropertyColumn(k.Key, k.Value ?? ColumnKind.Text)).ToArray();
        string geometryType = geometryTypes.Count switch
        {
            1 => geometryTypes.First().ToUpperInvariant(),
            0 => layer.Metadata.GeometryType.ToUpperInvariant(),
            _ => "GEOMETRY",
        };
        return new ExtractSchema(columns, geometryType);
    }

    private static ColumnKind? KindOf(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        JsonValueKind.True or JsonValueKind.False => ColumnKind.Boolean,
        JsonValueKind.Number => value.TryGetInt64(out _) ? ColumnKind.Integer : ColumnKind.Real,
        _ => ColumnKind.Text,
    };

    private static ColumnKind Widen(ColumnKind a, ColumnKind b) =>
        (a, b) is (ColumnKind.Integer, ColumnKind.Real) or (ColumnKind.Real, ColumnKind.Integer) ? ColumnKind.Real : ColumnKind.Text;
}
