using System.Text.Json;
using System.Text.Json.Nodes;
using Maps.Core.Import;
using Maps.Core.Layers;

namespace Maps.Functions.Tests.Support;

/// <summary>
/// Writes a small, seeded layer directory in the shipped on-disk form: a point layer with status,
/// country and year, and a line layer including a cable split at the antimeridian.
/// </summary>
public sealed class SyntheticLayers
{
    public const int PointCount = 1_000;
    public static readonly string[] Statuses = ["operational", "planned", "unknown"];
    public static readonly string[] Countries = ["NGA", "GHA", "KEN"];

    public static string WriteTo(string directory)
    {
        Directory.CreateDirectory(directory);
        var random = new Random(42);
        var points = new JsonArray();
        for (int i = 0; i < PointCount; i++)
        {
            double lon = Math.Round(random.NextDouble() * 360 - 180, 6);
            double lat = Math.Round(random.NextDouble() * 170 - 85, 6);
            points.Add(Feature($"p-{i:D4}", Point(lon, lat), new JsonObject
            {
                ["name"] = $"Node {i}",
                ["status"] = Statuses[i % 3],
                ["country"] = Countries[i % 3],
                ["data_year"] = 2000 + i % 25,
                ["tags"] = new JsonArray("a", i % 2 == 0 ? "even" : "odd"),
            }));
        }
        Write(directory, "points", "Point", "data_year", points);

        var lines = new JsonArray
        {
            Feature("cable-pacific", MultiLine([[170.0, -10.0], [180.0, -12.0]], [[-180.0, -12.0], [-170.0, -15.0]]),
                new JsonObject { ["name"] = "Pacific", ["status"] = "operational", ["country"] = "FJI" }),
            Feature("line-africa", Line([3.0, 6.0], [7.0, 9.0], [8.0, 12.0]),
                new JsonObject { ["name"] = "Lagos–Kano", ["status"] = "operational", ["country"] = "NGA" }),
            // Its envelope covers the box (-1,0,1,1) but the line passes beside it.
            Feature("line-diagonal", Line([-5.0, -5.0], [5.0, 5.0]),
                new JsonObject { ["name"] = "Diagonal", ["status"] = "planned", ["country"] = "GHA" }),
        };
        Write(directory, "lines", "MultiLineString", null, lines);
        return directory;
    }

    private static void Write(string directory, string id, string geometryType, string? dateProperty, JsonArray features)
    {
        var metadata = new JsonObject
        {
            ["id"] = id,
            ["title"] = $"Synthetic {id}",
            ["description"] = $"Seeded test layer '{id}'.",
            ["license"] = "CC0-1.0",
            ["licenseUrl"] = "https://creativecommons.org/publicdomain/zero/1.0/",
            ["attribution"] = "Maps tests",
            ["source"] = "generated",
            ["geometryType"] = geometryType,
            ["dateProperty"] = dateProperty,
            // Derived from the properties as the import derives them; status keeps the full enum of the schema.
            ["queryables"] = JsonSerializer.SerializeToNode(QueryableAccumulator.Derive(
                features.Select(f => JsonSerializer.SerializeToElement(f!["properties"])),
                [new QueryableProperty { Name = "status", Type = "string", Values = ["operational", "under-construction", "planned", "unknown"] }]),
                new JsonSerializerOptions(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull }),
        };
        WriteLayer(directory, metadata, features);
    }

    /// <summary>Beside each layer file, the FeatureCollection it was written from, for tests' own expectations (the handler reads only layer files).</summary>
    public const string SourceSuffix = ".source.geojson";

    /// <summary>Writes a layer file from metadata and features given as JSON (through the one writer), and the features beside it.</summary>
    public static void WriteLayer(string directory, JsonObject metadata, JsonArray features)
    {
        string json = new JsonObject { ["type"] = "FeatureCollection", ["features"] = features }.ToJsonString();
        LayerFileWriter.WriteGeoJson(directory, metadata.Deserialize<CollectionMetadata>(new JsonSerializerOptions(JsonSerializerDefaults.Web))!,
            System.Text.Encoding.UTF8.GetBytes(json));
        File.WriteAllText(Path.Combine(directory, metadata["id"]!.GetValue<string>() + SourceSuffix), json);
    }

    private static JsonObject Feature(string id, JsonObject geometry, JsonObject properties) =>
        new() { ["type"] = "Feature", ["id"] = id, ["geometry"] = geometry, ["properties"] = properties };

    private static JsonObject Point(double lon, double lat) =>
        new() { ["type"] = "Point", ["coordinates"] = new JsonArray(lon, lat) };

    private static JsonObject Line(params double[][] coordinates) =>
        new() { ["type"] = "LineString", ["coordinates"] = Coordinates(coordinates) };

    private static JsonObject MultiLine(params double[][][] parts) =>
        new() { ["type"] = "MultiLineString", ["coordinates"] = new JsonArray(parts.Select(p => (JsonNode)Coordinates(p)).ToArray()) };

    private static JsonArray Coordinates(double[][] coordinates) =>
        new(coordinates.Select(c => (JsonNode)new JsonArray(c[0], c[1])).ToArray());
}
