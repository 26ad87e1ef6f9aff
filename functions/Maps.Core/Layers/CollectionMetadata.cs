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

    public IReadOnlyList<Queryable> Queryables { get; init; } = [];
}

/// <summary>A property that items can be filtered on by equality (OGC API – Features Part 3 queryable).</summary>
public sealed record Queryable
{
    public required string Name { get; init; }

    /// <summary>JSON Schema type: <c>string</c>, <c>integer</c>, <c>number</c> or <c>boolean</c>.</summary>
    public required string Type { get; init; }
    public string? Description { get; init; }

    [JsonPropertyName("enum")]
    public IReadOnlyList<string>? Values { get; init; }
}
