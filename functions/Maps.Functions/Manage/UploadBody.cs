using Maps.Formats;
using Maps.Functions.Http;
using Maps.Functions.Jobs;
using Maps.Storage.Publishing;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Maps.Functions.Manage;

/// <summary>
/// What a publish request carries: the data, in a format chosen by <c>?format=</c>, else by its content
/// type, else (in a multipart part, or at an href) by its file name; and optionally a
/// <c>&lt;id&gt;.collection.json</c> sidecar. Either the body is the data, or it is <c>multipart/form-data</c>
/// whose parts are read in order and streamed, never buffered: the sidecar part (a file name ending
/// <c>.collection.json</c>, or the part named <c>metadata</c>) must come before the data part, which
/// is the last part read. The body may be compressed (<see cref="RequestBody"/>). The data may also
/// be given by reference: a body (or data part) of type <c>text/uri-list</c> (RFC 2483) whose URL,
/// such as a Blob SAS URL, is read with the guards of the jobs' hrefs (<see cref="InputReferences"/>),
/// in the body, never in the query string, where logs would keep its secret.
/// </summary>
internal static class UploadBody
{
    /// <summary>The sidecar is small metadata; anything larger is a mistake.</summary>
    private const int MaxSidecarBytes = 1 << 20;

    public const string UriList = "text/uri-list";

    public static async Task<PublishResult> PublishAsync(HttpContext context, string collectionId, LayerPublisher publisher, PublishRequest template, string? format,
        UploadReadOptions options, long maxBytes, CancellationToken cancellationToken)
    {
        var request = context.Request;
        MediaTypeHeaderValue.TryParse(request.ContentType, out var parsed);
        string? mediaType = parsed?.MediaType.Value;
        var decoded = RequestBody.Open(context, maxBytes);
        if (parsed is null || mediaType is not "multipart/form-data")
            return await PublishDataAsync(context, publisher, template, format, mediaType, null, decoded, "the body", options, maxBytes, cancellationToken);

        string boundary = HeaderUtilities.RemoveQuotes(parsed.Boundary).Value
            ?? throw ApiException.BadRequest("The multipart/form-data body has no boundary.");
        var reader = new MultipartReader(boundary, decoded);
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
            string partLabel = fileName ?? partName ?? "the data part";
            var body = new MultipartPartStream(section.Body, partLabel);
            return await PublishDataAsync(context, publisher, template with { Sidecar = sidecar }, format, partType is "application/octet-stream" ? null : partType, fileName,
                body, partLabel, options, maxBytes, cancellationToken);
        }
        throw ApiException.BadRequest("The multipart/form-data body has no data part: send the features as a file part (and the metadata, if any, as a part before it).");
    }

    /// <summary>Publishes the data in <paramref name="body"/>, or at the URL it lists when it is a <c>text/uri-list</c>.</summary>
    private static async Task<PublishResult> PublishDataAsync(HttpContext context, LayerPublisher publisher, PublishRequest template, string? format, string? mediaType,
        string? fileName, Stream body, string label, UploadReadOptions options, long maxBytes, CancellationToken cancellationToken)
    {
        if (mediaType != UriList)
        {
            var chosen = UploadFormatChoice.Choose(format, mediaType, fileName);
            return await publisher.PublishAsync(template with
            {
                Read = (sink, ct) => chosen.ReadAsync(body, options, sink, ct),
                HasNodes = chosen.HasNodes,
            }, cancellationToken);
        }
        string href = OnlyUri(await ReadSmallAsync(body, label, cancellationToken), label);
        var (referenced, contentType) = await context.RequestServices.GetRequiredService<InputReferences>()
            .OpenAsync(href, "layer's", maxBytes, ManageOptions.Section + ":MaxUploadBytes", cancellationToken);
        await using (referenced)
        {
            // A storage account's generic type says nothing of the format: the file name does.
            var referencedType = contentType is "application/octet-stream" or "binary/octet-stream" ? null : contentType;
            var chosen = UploadFormatChoice.Choose(format, referencedType, InputReferences.FileName(href));
            return await publisher.PublishAsync(template with
            {
                Read = (sink, ct) => chosen.ReadAsync(referenced, options, sink, ct),
                HasNodes = chosen.HasNodes,
            }, cancellationToken);
        }
    }

    /// <summary>The one URL of a <c>text/uri-list</c> (lines starting <c>#</c> are comments); none or several is 400.</summary>
    private static string OnlyUri(byte[] list, string label)
    {
        var uris = System.Text.Encoding.UTF8.GetString(list).Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToArray();
        return uris.Length == 1
            ? uris[0]
            : throw ApiException.BadRequest($"{label} is a text/uri-list of {uris.Length} URLs; give exactly one, the URL of the layer's data (a Blob SAS URL, say).");
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
