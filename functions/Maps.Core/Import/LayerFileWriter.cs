using Maps.Core.Layers;

namespace Maps.Core.Import;

/// <summary>
/// Writes layers into a directory as layer files (<c>&lt;id&gt;.fgb</c>), each through the one ingest path
/// (<see cref="LayerIngest"/>, coordinates rounded to <see cref="ShippedDecimals"/>) into the one writer
/// (<see cref="LayerFileBuilder"/>), byte-for-byte reproducibly. Every file is first written to a temporary
/// file in the target directory and only renamed over the real name once all files of all layers in the call
/// are complete, so a failure never leaves a half-written layer (the previous files stay as they were).
/// </summary>
public static class LayerFileWriter
{
    /// <summary>The decimals the shipped layers' coordinates are rounded to (about 1 cm).</summary>
    public const int ShippedDecimals = CoordinateRounding.DefaultDecimals;

    /// <summary>The path of a collection's layer file in a directory.</summary>
    public static string PathOf(string directory, string collectionId) => Path.Combine(directory, collectionId + DirectoryLayerCatalog.Extension);

    /// <summary>Writes one layer of mapped features atomically, see the class summary; a feature the ingest refuses (an id given twice, say) throws.</summary>
    public static void Write(string directory, CollectionMetadata metadata, IEnumerable<OutputFeature> features) =>
        WriteAll(directory, [(metadata, ingest =>
        {
            int index = 0;
            foreach (var feature in features)
                ingest.Add(feature.Source?.File ?? metadata.Id, feature.Source?.Index ?? index++, feature.Id, feature.Geometry, null, null, _ => Properties(feature));
        }, null)]);

    /// <summary>
    /// Writes several layers: each one's features are sent by its <c>Build</c> through a <see cref="LayerIngest"/>
    /// for its metadata; then all temporary files, then all renames. If anything fails before the renames, the
    /// temporary files are deleted and no existing file is touched. Each layer's queryables are derived from
    /// the features written, its metadata's own queryables giving the descriptions, enums and order
    /// (<see cref="QueryableAccumulator"/>). A refused feature (an id an earlier one has, say) is rejected in
    /// the layer's report; without a report, it fails the write.
    /// </summary>
    public static void WriteAll(string directory, IEnumerable<(CollectionMetadata Metadata, Action<LayerIngest> Build, LayerReport? Report)> layers)
    {
        Directory.CreateDirectory(directory);
        var moves = new List<(string Temp, string Final)>();
        try
        {
            foreach (var (metadata, build, report) in layers)
            {
                string final = PathOf(directory, metadata.Id);
                string temp = Path.Combine(directory, $".{Path.GetFileName(final)}.{Guid.NewGuid():N}.tmp");
                moves.Add((temp, final));
                using var builder = new LayerFileBuilder();
                var rules = new IngestRules(metadata.Id) { GeometryType = metadata.GeometryType, Decimals = ShippedDecimals };
                var ingest = new LayerIngest(rules, builder, report);
                build(ingest);
                ingest.Seal();
                if (report is null && ingest.Report.Rejections.Count > 0)
                    throw new InvalidDataException($"Layer '{metadata.Id}': {ingest.Report.Rejections[0]}.");
                if (report is null && ingest.Geometry.Misfits > 0)
                    throw new InvalidDataException($"Layer '{metadata.Id}' is declared {metadata.GeometryType}, and these features are not: {string.Join(", ", ingest.Geometry.MisfitIds)}.");
                builder.WriteTo(temp, metadata with { Queryables = ingest.Queryables(metadata.Queryables) });
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
