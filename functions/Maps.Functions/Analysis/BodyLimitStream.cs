namespace Maps.Functions.Analysis;

/// <summary>
/// A read-only view of the request body (decoded, <see cref="Http.RequestBody"/>) that fails with a
/// 413 <see cref="BadHttpRequestException"/> once more than the limit has been read, on any server (including the in-memory test server) and
/// for chunked bodies. Kestrel's own per-request limit is deliberately left at the server-wide cap
/// (the largest body any endpoint takes, <c>ServiceRegistration</c>): after the 413 is answered,
/// Kestrel then reads and discards the rest of the body instead of resetting the connection. A reset
/// is what the Functions host, still sending a body it has buffered, turns into a bare 500.
/// Over a decoder (<paramref name="coding"/> given: gzip, deflate, br), bytes that do not decode are a
/// <see cref="MalformedBodyException"/> naming the encoding, and disposing the view disposes the decoder.
/// </summary>
public sealed class BodyLimitStream(Stream inner, long limit, string? coding = null) : Stream
{
    private long _read;

    public static BadHttpRequestException TooLarge(long limit) =>
        new($"The request body is larger than {limit:N0} bytes.", StatusCodes.Status413PayloadTooLarge);

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        int read;
        try
        {
            read = await inner.ReadAsync(buffer, cancellationToken);
        }
        catch (InvalidDataException e) when (coding is not null)
        {
            throw new MalformedBodyException($"The body is not valid {coding} data (Content-Encoding: {coding}): {e.Message}");
        }
        _read += read;
        if (_read > limit)
            throw TooLarge(limit);
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("Read the body asynchronously.");

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => _read; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && coding is not null)
            inner.Dispose();
        base.Dispose(disposing);
    }
}
