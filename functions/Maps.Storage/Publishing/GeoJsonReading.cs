using Maps.Formats;

namespace Maps.Storage.Publishing;

/// <summary>A GeoJSON FeatureCollection upload read into an <see cref="UploadSink"/>.</summary>
public static class GeoJsonReading
{
    public static Task<int> ReadAsync(Stream body, string name, UploadSink sink, CancellationToken cancellationToken) =>
        FeatureCollectionReader.ReadAsync(body, name, (feature, index, crs) => sink.Features(feature, index, crs), sink.AfterBlock, cancellationToken);
}
