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

    /// <summary>The columns from the kinds of value each property holds (recorded in the layer file), so no feature is read.</summary>
    private static ExtractSchema Build(Layer layer)
    {
        var names = layer.Schema.PropertyNames;
        var columns = new List<PropertyColumn>();
        for (int i = 0; i < names.Count; i++)
            columns.Add(new PropertyColumn(names[i], KindOf(layer.PropertyKinds[i])));
        var types = layer.GeometryTypes;
        string geometryType = types.Count switch
        {
            1 => types[0].ToUpperInvariant(),
            0 => layer.Metadata.GeometryType.ToUpperInvariant(),
            _ => "GEOMETRY",
        };
        return new ExtractSchema(columns.OrderBy(c => c.Name, StringComparer.Ordinal).ToArray(), geometryType);
    }

    /// <summary>Booleans, integers, numbers (integers among them: real), else text.</summary>
    private static ColumnKind KindOf(int kinds)
    {
        kinds &= ~(1 << (int)PropertyKind.Null);
        const int Integer = 1 << (int)PropertyKind.Integer, Number = 1 << (int)PropertyKind.Number;
        return kinds switch
        {
            1 << (int)PropertyKind.Boolean => ColumnKind.Boolean,
            Integer => ColumnKind.Integer,
            Number or (Number | Integer) => ColumnKind.Real,
            _ => ColumnKind.Text,
        };
    }

}
