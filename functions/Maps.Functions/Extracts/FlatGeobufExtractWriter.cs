using Maps.Core.Layers;

namespace Maps.Functions.Extracts;

/// <summary>
/// <c>application/flatgeobuf</c>: a FlatGeobuf file (EPSG:4326, packed Hilbert R-tree, so GDAL and
/// QGIS read a bbox of it without reading all of it). The whole layer is the FlatGeobuf part of its
/// layer file, served as stored, with its length; a slice (filters, <c>properties=</c>) is written
/// by the same writer as every layer file into a temporary file first, then streamed and deleted.
/// The collection's metadata record (licence, attribution, source, ...) is the header's
/// <c>metadata</c>, which GDAL shows as the layer's metadata (<c>license=</c>, <c>attribution=</c>);
/// a slice's description ends with its provenance (version, filter).
/// </summary>
public sealed class FlatGeobufExtractWriter : IExtractWriter
{
    public string Format => "fgb";

    public string MediaType => "application/flatgeobuf";

    public string Title => "FlatGeobuf";

    public string Extension => "fgb";

    public async Task WriteAsync(Extract extract, Stream output, Action<long>? lengthKnown = null, CancellationToken cancellationToken = default)
    {
        if (extract.Query.Length == 0)
        {
            lengthKnown?.Invoke(extract.Layer.File.FlatGeobufLength);
            await extract.Layer.File.CopyFlatGeobufToAsync(output, cancellationToken);
            await output.FlushAsync(cancellationToken);
            return;
        }
        string path = Path.Combine(Path.GetTempPath(), $"maps-extract-{Guid.NewGuid():N}.fgb");
        try
        {
            Build(extract, path, cancellationToken);
            var file = LayerFile.Open(path);
            try
            {
                lengthKnown?.Invoke(file.FlatGeobufLength);
                await file.CopyFlatGeobufToAsync(output, cancellationToken);
            }
            finally
            {
                file.Source.Dispose();
            }
        }
        finally
        {
            File.Delete(path);
        }
        await output.FlushAsync(cancellationToken);
    }

    private static void Build(Extract extract, string path, CancellationToken cancellationToken)
    {
        using var builder = new LayerFileBuilder();
        // The selection's columns in its order, else the layer's in the layer's order.
        var names = extract.Properties ?? extract.Layer.Schema.PropertyNames;
        int count = 0;
        foreach (var feature in extract.Features)
        {
            if ((++count & 4095) == 0)
                cancellationToken.ThrowIfCancellationRequested();
            builder.Add(feature.Id, feature.Geometry, names.Select(name => KeyValuePair.Create(name, feature.Value(name))).ToArray());
        }
        builder.Seal();
        var metadata = extract.Metadata with { Description = $"{extract.Metadata.Description} {extract.Provenance}" };
        builder.WriteTo(path, metadata with { Queryables = builder.Queryables(metadata.Queryables) }, cancellationToken);
    }
}
