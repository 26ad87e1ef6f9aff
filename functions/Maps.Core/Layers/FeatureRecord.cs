using Maps.Core.Layers.FlatGeobuf;
using NetTopologySuite.Geometries;

namespace Maps.Core.Layers;

/// <summary>
/// One stored feature's FlatGeobuf <c>Feature</c> table (<c>feature.fbs</c>: geometry, properties),
/// decoded on demand: a property by column without touching the others, the id, the geometry.
/// Damaged bytes raise <see cref="InvalidDataException"/>.
/// </summary>
public readonly struct FeatureRecord(ReadOnlyMemory<byte> bytes, LayerSchema schema, FgbGeometryType geometryType)
{
    private const int GeometryField = 0, PropertiesField = 1;

    public ReadOnlyMemory<byte> Bytes => bytes;

    public LayerSchema Schema => schema;

    private ReadOnlySpan<byte> Properties => FlatBufferTable.Root(bytes.Span).Vector(PropertiesField, 1, out _);

    /// <summary>The value of one column (null when the feature has none).</summary>
    public PropertyValue Value(int column)
    {
        if (column < 0)
            return PropertyValue.Null;
        var properties = Properties;
        int at = FgbProperties.Find(properties, schema.Columns, column);
        return at < 0 ? PropertyValue.Null : FgbProperties.Read(properties, at, schema.Columns[column].Type);
    }

    public PropertyValue Value(string property) => Value(schema.ColumnOf(property));

    /// <summary>Every column's value, by column.</summary>
    public PropertyValue[] Values() => FgbProperties.ReadAll(Properties, schema.Columns);

    public string Id => Value(schema.IdColumn) is { Kind: PropertyKind.String } id ? id.Text
        : throw new InvalidDataException("A stored feature has no string id.");

    public Geometry Geometry(GeometryFactory factory)
    {
        var table = FlatBufferTable.Root(bytes.Span);
        return table.TryTable(GeometryField, out var geometry)
            ? FgbGeometry.Read(geometry, geometryType, factory)
            : FgbGeometry.Empty(geometryType, factory);
    }
}
