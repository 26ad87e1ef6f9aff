using System.Text.Json.Serialization;
using Maps.Core.Layers;

namespace Maps.Tiles;

/// <summary>
/// TileJSON 3.0.0 (github.com/mapbox/tilejson-spec) for one collection's vector tiles, ready for the
/// HTTP layer to serialise with System.Text.Json (property names are fixed by attributes).
/// </summary>
public sealed record TileJson
{
    [JsonPropertyName("tilejson")]
    public string Version { get; init; } = "3.0.0";

    [JsonPropertyName("name")]
    public required string Name { get; init; }

    [JsonPropertyName("description")]
    public string? Description { get; init; }

    [JsonPropertyName("attribution")]
    public string? Attribution { get; init; }

    [JsonPropertyName("version")]
    public string? DataVersion { get; init; }

    /// <summary>URL templates with <c>{z}</c>, <c>{x}</c>, <c>{y}</c>; the HTTP layer knows its base URL.</summary>
    [JsonPropertyName("tiles")]
    public required IReadOnlyList<string> Tiles { get; init; }

    [JsonPropertyName("scheme")]
    public string Scheme { get; init; } = "xyz";

    [JsonPropertyName("minzoom")]
    public int MinZoom { get; init; }

    [JsonPropertyName("maxzoom")]
    public int MaxZoom { get; init; }

    /// <summary>West, south, east, north in degrees, latitudes clamped to Web Mercator's ±85.0511°.</summary>
    [JsonPropertyName("bounds")]
    public required IReadOnlyList<double> Bounds { get; init; }

    /// <summary>Longitude, latitude, zoom.</summary>
    [JsonPropertyName("center")]
    public required IReadOnlyList<double> Center { get; init; }

    [JsonPropertyName("vector_layers")]
    public required IReadOnlyList<TileJsonVectorLayer> VectorLayers { get; init; }

    /// <summary>
    /// Describes <paramref name="layer"/>'s tiles. <c>fields</c> lists every attribute that its
    /// tiles can carry with its MVT type (<c>String</c>, <c>Number</c>, <c>Boolean</c>; a property seen
    /// with several types is <c>String</c>), found by one pass over the features: O(properties).
    /// An empty layer gets the whole world as bounds.
    /// </summary>
    /// <param name="tileUrlTemplate">Absolute URL template, e.g. <c>https://host/api/tiles/fibre-links/{z}/{x}/{y}.mvt</c>.</param>
    public static TileJson For(Layer layer, string tileUrlTemplate, VectorTileOptions? options = null)
    {
        options ??= VectorTileOptions.Default;
        double west = -180, south = -WebMercator.MaxLatitude, east = 180, north = WebMercator.MaxLatitude;
        if (!layer.Extent.IsNull)
        {
            west = Math.Max(layer.Extent.MinX, -180);
            east = Math.Min(layer.Extent.MaxX, 180);
            south = Math.Clamp(layer.Extent.MinY, -WebMercator.MaxLatitude, WebMercator.MaxLatitude);
            north = Math.Clamp(layer.Extent.MaxY, -WebMercator.MaxLatitude, WebMercator.MaxLatitude);
        }
        var fields = Fields(layer);
        return new TileJson
        {
            Name = layer.Metadata.Title,
            Description = layer.Metadata.Description,
            Attribution = layer.Metadata.Attribution,
            DataVersion = layer.Version,
            Tiles = [tileUrlTemplate],
            MinZoom = 0,
            MaxZoom = options.MaxZoom,
            Bounds = [west, south, east, north],
            Center = [(west + east) / 2, (south + north) / 2, CenterZoom(east - west, north - south)],
            VectorLayers =
            [
                new TileJsonVectorLayer
                {
                    Id = layer.Id,
                    Description = layer.Metadata.Title,
                    Fields = fields,
                    MinZoom = 0,
                    MaxZoom = options.MaxZoom,
                },
            ],
        };
    }

    /// <summary>
    /// Every attribute <paramref name="layer"/>'s tiles can carry, with its MVT type (<c>String</c>,
    /// <c>Number</c>, <c>Boolean</c>; a property seen with several types is <c>String</c>): one pass over the features.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Fields(Layer layer)
    {
        var fields = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["id"] = "String" };
        var names = layer.Schema.PropertyNames;
        for (int i = 0; i < names.Count; i++)
        {
            // The feature id wins over a property of the same name; nulls are never attributes.
            int kinds = layer.PropertyKinds[i] & ~(1 << (int)PropertyKind.Null);
            if (names[i].Length == 0 || names[i] == "id" || kinds == 0)
                continue;
            const int Numbers = (1 << (int)PropertyKind.Integer) | (1 << (int)PropertyKind.Number);
            fields[names[i]] = kinds == 1 << (int)PropertyKind.Boolean ? "Boolean" : (kinds & ~Numbers) == 0 ? "Number" : "String";
        }
        return fields;
    }

    /// <summary>The zoom at which the bounds span about two tiles: a sensible initial view.</summary>
    private static double CenterZoom(double width, double height)
    {
        double span = Math.Max(width / 360, height / 170);
        return span <= 0 ? 10 : Math.Clamp(Math.Floor(Math.Log2(2 / span)), 0, 14);
    }
}

/// <summary>One entry of TileJSON <c>vector_layers</c>.</summary>
public sealed record TileJsonVectorLayer
{
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    [JsonPropertyName("description")]
    public string? Description { get; init; }

    /// <summary>Attribute name to MVT type name: <c>String</c>, <c>Number</c> or <c>Boolean</c>.</summary>
    [JsonPropertyName("fields")]
    public required IReadOnlyDictionary<string, string> Fields { get; init; }

    [JsonPropertyName("minzoom")]
    public int MinZoom { get; init; }

    [JsonPropertyName("maxzoom")]
    public int MaxZoom { get; init; }
}
