using System.Text.Json;
using NetTopologySuite.Geometries;

namespace Maps.Core.Layers;

/// <summary>
/// One feature of a loaded layer: its id, its lon/lat geometry, its properties as parsed JSON and
/// its GeoJSON text, serialised once at load time so that pages are copied rather than re-encoded.
/// Immutable and safe to share between threads.
/// </summary>
public sealed class LayerFeature
{
    public LayerFeature(string id, Geometry geometry, JsonElement properties, ReadOnlyMemory<byte> geoJson, int? year)
    {
        Id = id;
        Geometry = geometry;
        Properties = properties;
        GeoJson = geoJson;
        Year = year;
    }

    public string Id { get; }

    public Geometry Geometry { get; }

    public Envelope Envelope => Geometry.EnvelopeInternal;

    /// <summary>The <c>properties</c> object (a JSON object; may be empty).</summary>
    public JsonElement Properties { get; }

    /// <summary>The whole feature as compact UTF-8 GeoJSON.</summary>
    public ReadOnlyMemory<byte> GeoJson { get; }

    /// <summary>The value of the collection's date property, when it has one and the feature sets it.</summary>
    public int? Year { get; }

    public string? GetString(string property) =>
        Properties.ValueKind == JsonValueKind.Object && Properties.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
