using System.IO.Compression;
using Maps.Core.Import;

namespace Maps.Formats.Ofds;

/// <summary>
/// Reads the standard's GeoJSON publication format as a zip holding the nodes and the spans
/// FeatureCollections, told apart by file name ("nodes" or "spans" in it; a feature's
/// <c>featureType</c> still wins). Nodes are read first in both passes, so every span endpoint can be
/// checked against them as the spans come. Either file may be missing (a spans-only upload is checked
/// as <see cref="OfdsNetwork"/> describes).
/// </summary>
internal static class OfdsZipReader
{
    /// <summary>True when the upload starts like a zip (a local file header, or the end record of an empty one).</summary>
    public static async Task<bool> IsZipAsync(SpooledBody body, CancellationToken cancellationToken)
    {
        byte[] magic = new byte[4];
        var stream = body.Rewound();
        int n = await stream.ReadAtLeastAsync(magic, 4, throwOnEndOfStream: false, cancellationToken);
        return n == 4 && magic[0] == (byte)'P' && magic[1] == (byte)'K' && ((magic[2] == 3 && magic[3] == 4) || (magic[2] == 5 && magic[3] == 6));
    }

    public static async Task<int> ReadAsync(SpooledBody body, string file, UploadSink sink, FeatureHandler nodes, CancellationToken cancellationToken)
    {
        try
        {
            return await ReadArchiveAsync(body, file, sink, nodes, cancellationToken);
        }
        catch (Exception e) when (e is InvalidDataException or NotSupportedException)
        {
            // The zip's directory and entries are read lazily: a corrupt one or an unsupported compression method surfaces anywhere.
            throw new ImportFileException(file, $"not a readable zip ({e.Message}).", e);
        }
    }

    private static async Task<int> ReadArchiveAsync(SpooledBody body, string file, UploadSink sink, FeatureHandler nodes, CancellationToken cancellationToken)
    {
        ZipArchive archive;
        try
        {
            archive = new ZipArchive(body.Rewound(), ZipArchiveMode.Read, leaveOpen: true);
        }
        catch (InvalidDataException e)
        {
            throw new ImportFileException(file, $"not a readable zip ({e.Message}).", e);
        }
        using (archive)
        {
            var parts = Parts(archive, file);
            var index = new OfdsIndex();
            foreach (var (entry, kind) in parts)
            {
                string name = EntryName(file, entry);
                var visitor = new OfdsDocumentVisitor(name, new OfdsIndexer(name, index, kind));
                await WalkEntryAsync(entry, name, visitor, OfdsJsonReader.NoPause, cancellationToken);
                if (visitor.Shape != OfdsDocumentShape.FeatureCollection)
                    throw new ImportFileException(name, "not a GeoJSON FeatureCollection (a zip holds the standard's GeoJSON nodes and spans files).");
                if (kind == OfdsFeatureKind.Node)
                    index.CompleteGeoJsonNodes(name);
            }
            index.CompleteGeoJsonNodes(file);

            int read = 0;
            int spansBefore = 0, nodesBefore = 0;
            foreach (var (entry, kind) in parts)
            {
                string name = EntryName(file, entry);
                var emitter = new OfdsEmitter(index, Offset(sink, spansBefore), Offset(nodes, nodesBefore), kind);
                await WalkEntryAsync(entry, name, new OfdsDocumentVisitor(name, emitter), emitter.AfterBlockAsync, cancellationToken);
                await emitter.AfterBlockAsync(cancellationToken);
                spansBefore += emitter.Spans;
                nodesBefore += emitter.Nodes;
                read += emitter.Spans + emitter.Nodes;
            }
            return read;
        }
    }

    /// <summary>The nodes file then the spans file (each optional, at most one of each).</summary>
    private static List<(ZipArchiveEntry Entry, OfdsFeatureKind Kind)> Parts(ZipArchive archive, string file)
    {
        ZipArchiveEntry? nodes = null, spans = null;
        foreach (var entry in archive.Entries)
        {
            string name = entry.Name.ToLowerInvariant();
            if (name.Length == 0 || entry.FullName.StartsWith("__MACOSX/", StringComparison.Ordinal) || name.StartsWith("._", StringComparison.Ordinal)
                || !(name.EndsWith(".geojson", StringComparison.Ordinal) || name.EndsWith(".json", StringComparison.Ordinal)))
                continue;
            bool isNodes = name.Contains("nodes"), isSpans = name.Contains("spans");
            if (isNodes == isSpans)
                continue;
            ref var slot = ref isNodes ? ref nodes : ref spans;
            if (slot is not null)
                throw new ImportFileException(file, $"the zip holds more than one {(isNodes ? "nodes" : "spans")} file ('{slot.FullName}', '{entry.FullName}').");
            slot = entry;
        }
        if (nodes is null && spans is null)
            throw new ImportFileException(file, "the zip holds no OFDS GeoJSON file (a .geojson or .json file with 'nodes' or 'spans' in its name).");
        var parts = new List<(ZipArchiveEntry, OfdsFeatureKind)>(2);
        if (nodes is not null)
            parts.Add((nodes, OfdsFeatureKind.Node));
        if (spans is not null)
            parts.Add((spans, OfdsFeatureKind.Span));
        return parts;
    }

    private static async Task WalkEntryAsync(ZipArchiveEntry entry, string name, IJsonWalkVisitor visitor,
        Func<CancellationToken, ValueTask> onPause, CancellationToken cancellationToken)
    {
        try
        {
            await using var stream = entry.Open();
            await JsonStreamWalker.WalkAsync(stream, name, visitor, onPause, cancellationToken);
        }
        catch (Exception e) when (e is InvalidDataException or NotSupportedException)
        {
            throw new ImportFileException(name, $"a corrupt zip entry ({e.Message}).", e);
        }
    }

    private static string EntryName(string file, ZipArchiveEntry entry) => $"{file}/{entry.FullName}";

    /// <summary>Numbers the second file's features on from the first's, so each sink sees one sequence.</summary>
    private static UploadSink Offset(UploadSink sink, int offset) =>
        offset == 0 ? sink : sink with { Features = Offset(sink.Features, offset) };

    private static FeatureHandler Offset(FeatureHandler handler, int offset) =>
        offset == 0 ? handler : (feature, index, crs) => handler(feature, index + offset, crs);
}
