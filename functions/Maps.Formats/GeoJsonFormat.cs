using Maps.Core.Import;

namespace Maps.Formats;

/// <summary>A GeoJSON FeatureCollection (RFC 7946, or a named <c>crs</c> of CRS84/4326/3857), streamed by the one reader, <see cref="FeatureCollectionStream"/>.</summary>
public sealed class GeoJsonFormat : IUploadFormat
{
    private const int BlockFeatures = 1000;

    public string Id => "geojson";

    public IReadOnlyList<string> MediaTypes { get; } = ["application/geo+json", "application/json"];

    public IReadOnlyList<string> Extensions { get; } = [".geojson", ".json"];

    public bool HasNodes => false;

    public async Task<int> ReadAsync(Stream body, UploadReadOptions options, UploadSink sink, CancellationToken cancellationToken = default)
    {
        using var reader = new FeatureCollectionStream(body, message => new ImportFileException(options.Name, message), requireType: true, crsFile: options.Name);
        while (await reader.ReadAsync(cancellationToken))
        {
            sink.Features(reader.Current, reader.Index, reader.Crs);
            if ((reader.Index + 1) % BlockFeatures == 0)
                await sink.AfterBlock(cancellationToken);
        }
        await sink.AfterBlock(cancellationToken);
        return reader.Index + 1;
    }
}
