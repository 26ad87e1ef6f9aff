using Maps.Core.Layers;

namespace Maps.Core.Import;

/// <summary>
/// Writes the import's layers into a directory as layer files (<c>&lt;id&gt;.fgb</c>, through the one
/// writer, <see cref="LayerFileBuilder"/>), coordinates rounded to 7 decimals, byte-for-byte reproducibly. Every file is first written
/// to a temporary file in the target directory and only renamed over the real name once all files
/// of all layers in the call are complete, so a failure never leaves a half-written layer (the
/// previous files stay as they were).
/// </summary>
public static class LayerFileWriter
{
    /// <summary>The path of a collection's layer file in a directory.</summary>
    public static string PathOf(string directory, string collectionId) => Path.Combine(directory, collectionId + DirectoryLayerCatalog.Extension);

    /// <summary>Writes one layer atomically, see the class summary; an id given twice throws.</summary>
    public static void Write(string directory, CollectionMetadata metadata, IEnumerable<OutputFeature> features) =>
        WriteAll(directory, [(metadata, features, null)]);

    /// <summary>
    /// Writes several layers: all temporary files first, then all renames. If anything fails before the
    /// renames, the temporary files are deleted and no existing file is touched. Each layer's
    /// queryables are derived from the features written, its metadata's own queryables giving the
    /// descriptions, enums and order (<see cref="QueryableAccumulator"/>). A feature whose id an earlier
    /// one has is left out and rejected in the layer's report; without a report, it fails the write.
    /// </summary>
    public static void WriteAll(string directory, IEnumerable<(CollectionMetadata Metadata, IEnumerable<OutputFeature> Features, LayerReport? Report)> layers)
    {
        Directory.CreateDirectory(directory);
        var moves = new List<(string Temp, string Final)>();
        try
        {
            foreach (var (metadata, features, report) in layers)
            {
                string final = PathOf(directory, metadata.Id);
                string temp = Path.Combine(directory, $".{Path.GetFileName(final)}.{Guid.NewGuid():N}.tmp");
                moves.Add((temp, final));
                using var builder = new LayerFileBuilder();
                foreach (var feature in features)
                    builder.Add(feature.Id, CoordinateRounding.Round(feature.Geometry), Properties(feature), feature.Source);
                var duplicates = builder.Seal();
                if (duplicates.Count > 0 && report is null)
                    throw new InvalidDataException($"Layer '{metadata.Id}': the feature id '{duplicates[0].Id}' is given twice.");
                report?.RejectDuplicates(duplicates);
                builder.WriteTo(temp, metadata with { Queryables = builder.Queryables(metadata.Queryables) });
            }
        }
        catch
        {
            foreach (var (temp, _) in moves)
                File.Delete(temp);
            throw;
        }
        foreach (var (temp, final) in moves)
            File.Move(temp, final, overwrite: true);
    }

    /// <summary>Writes a GeoJSON FeatureCollection (features with string ids) as the layer file of <paramref name="metadata"/> (tests, generated data).</summary>
    public static void WriteGeoJson(string directory, CollectionMetadata metadata, ReadOnlySpan<byte> featureCollection)
    {
        Directory.CreateDirectory(directory);
        using var builder = new LayerFileBuilder();
        builder.AddFeatureCollection(featureCollection);
        builder.WriteTo(PathOf(directory, metadata.Id), metadata);
    }

    /// <summary>A mapped feature's properties as stored values.</summary>
    public static IReadOnlyList<KeyValuePair<string, PropertyValue>> Properties(OutputFeature feature) =>
        feature.Properties.Select(p => KeyValuePair.Create(p.Key, PropertyValue.FromObject(p.Value))).ToArray();
}
