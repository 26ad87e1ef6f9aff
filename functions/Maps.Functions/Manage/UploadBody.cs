using Maps.Formats;
using Maps.Functions.Http;
using Maps.Storage.Publishing;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Maps.Functions.Manage;

/// <summary>
/// What a publish request carries: the data, in a format chosen by <c>?format=</c>, else by its content
/// type, else (in a multipart part) by its file name; and optionally a <c>&lt;id&gt;.collection.json</c>
/// sidecar. Either the body is the data, or it is <c>multipart/form-data</c> whose parts are read in
/// order and streamed, never buffered: the sidecar part (a file name ending <c>.collection.json</c>, or
/// the part named <c>metadata</c>) must come before the data part, which is the last part read.
/// </summary>
internal static class UploadBody
{
    /// <summary>The sidecar is small metadata; anything larger is a mistake.</summary>
    private const int MaxSidecarBytes = 1 << 20;

    public static async Task<PublishResult> PublishAsync(HttpContext context, string collectionId, LayerPublisher publisher, PublishRequest template, string? format,
        UploadReadOptions options, CancellationToken cancellationToken)
    {
        var request = context.Request;
        MediaTypeHeaderValue.TryParse(request.ContentType, out var parsed);
        string? mediaType = parsed?.MediaType.Value;
        if (parsed is null || mediaType is not "multipart/form-data")
        {
            var chosen = UploadFormatChoice.Choose(format, mediaType, null);
            return await publisher.PublishAsync(template with
            {
                Read = (sink, ct) => chosen.ReadAsync(request.Body, options, sink, ct),
                HasNodes = chosen.HasNodes,
            }, cancellationToken);
        }

        string boundary = HeaderUtilities.RemoveQuotes(parsed.Boundary).Value
            ?? throw ApiException.BadRequest("The multipart/form-data body has no boundary.");
        var reader = new MultipartReader(boundary, request.Body);
        var sidecar = template.Sidecar;
        while (await NextAsync(reader, cancellationToken) is { } section)
        {
            var disposition = ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var d) ? d : null;
            string? fileName = HeaderUtilities.RemoveQuotes(disposition?.FileNameStar.HasValue == true ? disposition.FileNameStar : disposition?.FileName ?? default).Value;
            string? partName = HeaderUtilities.RemoveQuotes(disposition?.Name ?? default).Value;
            if (partName == "metadata" || (fileName?.EndsWith(".collection.json", StringComparison.OrdinalIgnoreCase) ?? false))
            {
                string sidecarName = fileName ?? "the metadata part";
                sidecar = SidecarReader.Read(await ReadSmallAsync(new MultipartPartStream(section.Body, sidecarName), sidecarName, cancellationToken), sidecarName);
                continue;
            }
            string? partType = section.ContentType is { } t && MediaTypeHeaderValue.TryParse(t, out var p) ? p.MediaType.Value : null;
            var chosen = UploadFormatChoice.Choose(format, partType is "application/octet-stream" ? null : partType, fileName);
            var body = new MultipartPartStream(section.Body, fileName ?? partName ?? "the data part");
            return await publisher.PublishAsync(template with
            {
                Sidecar = sidecar,
                Read = (sink, ct) => chosen.ReadAsync(body, options, sink, ct),
                HasNodes = chosen.HasNodes,
            }, cancellationToken);
        }
        throw ApiException.BadRequest("The multipart/form-data body has no data part: send the features as a file part (and the metadata, if any, as a part before it).");
    }

    private static async Task<MultipartSection?> NextAsync(MultipartReader reader, CancellationToken cancellationToken)
    {
        try
        {
            return await reader.ReadNextSectionAsync(cancellationToken);
        }
        catch (Exception e) when (e is IOException or InvalidDataException)
        {
            throw ApiException.BadRequest($"The multipart/form-data body cannot be read: {e.Message}");
        }
    }

    private static async Task<byte[]> ReadSmallAsync(Stream body, string name, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int n;
        while ((n = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + n > MaxSidecarBytes)
                throw ApiException.BadRequest($"{name} is over {MaxSidecarBytes / 1024} KiB; collection metadata is much smaller.");
            buffer.Write(chunk, 0, n);
        }
        return buffer.ToArray();
    }
}
