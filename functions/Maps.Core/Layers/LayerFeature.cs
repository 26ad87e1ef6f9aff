using System.Buffers;
using System.Text.Json;
using NetTopologySuite.Geometries;

namespace Maps.Core.Layers;

/// <summary>
/// One feature of a layer, read from its layer file: its position (in file order), id, geometry and
/// properties, each decoded when first asked for, and its GeoJSON (<see cref="FeatureJson"/>)
/// written when first asked for. A property read through <see cref="Value(string)"/> decodes only
/// that column. Safe to share between threads (the lazy members may be computed twice, with the
/// same result).
/// </summary>
public sealed class LayerFeature
{
    private readonly FeatureRecord _record;
    private readonly Layer _layer;
    private string? _id;
    private Geometry? _geometry;
    private PropertyValue[]? _values;
    private byte[]? _geoJson;
    private JsonElement? _properties;

    internal LayerFeature(Layer layer, int position, FeatureRecord record)
    {
        _layer = layer;
        Position = position;
        _record = record;
    }

    /// <summary>Where the feature is in its layer (file order, the order of the layer's spatial index).</summary>
    public int Position { get; }

    public string Id => _id ??= _record.Id;

    public Geometry Geometry => _geometry ??= _record.Geometry(GeoJsonOptions.Factory);

    public Envelope Envelope => Geometry.EnvelopeInternal;

    /// <summary>The value of a property (null when the feature has none or the layer has no such property).</summary>
    public PropertyValue Value(string property)
    {
        if (_values is not null)
        {
            int column = _record.Schema.ColumnOf(property);
            return column < 0 ? PropertyValue.Null : _values[column];
        }
        return _record.Value(property);
    }

    /// <summary>Every property's value, in the layer's property order (<see cref="LayerSchema.PropertyNames"/>).</summary>
    public ReadOnlySpan<PropertyValue> Values
    {
        get
        {
            var all = _values ??= _record.Values();
            return all.AsSpan(1);
        }
    }

    /// <summary>The property names, in order: every property of the layer.</summary>
    public IReadOnlyList<string> PropertyNames => _record.Schema.PropertyNames;

    /// <summary>The <c>properties</c> object, parsed (for code that walks JSON; <see cref="Value(string)"/> is cheaper).</summary>
    public JsonElement Properties => _properties ??= ParseProperties();

    /// <summary>The whole feature as compact UTF-8 GeoJSON (<see cref="FeatureJson"/>).</summary>
    public ReadOnlyMemory<byte> GeoJson => _geoJson ??= WriteGeoJson();

    /// <summary>The value of the collection's date property, when it has one and the feature sets it to an integer.</summary>
    public int? Year => _layer.Metadata.DateProperty is { } date && Value(date) is { Kind: PropertyKind.Integer } year
        && year.Integer is >= int.MinValue and <= int.MaxValue ? (int)year.Integer : null;

    public string? GetString(string property) => Value(property).AsString;

    private byte[] WriteGeoJson()
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer, FeatureJson.Options))
            FeatureJson.WriteFeature(writer, Id, Geometry, PropertyNames, Values);
        return buffer.WrittenSpan.ToArray();
    }

    private JsonElement ParseProperties()
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, FeatureJson.Options))
        {
            writer.WriteStartObject();
            var names = PropertyNames;
            var values = Values;
            for (int i = 0; i < names.Count; i++)
            {
                writer.WritePropertyName(names[i]);
                values[i].WriteTo(writer);
            }
            writer.WriteEndObject();
        }
        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return document.RootElement.Clone();
    }
}
