using System.Security.Cryptography;
using System.Text.Json;
using NetTopologySuite.Geometries;

namespace Maps.Core.Layers;

/// <summary>
/// Reads the normalised on-disk form of a layer: <c>&lt;id&gt;.collection.json</c> (metadata) beside
/// <c>&lt;id&gt;.geojson</c> (an RFC 7946 FeatureCollection whose features have string ids).
/// Errors name the file and the feature.
/// </summary>
public static class LayerFileReader
{
    public const string MetadataSuffix = ".collection.json";
    public const string FeaturesSuffix = ".geojson";

    private static readonly JsonSerializerOptions MetadataOptions = new(JsonSerializerDefaults.Web);

    /// <summary>Loads every layer of a directory, in parallel, ordered by id.</summary>
    public static IReadOnlyList<Layer> ReadDirectory(string directory, CancellationToken cancellationToken = default)
    {
        if (!Directory.Exists(directory))
            throw new DirectoryNotFoundException($"Layer directory '{directory}' does not exist.");
        var metadataFiles = Directory.GetFiles(directory, "*" + MetadataSuffix);
        var layers = new Layer[metadataFiles.Length];
        Parallel.For(0, metadataFiles.Length, new ParallelOptions { CancellationToken = cancellationToken },
            i => layers[i] = Read(metadataFiles[i]));
        return layers.OrderBy(l => l.Id, StringComparer.Ordinal).ToArray();
    }

    /// <summary>Loads one layer from its metadata file and the features file beside it.</summary>
    public static Layer Read(string metadataPath)
    {
        byte[] metadataBytes = File.ReadAllBytes(metadataPath);
        var metadata = JsonSerializer.Deserialize<CollectionMetadata>(metadataBytes, MetadataOptions)
            ?? throw new InvalidDataException($"{metadataPath}: empty metadata.");
        string featuresPath = metadataPath[..^MetadataSuffix.Length] + FeaturesSuffix;
        byte[] featureBytes = File.ReadAllBytes(featuresPath);
        var features = ReadFeatures(featureBytes, metadata.DateProperty, featuresPath);
        return new Layer(metadata, features, VersionOf(metadataBytes, featureBytes));
    }

    /// <summary>
    /// Parses a FeatureCollection whose features all carry a string <c>id</c>. The parsed document
    /// stays alive for as long as the features: their <see cref="LayerFeature.Properties"/> point
    /// into it, which saves a copy per feature at load time.
    /// </summary>
    public static List<LayerFeature> ReadFeatures(ReadOnlyMemory<byte> geoJson, string? dateProperty, string sourceName)
    {
        var document = ParseDocument(geoJson, sourceName);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("features", out var featureArray) || featureArray.ValueKind != JsonValueKind.Array)
            throw new InvalidDataException($"{sourceName}: not a GeoJSON FeatureCollection (no 'features' array).");

        var features = new List<LayerFeature>(featureArray.GetArrayLength());
        int index = 0;
        foreach (var element in featureArray.EnumerateArray())
        {
            features.Add(ReadFeature(element, dateProperty, $"{sourceName}: feature #{index}"));
            index++;
        }
        return features;
    }

    private static LayerFeature ReadFeature(JsonElement element, string? dateProperty, string where)
    {
        if (element.ValueKind != JsonValueKind.Object)
            throw new InvalidDataException($"{where}: not a JSON object.");
        if (!element.TryGetProperty("id", out var idElement) || idElement.ValueKind != JsonValueKind.String || string.IsNullOrEmpty(idElement.GetString()))
            throw new InvalidDataException($"{where}: missing string id.");
        string id = idElement.GetString()!;
        if (!element.TryGetProperty("geometry", out var geometryElement) || geometryElement.ValueKind != JsonValueKind.Object)
            throw new InvalidDataException($"{where} ('{id}'): missing geometry.");
        Geometry geometry;
        try
        {
            geometry = GeoJsonGeometryReader.Read(geometryElement, GeoJsonOptions.Factory);
        }
        catch (Exception e) when (e is InvalidDataException or InvalidOperationException or FormatException or ArgumentException or KeyNotFoundException)
        {
            throw new InvalidDataException($"{where} ('{id}'): invalid geometry: {e.Message}", e);
        }

        var properties = element.TryGetProperty("properties", out var p) && p.ValueKind == JsonValueKind.Object
            ? p
            : EmptyObject;
        int? year = dateProperty is not null && properties.TryGetProperty(dateProperty, out var y) && y.ValueKind == JsonValueKind.Number && y.TryGetInt32(out int value)
            ? value
            : null;
        return new LayerFeature(id, geometry, properties, Compact(element), year);
    }

    private static JsonDocument ParseDocument(ReadOnlyMemory<byte> geoJson, string sourceName)
    {
        try
        {
            return JsonDocument.Parse(geoJson, new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{sourceName}: not valid JSON ({e.Message}).", e);
        }
    }

    /// <summary>
    /// The feature's own bytes, as they are in the file: valid JSON by construction, and compact
    /// when written by the import or the layer store, so copying beats re-encoding.
    /// </summary>
    private static byte[] Compact(JsonElement element) =>
        System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(element).ToArray();

    private static string VersionOf(byte[] metadata, byte[] features)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(metadata);
        hash.AppendData(features);
        return Convert.ToHexStringLower(hash.GetHashAndReset())[..16];
    }

    private static readonly JsonElement EmptyObject = JsonDocument.Parse("{}").RootElement.Clone();
}
