using System.Text.Json;
using Maps.Core.Layers;
using NetTopologySuite.Geometries;

namespace Maps.Core.Tests;

/// <summary>Layers made in memory through the one writer, from rows whose properties are JSON objects.</summary>
internal static class TestLayers
{
    public static Layer From(CollectionMetadata metadata, IEnumerable<(string Id, Geometry Geometry, JsonElement Properties)> rows, string? version = null) =>
        Layer.InMemory(metadata, rows.Select(r => (r.Id, r.Geometry, (IReadOnlyList<KeyValuePair<string, PropertyValue>>)Properties(r.Properties))), version);

    public static KeyValuePair<string, PropertyValue>[] Properties(JsonElement properties) => [.. PropertyValue.ListFromJson(properties)];
}
