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
        Stream body = request.Body;
        if (codings.Length > 1)
            throw Unsupported(string.Join(", ", codings));
        if (codings.Length == 1)
        {
            body = codings[0] switch
            {
                "gzip" or "x-gzip" => new GZipStream(body, CompressionMode.Decompress, leaveOpen: true),
                "deflate" => new ZLibStream(body, CompressionMode.Decompress, leaveOpen: true),
                "br" => new BrotliStream(body, CompressionMode.Decompress, leaveOpen: true),
                var other => throw Unsupported(other),
            };
            body = new DecodingStream(body, codings[0]);
        }
        return new BodyLimitStream(body, limit);
    }

    private static ApiException Unsupported(string coding) => new(StatusCodes.Status415UnsupportedMediaType, "Unsupported Media Type",
        $"Content-Encoding '{coding}' is not one Maps decodes; send the body as is, or compressed with one of: {string.Join(", ", Encodings)}.");

    /// <summary>The decoder's view of the body; bytes that do not decode say so as a malformed body, with the encoding named.</summary>
    private sealed class DecodingStream(Stream decoder, string coding) : Stream
    {
        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            try
            {
                return await decoder.ReadAsync(buffer, cancellationToken);
            }
            catch (InvalidDataException e)
            {
                throw new MalformedBodyException($"The body is not valid {coding} data (Content-Encoding: {coding}): {e.Message}");
            }
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("Read the body asynchronously.");

        protected override void Dispose(bool disposing)
        {
            if (disposing)
                decoder.Dispose();
            base.Dispose(disposing);
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
