using System.Globalization;
using System.Text;
using System.Text.Json;
using Maps.Core.Layers;

namespace Maps.Tiles.Tests;

/// <summary>Builds small in-memory layers from GeoJSON text, through the one layer file writer.</summary>
internal sealed class LayerBuilder
{
    private readonly string _id;
    private readonly List<string> _features = [];

    public LayerBuilder(string id = "fibre-links") => _id = id;

    public LayerBuilder Line(string id, object properties, params (double Lon, double Lat)[] points) =>
        Add(id, properties, $$"""{"type":"LineString","coordinates":{{Positions(points)}}}""");

    public LayerBuilder MultiLine(string id, object properties, params (double Lon, double Lat)[][] lines) =>
        Add(id, properties, $$"""{"type":"MultiLineString","coordinates":[{{string.Join(",", lines.Select(Positions))}}]}""");

    public LayerBuilder Point(string id, object properties, double lon, double lat) =>
        Add(id, properties, $$"""{"type":"Point","coordinates":[{{F(lon)}},{{F(lat)}}]}""");

    public LayerBuilder Polygon(string id, object properties, params (double Lon, double Lat)[] shell) =>
        Add(id, properties, $$"""{"type":"Polygon","coordinates":[{{Positions(shell)}}]}""");

    public Layer Build()
    {
        string json = $$"""{"type":"FeatureCollection","features":[{{string.Join(",", _features)}}]}""";
        var metadata = new CollectionMetadata
        {
            Id = _id,
            Title = "Test " + _id,
            Description = "Synthetic test layer",
            License = "CC0-1.0",
            Attribution = "Test attribution",
            Source = "tests",
            GeometryType = "LineString",
        };
        return Layer.FromGeoJson(metadata, Encoding.UTF8.GetBytes(json), "test");
    }

    private LayerBuilder Add(string id, object properties, string geometry)
    {
        _features.Add($$"""{"type":"Feature","id":"{{id}}","properties":{{JsonSerializer.Serialize(properties)}},"geometry":{{geometry}}}""");
        return this;
    }

    private static string Positions((double Lon, double Lat)[] points) =>
        "[" + string.Join(",", points.Select(p => $"[{F(p.Lon)},{F(p.Lat)}]")) + "]";

    private static string F(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
