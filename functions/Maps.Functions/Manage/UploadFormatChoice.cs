using Maps.Formats;
using Maps.Functions.Http;

namespace Maps.Functions.Manage;

/// <summary>The reader an upload goes through: by <c>?format=</c>, else its media type, else its file name; a 415 that lists the formats otherwise.</summary>
internal static class UploadFormatChoice
{
    public static IUploadFormat Choose(string? format, string? mediaType, string? fileName)
    {
        if (format is not null)
            return UploadFormats.ById(format) ?? throw Unsupported($"format '{format}'");
        return UploadFormats.ByMediaType(mediaType) ?? UploadFormats.ByFileName(fileName)
            ?? throw Unsupported(mediaType is not null ? $"media type '{mediaType}'" : fileName is not null ? $"file '{fileName}'" : "a body without a content type");
    }

    /// <summary>What each format is chosen by, for messages and the OpenAPI description.</summary>
    public static string Listing => string.Join("; ", UploadFormats.All.Select(f =>
        $"{f.Id} ({string.Join(", ", f.MediaTypes.Concat(f.Extensions))})"));

    private static ApiException Unsupported(string what) =>
        new(StatusCodes.Status415UnsupportedMediaType, "Unsupported Media Type",
            $"Cannot read {what}. Name the format with ?format= or send a content type or file name it is known by: {Listing}.");
}
