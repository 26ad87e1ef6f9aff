using System.Text.Json.Serialization;

namespace Maps.Core.Layers;

/// <summary>
/// What a collection is, as stored beside its features in <c>&lt;id&gt;.collection.json</c>:
/// who made it, under which licence, which property carries its date and which properties can be
/// filtered on. Derived facts (extent, count, version) are computed from the features at load time.
/// </summary>
public sealed record CollectionMetadata
{
    public required string Id { get; init; }
    public required string Title { get; init; }
    public required string Description { get; init; }
    public IReadOnlyList<string> Keywords { get; init; } = [];

    /// <summary>SPDX identifier or short licence name, e.g. <c>MIT</c>, <c>CC-BY-4.0</c>.</summary>
    public required string License { get; init; }
    public string? LicenseUrl { get; init; }
    public required string Attribution { get; init; }
    public required string Source { get; init; }
    public string? SourceUrl { get; init; }

    /// <summary>GeoJSON geometry type of the features (<c>Point</c>, <c>MultiLineString</c>, ...).</summary>
    public required string GeometryType { get; init; }

    /// <summary>Integer year property that <c>datetime</c> filters on (RFS year, data year), if any.</summary>
    public string? DateProperty { get; init; }

    /// <summary>True when the layer is an illustrative sample rather than real data.</summary>
    public bool Illustrative { get; init; }

    /// <summary>
    /// Every property of the features with its type (OGC API – Features Part 3 queryables), derived
    /// from the data when a version is imported or published; filters and sorts are typed against it.
    /// </summary>
    public IReadOnlyList<QueryableProperty> Queryables { get; init; } = [];

    /// <summary>The name filters give the features' geometry (<c>S_INTERSECTS(geometry, …)</c>).</summary>
    public string GeometryQueryable { get; init; } = "geometry";

    public QueryableProperty? FindQueryable(string name)
    {
        foreach (var queryable in Queryables)
            if (queryable.Name == name)
                return queryable;
        return null;
    }
}

/// <summary>
/// A property that items can be filtered and sorted on (OGC API – Features Part 3 queryable), stored
/// as its JSON Schema: <see cref="Type"/> and <see cref="Format"/> as JSON Schema spells them.
/// </summary>
public sealed record QueryableProperty
{
    public required string Name { get; init; }

    /// <summary>
    /// JSON Schema type: <c>string</c>, <c>integer</c>, <c>number</c>, <c>boolean</c> or <c>array</c>; derived
    /// queryables can also be <c>object</c>, or <c>null</c> for a property that is null in every feature
    /// (see <see cref="Maps.Core.Import.QueryableAccumulator"/>).
    /// </summary>
    public required string Type { get; init; }

    /// <summary><c>date</c> or <c>date-time</c> for strings that are all ISO dates or timestamps.</summary>
    public string? Format { get; init; }

    /// <summary>The JSON Schema type of an array's elements.</summary>
    public string? ItemsType { get; init; }

    public string? Description { get; init; }

    /// <summary>Every value a low-cardinality string takes.</summary>
    [JsonPropertyName("enum")]
    public IReadOnlyList<string>? Values { get; init; }

    /// <summary>What CQL2 compares the property as.</summary>
    [JsonIgnore]
    public QueryableKind Kind => (Type, Format) switch
    {
        ("string", "date") => QueryableKind.Date,
        ("string", "date-time") => QueryableKind.Timestamp,
        ("string", _) => QueryableKind.String,
        ("integer", _) => QueryableKind.Integer,
        ("number", _) => QueryableKind.Number,
        ("boolean", _) => QueryableKind.Boolean,
        ("array", _) => QueryableKind.Array,
        _ => QueryableKind.Unknown,
    };
}

/// <summary>The CQL2 data types a queryable can have (besides the geometry).</summary>
public enum QueryableKind { Unknown, String, Integer, Number, Boolean, Date, Timestamp, Array }
