using Maps.Core.Import;

namespace Maps.Formats.Ofds;

/// <summary>
/// The Open Fibre Data Standard (0.x): a JSON network package (<c>{"networks": [...]}</c>), a GeoJSON
/// FeatureCollection of OFDS nodes and/or spans, or a zip of the standard's nodes and spans GeoJSON files.
/// Spans go to <see cref="UploadSink.Features"/> (the <c>fibre-links</c> shape), nodes to
/// <see cref="UploadSink.Nodes"/> (the <c>transmission-nodes</c> shape). A span endpoint naming a node the
/// network does not have is a file-level error, found before anything is handed on.
/// OFDS has no media type of its own (packages are <c>application/json</c>, the pair a zip), so the format
/// is chosen with <c>?format=ofds</c> or by an <c>.ofds.*</c> file name, never by content type.
/// </summary>
public sealed class OfdsFormat : IUploadFormat
{
    public string Id => "ofds";

    public IReadOnlyList<string> MediaTypes { get; } = [];

    public IReadOnlyList<string> Extensions { get; } = [".ofds.json", ".ofds.geojson", ".ofds.zip"];

    public bool HasNodes => true;

    /// <returns>The number of spans and nodes read.</returns>
    public async Task<int> ReadAsync(Stream body, UploadReadOptions options, UploadSink sink, CancellationToken cancellationToken = default)
    {
        var nodes = sink.Nodes ?? throw new ArgumentException("OFDS yields nodes: the sink needs a Nodes handler.", nameof(sink));
        await using var spooled = await SpooledBody.OpenAsync(body, options.TempDirectory, cancellationToken);
        return await OfdsZipReader.IsZipAsync(spooled, cancellationToken)
            ? await OfdsZipReader.ReadAsync(spooled, options.Name, sink, nodes, cancellationToken)
            : await OfdsJsonReader.ReadAsync(spooled, options.Name, sink, nodes, cancellationToken);
    }
}
