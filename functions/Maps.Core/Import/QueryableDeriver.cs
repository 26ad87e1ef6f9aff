using System.Globalization;
using System.Text.Json;
using Maps.Core.Layers;

namespace Maps.Core.Import;

/// <summary>
/// Derives a collection's queryables (OGC API – Features Part 3) from its features' properties, one
/// feature at a time (<see cref="Add"/>), so that a publish can stream its upload through it; memory is
/// bounded by the number of property names, not features (at most <see cref="MaxEnumValues"/> + 1
/// distinct values are kept per property). <see cref="Build"/> gives one <see cref="QueryableProperty"/> per
/// property name seen in any feature.
/// <para>The rules, applied to the non-null values of a property (nulls are ignored for typing):</para>
/// <list type="bullet">
/// <item>Type: the one JSON type every value has; numbers are <c>integer</c> when every one is integral
/// (<c>1.0</c> counts, as in JSON Schema), else <c>number</c>. Values of more than one type (say strings
/// and numbers, or arrays and strings) give <c>string</c>: our model has one type, and text is the one
/// every scalar can be written as, so an equality filter accepts any value (each feature's value is
/// still compared as what it is). A property that is null in every feature has type <c>null</c>, unless
/// a curated entry names its type. Objects are <c>object</c> (neither can be compared by CQL2).</item>
/// <item>Arrays: <c>ItemsType</c> is the one type of all their elements (integer/number as above), or
/// none when they mix types or are all empty.</item>
/// <item>Format: <c>date</c> when every string is an ISO 8601 / RFC 3339 full-date (<c>yyyy-MM-dd</c>, a real
/// calendar day); <c>date-time</c> when every string is an RFC 3339 date-time (full-date <c>T</c> time,
/// optional fraction, <c>Z</c> or <c>±hh:mm</c>); a mix of the two, or any other string, is a plain string.</item>
/// <item>Enum: a plain string (no format) gets <c>enum</c>, its distinct values sorted ordinally, when it
/// takes at most <see cref="MaxEnumValues"/> distinct values and each value repeats on average at least
/// <see cref="MinFeaturesPerValue"/> times (distinct × 4 ≤ the number of features with a string value):
/// 3 values over 12 features are categories, 11 values over 15 features are names.</item>
/// </list>
/// <para>Curated entries (hand-written per source) give descriptions and enums: a curated entry keeps its
/// description, and its enum replaces the derived one when the derived type is <c>string</c>; its type is
/// used only when the data has no non-null value for it. A curated entry whose property no feature has is
/// left out (queryables describe the features). Order: curated entries first, in their order, then the
/// other properties in ordinal order of name.</para>
/// </summary>
public sealed class QueryableAccumulator
{
    /// <summary>The most distinct values a string may take and still be an enum.</summary>
    public const int MaxEnumValues = 12;

    /// <summary>How many features, on average, must share each value of an enum.</summary>
    public const int MinFeaturesPerValue = 4;

    private readonly Dictionary<string, PropertyStats> _properties = new(StringComparer.Ordinal);

    /// <summary>Features added so far.</summary>
    public int FeatureCount { get; private set; }

    /// <summary>Adds one feature's <c>properties</c> (an object; anything else, e.g. a null, counts as a feature without properties).</summary>
    public void Add(JsonElement properties)
    {
        FeatureCount++;
        if (properties.ValueKind != JsonValueKind.Object)
            return;
        foreach (var property in properties.EnumerateObject())
        {
            if (!_properties.TryGetValue(property.Name, out var stats))
                _properties[property.Name] = stats = new PropertyStats();
            stats.Add(property.Value);
        }
    }

    /// <summary>Adds one feature's properties given as stored values (names and values in step; nulls count as absent for typing).</summary>
    public void Add(IReadOnlyList<string> names, ReadOnlySpan<PropertyValue> values)
    {
        FeatureCount++;
        for (int i = 0; i < names.Count; i++)
        {
            if (!_properties.TryGetValue(names[i], out var stats))
                _properties[names[i]] = stats = new PropertyStats();
            stats.Add(values[i]);
        }
    }

    /// <summary>The queryables of the features added so far, <paramref name="curated"/> merged in (see the class summary).</summary>
    public IReadOnlyList<QueryableProperty> Build(IReadOnlyList<QueryableProperty>? curated = null)
    {
        var result = new List<QueryableProperty>(_properties.Count);
        var done = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in curated ?? [])
        {
            if (!done.Add(entry.Name) || !_properties.TryGetValue(entry.Name, out var stats))
                continue;
            var derived = stats.ToQueryable(entry.Name);
            if (stats.IsAllNull)
                derived = derived with { Type = entry.Type, Format = entry.Format, ItemsType = entry.ItemsType };
            result.Add(derived with
            {
                Description = entry.Description ?? derived.Description,
                Values = entry.Values is { Count: > 0 } && derived.Type == "string" ? entry.Values : derived.Values,
            });
        }
        foreach (var name in _properties.Keys.Where(n => !done.Contains(n)).Order(StringComparer.Ordinal))
            result.Add(_properties[name].ToQueryable(name));
        return result;
    }

    /// <summary>Derives the queryables of a list of properties objects in one go.</summary>
    public static IReadOnlyList<QueryableProperty> Derive(IEnumerable<JsonElement> properties, IReadOnlyList<QueryableProperty>? curated = null)
    {
        var accumulator = new QueryableAccumulator();
        foreach (var p in properties)
            accumulator.Add(p);
        return accumulator.Build(curated);
    }

    /// <summary>The JSON type of a number, a string or anything else.</summary>
    private static string TypeOf(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => "string",
        JsonValueKind.Number => IsIntegral(value) ? "integer" : "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        JsonValueKind.Array => "array",
        JsonValueKind.Object => "object",
        _ => "null",
    };

    private static bool IsIntegral(JsonElement number) =>
        number.TryGetInt64(out _) || (number.TryGetDouble(out double d) && double.IsFinite(d) && Math.Floor(d) == d);

    /// <summary>The JSON type of a stored value, as <see cref="TypeOf(JsonElement)"/> names its JSON's.</summary>
    private static string TypeOf(in PropertyValue value) => value.Kind switch
    {
        PropertyKind.String => "string",
        PropertyKind.Integer => "integer",
        PropertyKind.Number => double.IsFinite(value.Number) && Math.Floor(value.Number) == value.Number ? "integer" : "number",
        PropertyKind.Boolean => "boolean",
        PropertyKind.Json => value.Text.StartsWith('[') ? "array" : "object",
        _ => "null",
    };

    /// <summary>integer and number make number; equal types stay; anything else is a mix (null).</summary>
    private static string? Join(string? seen, string next) => (seen, next) switch
    {
        (null, _) => next,
        _ when seen == next => seen,
        ("integer", "number") or ("number", "integer") => "number",
        _ => Mixed,
    };

    private const string Mixed = "mixed";

    /// <summary>What one property's values have been so far.</summary>
    private sealed class PropertyStats
    {
        private string? _type;
        private string? _itemsType;
        private int _strings;
        private bool _allDates = true, _allDateTimes = true;
        private HashSet<string>? _distinct = new(StringComparer.Ordinal);

        public bool IsAllNull => _type is null;

        public void Add(JsonElement value)
        {
            if (value.ValueKind == JsonValueKind.Null)
                return;
            _type = Join(_type, TypeOf(value));
            switch (value.ValueKind)
            {
                case JsonValueKind.String:
                    AddString(value.GetString()!);
                    break;
                case JsonValueKind.Array:
                    foreach (var element in value.EnumerateArray())
                        if (element.ValueKind != JsonValueKind.Null)
                            _itemsType = Join(_itemsType, TypeOf(element));
                    break;
            }
        }

        public void Add(in PropertyValue value)
        {
            if (value.IsNull)
                return;
            _type = Join(_type, TypeOf(value));
            if (value.Kind == PropertyKind.String)
                AddString(value.Text);
            else if (value.Kind == PropertyKind.Json && value.Text.StartsWith('['))
            {
                using var array = JsonDocument.Parse(value.Text);
                foreach (var element in array.RootElement.EnumerateArray())
                    if (element.ValueKind != JsonValueKind.Null)
                        _itemsType = Join(_itemsType, TypeOf(element));
            }
        }

        private void AddString(string text)
        {
            _strings++;
            _allDates = _allDates && Query.Rfc3339.TryParseDate(text, out _);
            _allDateTimes = _allDateTimes && Query.Rfc3339.TryParseDateTime(text, out _);
            if (_distinct is not null && _distinct.Add(text) && _distinct.Count > MaxEnumValues)
                _distinct = null;
        }

        public QueryableProperty ToQueryable(string name)
        {
            string type = _type switch
            {
                null => "null",
                Mixed => "string",
                _ => _type,
            };
            if (type != "string" || _type == Mixed)
                return new QueryableProperty { Name = name, Type = type, ItemsType = type == "array" && _itemsType != Mixed ? _itemsType : null };
            string? format = _allDates ? "date" : _allDateTimes ? "date-time" : null;
            bool categorical = format is null && _distinct is { Count: > 0 } distinct
                && distinct.Count <= MaxEnumValues && distinct.Count * MinFeaturesPerValue <= _strings;
            return new QueryableProperty
            {
                Name = name,
                Type = "string",
                Format = format,
                Values = categorical ? _distinct!.Order(StringComparer.Ordinal).ToArray() : null,
            };
        }
    }
}
