using System.Text;

namespace Maps.Formats.Tests.Support;

/// <summary>
/// A body made record by record as it is read, so a test can stream hundreds of megabytes that never exist
/// in memory at once: <paramref name="header"/>, then <paramref name="record"/>(0 … count − 1).
/// </summary>
public sealed class GeneratedStream(string header, int count, Func<int, string> record) : Stream
{
    private byte[] _current = Encoding.UTF8.GetBytes(header);
    private int _offset;
    private int _next;

    /// <summary>Bytes handed out so far.</summary>
    public long Produced { get; private set; }

    public override int Read(byte[] buffer, int offset, int length) => Read(buffer.AsSpan(offset, length));

    public override int Read(Span<byte> buffer)
    {
        while (_offset == _current.Length)
        {
            if (_next == count)
                return 0;
            _current = Encoding.UTF8.GetBytes(record(_next++));
            _offset = 0;
        }
        int n = Math.Min(buffer.Length, _current.Length - _offset);
        _current.AsSpan(_offset, n).CopyTo(buffer);
        _offset += n;
        Produced += n;
        return n;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int length, CancellationToken cancellationToken) =>
        Task.FromResult(Read(buffer.AsSpan(offset, length)));

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int length) => throw new NotSupportedException();
}
