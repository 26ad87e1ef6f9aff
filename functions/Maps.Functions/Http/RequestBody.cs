using System.IO.Compression;
using Maps.Functions.Analysis;

namespace Maps.Functions.Http;

/// <summary>
/// A request body as endpoints read it: decoded as its <c>Content-Encoding</c> says (<c>gzip</c>,
/// <c>deflate</c> or <c>br</c>; RFC 9110 §8.4), and limited to a number of decoded bytes, counted as
/// they stream (<see cref="BodyLimitStream"/>: 413 beyond). A compressed body lets a client send
/// more than the Functions host's cap on what crosses the wire (100 MB); the limit still holds on
/// what it decodes to, so a small body cannot expand without bound. An encoding Maps does not
/// decode is 415; bytes that do not decode are a <see cref="MalformedBodyException"/> (400, or the
/// streamed answer's error once it has started).
/// </summary>
public static class RequestBody
{
    public static readonly string[] Encodings = ["gzip", "deflate", "br"];

    public static Stream Open(HttpContext context, long limit)
    {
        var request = context.Request;
        // A declared length above the limit is refused at once (for an encoded body, compressed bytes beyond the decoded limit).
        if (request.ContentLength > limit)
            throw BodyLimitStream.TooLarge(limit);
        var codings = request.Headers.ContentEncoding.SelectMany(v => (v ?? "").Split(','))
            .Select(c => c.Trim().ToLowerInvariant()).Where(c => c is not ("" or "identity")).ToArray();
        if (codings.Length > 1)
            throw Unsupported(string.Join(", ", codings));
        if (codings.Length == 0)
            return new BodyLimitStream(request.Body, limit);
        Stream decoder = codings[0] switch
        {
            "gzip" or "x-gzip" => new GZipStream(request.Body, CompressionMode.Decompress, leaveOpen: true),
            "deflate" => new ZLibStream(request.Body, CompressionMode.Decompress, leaveOpen: true),
            "br" => new BrotliStream(request.Body, CompressionMode.Decompress, leaveOpen: true),
            var other => throw Unsupported(other),
        };
        return new BodyLimitStream(decoder, limit, codings[0]);
    }

    private static ApiException Unsupported(string coding) => new(StatusCodes.Status415UnsupportedMediaType, "Unsupported Media Type",
        $"Content-Encoding '{coding}' is not one Maps decodes; send the body as is, or compressed with one of: {string.Join(", ", Encodings)}.");
}
