using System.Text.Json.Nodes;
using Maps.Core.Layers;
using Maps.Core.Spatial;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Maps.Functions.Tests.Support;

/// <summary>
/// The handler over the synthetic layers plus a seeded <c>population</c> layer, with a small body
/// limit (<see cref="MaxBodyBytes"/>) and small chunks (<see cref="ChunkRows"/>) so that the streaming
/// paths cross chunk boundaries and the 413 test stays fast.
/// </summary>
public sealed class AnalysisApiFactory : WebApplicationFactory<Program>
{
    public const long MaxBodyBytes = 256 * 1024;
    public const int ChunkRows = 7;
    public const int PopulationCount = 600;
    public static readonly string[] PopulationCountries = ["NGA", "GHA", "KEN"];

    public AnalysisApiFactory()
    {
        DataDirectory = SyntheticLayers.WriteTo(Path.Combine(Path.GetTempPath(), "maps-analysis-tests-" + Guid.NewGuid().ToString("N")));
        WritePopulation(DataDirectory);
        WriteCellSitesAndNodes(DataDirectory);
        Layers = new LayerSet(DirectoryLayerCatalog.ReadDirectory(DataDirectory));
    }

    public string DataDirectory { get; }

    /// <summary>The same layers, read independently of the handler, for expected answers.</summary>
    public LayerSet Layers { get; }

    /// <summary>Brute force over the given collections and statuses (empty: all).</summary>
    public BruteForceNearest Brute(string[] collections, params string[] statuses) =>
        BruteForceNearest.Build(IndexedFeature.FromLayers(collections.Select(c => Layers.Find(c)!), statuses));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Maps:DataDirectory", DataDirectory);
        // Nothing publishes here: an empty local store that is never created, not the user's own.
        builder.UseSetting("Maps:LocalStore:Directory", Path.Combine(Path.GetTempPath(), "maps-no-store-" + Guid.NewGuid().ToString("N")));
        builder.UseSetting("Maps:Jobs:Directory", Path.Combine(Path.GetTempPath(), "maps-jobs-" + Guid.NewGuid().ToString("N")));
        builder.UseSetting("Maps:Analysis:MaxBodyBytes", MaxBodyBytes.ToString());
        builder.UseSetting("Maps:Analysis:ChunkRows", ChunkRows.ToString());
        builder.UseEnvironment("Production");
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && Directory.Exists(DataDirectory))
            Directory.Delete(DataDirectory, recursive: true);
    }

    public const int CellSiteCount = 800;
    public static readonly string[] RadioTypes = ["2G", "3G", "4G", "5G"];

    /// <summary>
    /// Generated cell sites (no openly licensed cell-site data ships) with every radio type and two
    /// statuses, and transmission nodes that are fibre, microwave or say nothing, over the same area.
    /// </summary>
    private static void WriteCellSitesAndNodes(string directory)
    {
        var random = new Random(11);
        var cells = new JsonArray();
        for (int i = 0; i < CellSiteCount; i++)
        {
            cells.Add(PointFeature($"cell-{i:D4}", Math.Round(random.NextDouble() * 50 - 10, 5), Math.Round(random.NextDouble() * 30 - 10, 5), new JsonObject
            {
                ["ict_id"] = $"ICT{i}",
                ["radio_type"] = RadioTypes[i % 4],
                ["operator_name"] = i % 2 == 0 ? "Alpha" : "Beta",
                ["status"] = i % 5 == 0 ? "planned" : "operational",
            }));
        }
        WriteLayer(directory, "cell-sites", cells);
        var nodes = new JsonArray();
        string?[] media = ["fibre", "microwave", null];
        for (int i = 0; i < 300; i++)
        {
            var properties = new JsonObject { ["status"] = i % 7 == 0 ? "planned" : "operational" };
            if (media[i % 3] is string medium)
                properties["infrastructure"] = medium;
            nodes.Add(PointFeature($"node-{i:D4}", Math.Round(random.NextDouble() * 50 - 10, 5), Math.Round(random.NextDouble() * 30 - 10, 5), properties));
        }
        WriteLayer(directory, "mixed-nodes", nodes);
    }

    private static JsonObject PointFeature(string id, double lon, double lat, JsonObject properties) => new()
    {
        ["type"] = "Feature",
        ["id"] = id,
        ["geometry"] = new JsonObject { ["type"] = "Point", ["coordinates"] = new JsonArray(lon, lat) },
        ["properties"] = properties,
    };

    private static void WriteLayer(string directory, string id, JsonArray features, string queryable = "status")
    {
        var metadata = new JsonObject
        {
            ["id"] = id,
            ["title"] = "Synthetic " + id,
            ["description"] = $"Seeded test layer '{id}'.",
            ["license"] = "CC0-1.0",
            ["licenseUrl"] = "https://creativecommons.org/publicdomain/zero/1.0/",
            ["attribution"] = "Maps tests",
            ["source"] = "generated",
            ["geometryType"] = "Point",
            ["dateProperty"] = null,
            ["queryables"] = new JsonArray(new JsonObject { ["name"] = queryable, ["type"] = "string" }),
        };
        SyntheticLayers.WriteLayer(directory, metadata, features);
    }

    /// <summary>Population points around West and East Africa, seeded, with integer populations.</summary>
    private static void WritePopulation(string directory)
    {
        var random = new Random(7);
        var features = new JsonArray();
        for (int i = 0; i < PopulationCount; i++)
        {
            features.Add(PointFeature($"pop-{i:D4}", Math.Round(random.NextDouble() * 50 - 10, 5), Math.Round(random.NextDouble() * 30 - 10, 5), new JsonObject
            {
                ["name"] = $"Place {i}",
                ["country"] = PopulationCountries[i % PopulationCountries.Length],
                ["population"] = random.Next(0, 200_000),
            }));
        }
        WriteLayer(directory, "population", features, "country");
    }
}
