using Maps.Functions.Http;

namespace Maps.Functions.Manage;

/// <summary>
/// A multipart part's body as the readers see it: <see cref="Microsoft.AspNetCore.WebUtilities.MultipartReader"/>
/// throws a bare <see cref="IOException"/> when the body ends inside a part (no closing boundary), which
/// is the client's malformed request, so it becomes a 400 that says so. Read-only, forward-only.
/// </summary>
internal sealed class MultipartPartStream(Stream part, string name) : Stream
{
    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Guard(() => part.Read(buffer, offset, count));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        try
        {
            return await part.ReadAsync(buffer, cancellationToken);
        }
        catch (IOException e)
        {
            throw Malformed(e);
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private int Guard(Func<int> read)
    {
        try
        {
            return read();
        }
        catch (IOException e)
        {
            throw Malformed(e);
        }
    }

    private ApiException Malformed(IOException e) =>
        ApiException.BadRequest($"The multipart/form-data body ends inside {name} (no closing boundary?): {e.Message}");
}
