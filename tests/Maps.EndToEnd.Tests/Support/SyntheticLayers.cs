using System.Globalization;
using System.Text;

namespace Maps.EndToEnd.Tests.Support;

/// <summary>
/// A seeded synthetic layer directory, so that tests do not depend on the shipped data: <c>nodes</c>
/// (points with status, country, year, names needing CSV quoting) and <c>links</c> (lines and
/// multilines, one split at the antimeridian).
/// </summary>
public static class SyntheticLayers
{
    public const int NodeCount = 3_000;
    public const int LinkCount = 400;
    private static readonly string[] Statuses = ["operational", "planned", "under-construction", "unknown"];
    private static readonly string[] Countries = ["NGA", "GHA", "KEN", "FJI", "BRA"];

    /// <summary>Writes the layers into a new temporary directory and returns it.</summary>
    public static string WriteToTemporaryDirectory()
    {
        string directory = Directory.CreateTempSubdirectory("maps-e2e-layers-").FullName;
        Write(directory);
        return directory;
    }

    /// <summary>Writes the layers (nodes, links) into a directory.</summary>
    public static void Write(string directory)
    {
        var random = new Random(7);
        var nodes = new StringBuilder();
        for (int i = 0; i < NodeCount; i++)
        {
            double lon = Math.Round(random.NextDouble() * 360 - 180, 6), lat = Math.Round(random.NextDouble() * 160 - 80, 6);
            string name = i % 50 == 0 ? $"Node \\\"{i}\\\", with comma\\nand newline" : $"Node {i}";
            Append(nodes, $"n-{i:D5}", $$"""{"type":"Point","coordinates":[{{N(lon)}},{{N(lat)}}]}""",
                $$"""{"name":"{{name}}","status":"{{Statuses[i % 4]}}","country":"{{Countries[i % 5]}}","data_year":{{1990 + i % 35}},"capacity_mbps":{{random.Next(1, 100_000)}},"tags":["a","b{{i % 3}}"]}""");
        }
        WriteLayer(directory, "nodes", "Point", nodes);

        var links = new StringBuilder();
        for (int i = 0; i < LinkCount; i++)
        {
            double lon = random.NextDouble() * 340 - 170, lat = random.NextDouble() * 140 - 70;
            var points = Enumerable.Range(0, 5).Select(_ => (lon += random.NextDouble() * 2 - 1, lat += random.NextDouble() * 2 - 1))
                .Select(p => $"[{N(p.Item1)},{N(p.Item2)}]");
            string geometry = i % 3 == 0
                ? $$"""{"type":"MultiLineString","coordinates":[[{{string.Join(',', points)}}],[[{{N(lon)}},{{N(lat)}}],[{{N(lon + 1)}},{{N(lat + 1)}}]]]}"""
                : $$"""{"type":"LineString","coordinates":[{{string.Join(',', points)}}]}""";
            Append(links, $"l-{i:D4}", geometry,
                $$"""{"name":"Link {{i}}","status":"{{Statuses[i % 4]}}","country":"{{Countries[i % 5]}}","length_km":{{N(random.NextDouble() * 500)}}}""");
        }
        Append(links, "l-pacific", """{"type":"MultiLineString","coordinates":[[[170,-10],[180,-12]],[[-180,-12],[-170,-15]]]}""",
            """{"name":"Pacific","status":"operational","country":"FJI","length_km":2300.5}""");
        WriteLayer(directory, "links", "MultiLineString", links);
    }

    private static void Append(StringBuilder features, string id, string geometry, string properties)
    {
        if (features.Length > 0)
            features.Append(',');
        features.Append($$"""{"type":"Feature","id":"{{id}}","geometry":{{geometry}},"properties":{{properties}}}""");
    }

    private static void WriteLayer(string directory, string id, string geometryType, StringBuilder features)
    {
        string metadata = $$"""
            {"id":"{{id}}","title":"Synthetic {{id}}","description":"Seeded end-to-end layer.","license":"CC0-1.0",
             "licenseUrl":"https://creativecommons.org/publicdomain/zero/1.0/","attribution":"Maps end-to-end tests","source":"generated",
             "geometryType":"{{geometryType}}","dateProperty":{{(id == "nodes" ? "\"data_year\"" : "null")}},
             "queryables":[{"name":"status","type":"string"},{"name":"country","type":"string"}]}
            """;
        Maps.Core.Import.LayerFileWriter.WriteGeoJson(directory,
            System.Text.Json.JsonSerializer.Deserialize<Maps.Core.Layers.CollectionMetadata>(metadata, new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web))!,
            Encoding.UTF8.GetBytes($$"""{"type":"FeatureCollection","features":[{{features}}]}"""));
    }

    private static string N(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
