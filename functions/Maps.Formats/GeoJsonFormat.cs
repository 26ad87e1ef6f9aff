namespace Maps.Formats;

/// <summary>A GeoJSON FeatureCollection (RFC 7946, or a named <c>crs</c> of CRS84/4326/3857), streamed by <see cref="FeatureCollectionReader"/>.</summary>
public sealed class GeoJsonFormat : IUploadFormat
{
    public string Id => "geojson";

    public IReadOnlyList<string> MediaTypes { get; } = ["application/geo+json", "application/json"];

    public IReadOnlyList<string> Extensions { get; } = [".geojson", ".json"];

    public bool HasNodes => false;

    public Task<int> ReadAsync(Stream body, UploadReadOptions options, UploadSink sink, CancellationToken cancellationToken = default) =>
        FeatureCollectionReader.ReadAsync(body, options.Name, sink.Features, sink.AfterBlock, cancellationToken);
}
