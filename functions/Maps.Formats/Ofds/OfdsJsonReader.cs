using Maps.Core.Import;

namespace Maps.Formats.Ofds;

/// <summary>
/// Reads OFDS JSON, a network package or one GeoJSON FeatureCollection, in two streaming passes over the
/// spooled upload: the first indexes the networks and checks the span endpoints (spans may precede the
/// nodes they join), the second emits. Memory: the names of the nodes, organisations and phases, and one
/// item at a time — a 100,000-span package stays in megabytes, where a whole-document parse would need
/// several times the file size.
/// </summary>
internal static class OfdsJsonReader
{
    public static async Task<int> ReadAsync(SpooledBody body, string file, UploadSink sink, FeatureHandler nodes, CancellationToken cancellationToken)
    {
        var index = new OfdsIndex();
        var indexing = new OfdsDocumentVisitor(file, new OfdsIndexer(file, index));
        await JsonStreamWalker.WalkAsync(body.Rewound(), file, indexing, NoPause, cancellationToken);
        if (indexing.Shape == OfdsDocumentShape.FeatureCollection)
            index.CompleteGeoJsonNodes(file);
        RejectSeparateFiles(index, file);

        var emitter = new OfdsEmitter(index, sink, nodes);
        await JsonStreamWalker.WalkAsync(body.Rewound(), file, new OfdsDocumentVisitor(file, emitter), emitter.AfterBlockAsync, cancellationToken);
        await emitter.AfterBlockAsync(cancellationToken);
        return emitter.Spans + emitter.Nodes;
    }

    /// <summary>Does nothing: the first pass hands nothing on, so there is nothing to wait for.</summary>
    public static ValueTask NoPause(CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <summary>A package whose networks only link to separate node and span files has nothing to read: say where they are.</summary>
    private static void RejectSeparateFiles(OfdsIndex index, string file)
    {
        if (index.NodeCount + index.SpanCount == 0 && index.Networks.FirstOrDefault(n => n.LinksSeparateFiles) is { } network)
            throw new ImportFileException(file,
                $"network {network.Label} links to separate files for its nodes and spans instead of holding them; embed them in the package, or upload the standard's GeoJSON nodes and spans files zipped together.");
    }
}
