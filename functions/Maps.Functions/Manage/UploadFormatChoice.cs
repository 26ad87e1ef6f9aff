using Maps.Functions.Http;
using Maps.Storage.Publishing;

namespace Maps.Functions.Manage;

/// <summary>The reader an upload goes through: by <c>?format=</c>, else its media type, else its file name; a 415 that lists the formats otherwise.</summary>
internal sealed record UploadFormatChoice(string Id, bool HasNodes, Func<Stream, string, Maps.Formats.UploadSink, CancellationToken, Task<int>> Read)
{
    public Task<int> ReadAsync(Stream body, string collectionId, Maps.Formats.UploadSink sink, CancellationToken cancellationToken) =>
        Read(body, collectionId, sink, cancellationToken);

    private static readonly UploadFormatChoice GeoJson = new("geojson", false, (body, id, sink, ct) => GeoJsonReading.ReadAsync(body, id, sink, ct));

    public static UploadFormatChoice Choose(string? format, string? mediaType, string? fileName)
    {
        if (format is not null)
            return format == "geojson" ? GeoJson : throw Unsupported($"format '{format}'");
        if (mediaType is MediaTypes.GeoJson or MediaTypes.Json)
            return GeoJson;
        if (mediaType is null && fileName is not null && (fileName.EndsWith(".geojson", StringComparison.OrdinalIgnoreCase) || fileName.EndsWith(".json", StringComparison.OrdinalIgnoreCase)))
            return GeoJson;
        throw Unsupported(mediaType is not null ? $"media type '{mediaType}'" : fileName is not null ? $"file '{fileName}'" : "a body without a content type");
    }

    private static ApiException Unsupported(string what) =>
        new(StatusCodes.Status415UnsupportedMediaType, "Unsupported Media Type",
            $"Cannot read {what}: send a GeoJSON FeatureCollection as {MediaTypes.GeoJson} or {MediaTypes.Json}, or name the format with ?format=.");
}
