using System.Text.Json.Nodes;

namespace Maps.Functions.Tests.Support;

/// <summary>
/// The synthetic layers plus one extra point layer, <c>notes</c>, whose values need CSV quoting
/// (comma, quote, line break) and non-ASCII text. A fixture of its own so other tests keep their data.
/// </summary>
public sealed class ExtractsFixture : IDisposable
{
    public const string TrickyName = "Comma, \"quoted\"\nand a new line";

    public ExtractsFixture()
    {
        Factory = new MapsApiFactory();
        WriteNotes(Factory.DataDirectory);
        Client = Factory.CreateClient();
    }

    public MapsApiFactory Factory { get; }

    public HttpClient Client { get; }

    public void Dispose() => Factory.Dispose();

    private static void WriteNotes(string directory)
    {
        JsonObject Feature(string id, double lon, double lat, string name, JsonNode? extra = null) => new()
        {
            ["type"] = "Feature",
            ["id"] = id,
            ["geometry"] = new JsonObject { ["type"] = "Point", ["coordinates"] = new JsonArray(lon, lat) },
            ["properties"] = new JsonObject { ["name"] = name, ["status"] = "operational", ["rank"] = id.Length, ["extra"] = extra },
        };
        var features = new JsonArray(
            Feature("n-1", 3.5, 6.25, TrickyName),
            Feature("n-2", -0.125, 51.5, "Lagos–Kano é", new JsonArray("x", "y")),
            Feature("n-3", 179.5, -16.75, "plain"));
        var metadata = new JsonObject
        {
            ["id"] = "notes",
            ["title"] = "Notes",
            ["description"] = "Values that need quoting.",
            ["license"] = "CC-BY-4.0",
            ["licenseUrl"] = "https://creativecommons.org/licenses/by/4.0/",
            ["attribution"] = "© Maps tests",
            ["source"] = "generated",
            ["geometryType"] = "Point",
            ["queryables"] = new JsonArray(new JsonObject { ["name"] = "status", ["type"] = "string" }),
        };
        SyntheticLayers.WriteLayer(directory, metadata, features);
    }
}
