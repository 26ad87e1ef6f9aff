using System.Text;

namespace Maps.Formats;

/// <summary>
/// A body whose first line has been read ahead (to pick the CSV delimiter before the parser is made) and
/// is replayed before the rest, so the parser still sees every byte from the start. Read-only, forward-only.
/// </summary>
internal sealed class HeaderPeekStream : Stream
{
    /// <summary>Read ahead at most this much looking for the end of the header line.</summary>
    private const int MaxHeaderBytes = 1 << 20;

    private readonly byte[] _prefix;
    private readonly int _prefixLength;
    private readonly Stream _inner;
    private int _position;

    private HeaderPeekStream(byte[] prefix, int prefixLength, Stream inner)
    {
        _prefix = prefix;
        _prefixLength = prefixLength;
        _inner = inner;
    }

    /// <summary>The header line as read ahead (a BOM removed; possibly cut at <see cref="MaxHeaderBytes"/>).</summary>
    public string Header { get; private init; } = "";

    /// <summary>Reads until a line break outside quotes, the end of the body, or <see cref="MaxHeaderBytes"/>.</summary>
    public static async Task<HeaderPeekStream> OpenAsync(Stream body, CancellationToken cancellationToken)
    {
        byte[] prefix = new byte[64 * 1024];
        int length = 0, scanned = 0, lineEnd = -1;
        bool quoted = false;
        while (lineEnd < 0 && length < MaxHeaderBytes)
        {
            if (length == prefix.Length)
                Array.Resize(ref prefix, prefix.Length * 2);
            int read = await body.ReadAsync(prefix.AsMemory(length), cancellationToken);
            if (read == 0)
                break;
            length += read;
            for (; scanned < length; scanned++)
            {
                byte b = prefix[scanned];
                if (b == '"')
                    quoted = !quoted;
                else if (!quoted && b is (byte)'\n' or (byte)'\r')
                {
                    lineEnd = scanned;
                    break;
                }
            }
        }
        var header = prefix.AsSpan(0, lineEnd < 0 ? length : lineEnd);
        if (header is [0xEF, 0xBB, 0xBF, ..])
            header = header[3..];
        return new HeaderPeekStream(prefix, length, body) { Header = Encoding.UTF8.GetString(header) };
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (_position < _prefixLength)
            return Replay(buffer);
        return _inner.Read(buffer);
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_position < _prefixLength)
            return ValueTask.FromResult(Replay(buffer.Span));
        return _inner.ReadAsync(buffer, cancellationToken);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    private int Replay(Span<byte> buffer)
    {
        int n = Math.Min(buffer.Length, _prefixLength - _position);
        _prefix.AsSpan(_position, n).CopyTo(buffer);
        _position += n;
        return n;
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
