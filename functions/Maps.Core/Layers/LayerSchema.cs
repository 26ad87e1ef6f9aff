using System.Buffers;
using System.Text;
using System.Text.Json;
using Maps.Core.Layers.FlatGeobuf;

namespace Maps.Core.Layers;

/// <summary>
/// The columns of a layer file: the feature id first (a string column, named <c>id</c> unless a
/// property has that name), then one column per property in the order the properties first appear.
/// Every feature has every property: one it lacks is null. A column's type is the narrowest that
/// holds every value of the property exactly, so that the GeoJSON written from the file is the
/// GeoJSON the values came from:
/// <list type="bullet">
/// <item>only booleans: Bool; only integers: Long; integers below 10^15 and other numbers: Double
/// (both print the same); only strings, or no value at all: String;</item>
/// <item>anything else (arrays, objects, or values of different kinds): Json, each value as its JSON text.</item>
/// </list>
/// Immutable once built.
/// </summary>
public sealed class LayerSchema
{
    private readonly Dictionary<string, int> _byName;

    public LayerSchema(IReadOnlyList<FgbColumn> columns, int idColumn)
    {
        Columns = columns;
        IdColumn = idColumn;
        _byName = new Dictionary<string, int>(StringComparer.Ordinal);
        var names = new List<string>();
        var indexes = new List<int>();
        for (int i = 0; i < columns.Count; i++)
        {
            if (i == idColumn)
                continue;
            _byName.TryAdd(columns[i].Name, i);
            names.Add(columns[i].Name);
            indexes.Add(i);
        }
        PropertyNames = names;
        PropertyColumns = indexes.ToArray();
    }

    public IReadOnlyList<FgbColumn> Columns { get; }

    /// <summary>The column that holds the feature id.</summary>
    public int IdColumn { get; }

    /// <summary>The properties, in order (every column but the id's).</summary>
    public IReadOnlyList<string> PropertyNames { get; }

    /// <summary>The column of each of <see cref="PropertyNames"/>.</summary>
    public IReadOnlyList<int> PropertyColumns { get; }

    /// <summary>The column of a property, or -1.</summary>
    public int ColumnOf(string property) => _byName.TryGetValue(property, out int column) ? column : -1;

    /// <summary>The id column's name: <c>id</c>, or <c>_id</c> (<c>__id</c>, …) when a property is called that.</summary>
    public static string IdColumnName(IEnumerable<string> propertyNames)
    {
        var names = propertyNames as ISet<string> ?? propertyNames.ToHashSet(StringComparer.Ordinal);
        string name = "id";
        while (names.Contains(name))
            name = "_" + name;
        return name;
    }

    /// <summary>The JSON text of a value stored in a Json column.</summary>
    public static string JsonTextOf(in PropertyValue value)
    {
        if (value.Kind == PropertyKind.Json)
            return value.Text;
        var buffer = new ArrayBufferWriter<byte>(64);
        using (var writer = new Utf8JsonWriter(buffer, FeatureJson.Options))
            value.WriteTo(writer);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>A value of a Json column: a string, number, boolean or null stays one; an array or object keeps its text.</summary>
    public static PropertyValue FromJsonText(string json)
    {
        if (json.Length > 0 && json[0] is '[' or '{')
            return PropertyValue.OfJson(json);
        using var document = JsonDocument.Parse(json);
        return PropertyValue.FromJson(document.RootElement);
    }

    /// <summary>Decides a column's type from the kinds of value it holds (<see cref="ColumnKinds"/>).</summary>
    public static FgbColumnType TypeOf(ColumnKinds kinds)
    {
        var seen = kinds.Seen & ~(1 << (int)PropertyKind.Null);
        return seen switch
        {
            0 => FgbColumnType.String,
            1 << (int)PropertyKind.Boolean => FgbColumnType.Bool,
            1 << (int)PropertyKind.Integer => FgbColumnType.Long,
            1 << (int)PropertyKind.Number => FgbColumnType.Double,
            (1 << (int)PropertyKind.Number) | (1 << (int)PropertyKind.Integer) when !kinds.LargeInteger => FgbColumnType.Double,
            1 << (int)PropertyKind.String => FgbColumnType.String,
            _ => FgbColumnType.Json,
        };
    }
}

/// <summary>The kinds of value a column has held so far, for <see cref="LayerSchema.TypeOf"/>.</summary>
public struct ColumnKinds
{
    /// <summary>Bit per <see cref="PropertyKind"/> seen.</summary>
    public int Seen;

    /// <summary>An integer of 10^15 or more in magnitude, which a double would print differently.</summary>
    public bool LargeInteger;

    public void Add(in PropertyValue value)
    {
        Seen |= 1 << (int)value.Kind;
        if (value.Kind == PropertyKind.Integer && (value.Integer >= 1_000_000_000_000_000 || value.Integer <= -1_000_000_000_000_000))
            LargeInteger = true;
    }
}
