using System.Text.Json;
using Maps.Core.Analysis;
using Maps.Core.Geodesy;
using Maps.Core.Layers;
using Maps.Core.Spatial;
using NetTopologySuite.Geometries;

namespace Maps.Bench;

/// <summary>Backbone layers from disk and synthetic query / population points with fixed seeds.</summary>
internal static class BenchData
{
    public const string SharedDatasetDirectory = "/work/shared/datasets/watra-itu";

    /// <summary>
    /// The fibre-links and transmission-nodes layers: from <paramref name="directory"/> when given,
    /// else the repository's data/layers when present, else the shared WATRA dataset. Layer files
    /// (fibre-links.fgb) and the WATRA GeoJSON files (fibre_links.geojson) are accepted.
    /// </summary>
    public static (List<IndexedFeature> Features, string Source) LoadBackbone(string? directory, bool withNodes = true)
    {
        directory ??= FindRepositoryLayers() ?? SharedDatasetDirectory;
        var features = new List<IndexedFeature>();
        var files = new List<string>();
        foreach (var collection in withNodes ? new[] { "fibre-links", "transmission-nodes" } : ["fibre-links"])
        {
            string path = Path.Combine(directory, collection + DirectoryLayerCatalog.Extension);
            if (File.Exists(path))
            {
                features.AddRange(Layer.Open(path).All().Select(f => new IndexedFeature(collection, f.Id, f.Geometry)));
                files.Add(path);
                continue;
            }
            path = Path.Combine(directory, collection + ".geojson");
            if (!File.Exists(path))
                path = Path.Combine(directory, collection.Replace('-', '_') + ".geojson");
            if (!File.Exists(path))
                throw new FileNotFoundException($"No {collection} layer in '{directory}' (use --data <dir>).");
            features.AddRange(ReadFeatures(path, collection));
            files.Add(path);
        }
        return (features, string.Join(", ", files));
    }

    private static string? FindRepositoryLayers()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (!File.Exists(Path.Combine(dir.FullName, "Maps.sln")))
                continue;
            string layers = Path.Combine(dir.FullName, "data", "layers");
            return File.Exists(Path.Combine(layers, "fibre-links.fgb")) && File.Exists(Path.Combine(layers, "transmission-nodes.fgb")) ? layers : null;
        }
        return null;
    }

    /// <summary>Reads a FeatureCollection; the id is the feature's <c>id</c>, else line_id / node_id, else its position.</summary>
    private static IEnumerable<IndexedFeature> ReadFeatures(string path, string collection)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        int index = 0;
        var result = new List<IndexedFeature>();
        foreach (var feature in document.RootElement.GetProperty("features").EnumerateArray())
        {
            string id = feature.TryGetProperty("id", out var idElement) ? idElement.ToString()
                : feature.TryGetProperty("properties", out var p) && (p.TryGetProperty("line_id", out var lineId) || p.TryGetProperty("node_id", out lineId)) ? lineId.ToString()
                : index.ToString("D6");
            var geometry = feature.GetProperty("geometry").Deserialize<Geometry>(GeoJsonOptions.Geometry);
            if (geometry is not null)
                result.Add(new IndexedFeature(collection, id, geometry));
            index++;
        }
        // Should an id repeat, keep the first so that ids are unique as the index requires.
        return result.DistinctBy(f => f.FeatureId, StringComparer.Ordinal);
    }

    /// <summary>Query points: 95 % uniform over the WATRA region (lon −26..16, lat 3..28), 5 % uniform on the globe.</summary>
    public static LonLat[] QueryPoints(int count, int seed = 42)
    {
        var random = new Random(seed);
        var points = new LonLat[count];
        for (int i = 0; i < count; i++)
        {
            points[i] = i % 20 == 19
                ? new LonLat(random.NextDouble() * 360 - 180, Math.Asin(random.NextDouble() * 2 - 1) / Sphere.DegreesToRadians)
                : new LonLat(-26 + random.NextDouble() * 42, 3 + random.NextDouble() * 25);
        }
        return points;
    }

    private static readonly string[] Countries = ["BEN", "BFA", "CIV", "CPV", "GHA", "GIN", "GMB", "GNB", "LBR", "MLI", "NER", "NGA", "SEN", "SLE", "TGO"];

    /// <summary>Synthetic population over the WATRA region; country from a coarse grid, population heavy-tailed.</summary>
    public static PopulationPoint[] Population(int count, int seed = 7)
    {
        var random = new Random(seed);
        var points = new PopulationPoint[count];
        for (int i = 0; i < count; i++)
        {
            double lon = -26 + random.NextDouble() * 42, lat = 3 + random.NextDouble() * 25;
            int cell = (int)((lon + 26) / 6) * 5 + (int)((lat - 3) / 5);
            double population = Math.Round(Math.Exp(4 + 3 * random.NextDouble()));
            points[i] = new PopulationPoint(lon, lat, population, Countries[cell % Countries.Length]);
        }
        return points;
    }
}
