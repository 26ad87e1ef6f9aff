using System.Buffers;
using System.Globalization;
using System.Text;

namespace Maps.Core.Import;

/// <summary>
/// The one CSV tokenizer, for the import's sources, published uploads and the analyses' request bodies:
/// streaming RFC 4180 over a byte stream, one record at a time, with the raw bytes of the record (without
/// its line break) and the byte range of each field, so a caller can copy a row to the output exactly as
/// it came and decode only the fields it needs.
/// <para>
/// Why our own rather than CsvHelper: CsvHelper decodes every field of every row to a string
/// (6M strings for 1M six-column rows) and cannot hand back a row's original text, which the batch
/// answer keeps byte for byte; this reader works on the UTF-8 bytes and allocates nothing per row.
/// </para>
/// <para>
/// Rules: the delimiter is detected from the header line (the most frequent of comma, semicolon and
/// tab outside quotes; comma on a tie); a UTF-8 BOM is skipped; quoted fields may hold delimiters,
/// doubled quotes and line breaks; records end at LF, CRLF or a lone CR; blank lines are skipped;
/// text after a closing quote runs on to the next delimiter (lenient, as spreadsheets write it).
/// An unterminated quote at the end of the body, and a record longer than the caller's bound, are the
/// caller's exception (<c>malformed</c>: a 400 for a request body, the file's error for an upload or a source).
/// Memory: one buffer (64 KiB, grown only for a record longer than it). Not thread-safe.
/// </para>
/// </summary>
public sealed class CsvRecordReader : IDisposable
{
    private const int InitialBufferSize = 64 * 1024;

    private readonly Stream _stream;
    private readonly Func<string, Exception> _malformed;
    private readonly int _maxRecordBytes;
    private readonly List<FieldRange> _fields = new(16);
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(InitialBufferSize);
    private int _start, _end, _recordStart, _recordLength;
    private bool _eof, _bomChecked;
    private long _discarded;

    /// <param name="stream">The CSV's UTF-8 bytes.</param>
    /// <param name="malformed">The exception for a body that is not CSV, from a message naming the record.</param>
    /// <param name="maxRecordBytes">The longest record read before <paramref name="malformed"/> (a quote never closed in a large file).</param>
    public CsvRecordReader(Stream stream, Func<string, Exception> malformed, int maxRecordBytes = int.MaxValue)
    {
        _stream = stream;
        _malformed = malformed;
        _maxRecordBytes = maxRecordBytes;
    }

    /// <summary>The field delimiter, known after <see cref="DetectDelimiterAsync"/>.</summary>
    public byte Delimiter { get; private set; } = (byte)',';

    /// <summary>1-based number of the current record (the header is record 1).</summary>
    public long RecordNumber { get; private set; }

    /// <summary>The current record as it came, without its line break. Valid until the next read.</summary>
    public ReadOnlySpan<byte> Raw => _buffer.AsSpan(_recordStart, _recordLength);

    public int FieldCount => _fields.Count;

    /// <summary>
    /// Reads enough of the body to see the whole header line (up to a line break outside quotes, so
    /// the answer does not depend on how the body arrives in pieces), skips a BOM and picks the
    /// delimiter. The scan is incremental: each byte of the header is looked at once.
    /// </summary>
    public async ValueTask DetectDelimiterAsync(CancellationToken cancellationToken)
    {
        int commas = 0, semicolons = 0, tabs = 0, scanned = 0, startSeen = -1;
        bool quoted = false;
        while (true)
        {
            if (_start != startSeen)
            {
                // The buffer was compacted or a BOM skipped: scan the header again from its start.
                (commas, semicolons, tabs, scanned, quoted, startSeen) = (0, 0, 0, 0, false, _start);
            }
            bool complete = false;
            foreach (byte b in _buffer.AsSpan(_start + scanned, _end - _start - scanned))
            {
                scanned++;
                if (b == '"')
                    quoted = !quoted;
                else if (quoted)
                    continue;
                else if (b is (byte)'\n' or (byte)'\r')
                {
                    complete = true;
                    break;
                }
                else if (b == ',')
                    commas++;
                else if (b == ';')
                    semicolons++;
                else if (b == '\t')
                    tabs++;
            }
            if (complete || _eof)
                break;
            await FillAsync(cancellationToken);
        }
        Delimiter = semicolons > commas && semicolons >= tabs ? (byte)';' : tabs > commas ? (byte)'\t' : (byte)',';
    }

    /// <summary>Moves to the next non-blank record; false at the end of the body.</summary>
    public async ValueTask<bool> ReadAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            switch (TryParse(_eof))
            {
                case ParseResult.Record:
                    if (_recordLength == 0)
                        continue;
                    RecordNumber++;
                    return true;
                case ParseResult.End:
                    return false;
                default:
                    await FillAsync(cancellationToken);
                    break;
            }
        }
    }

    /// <summary>The raw bytes of field <paramref name="index"/> (quotes included, if it had them).</summary>
    public ReadOnlySpan<byte> RawField(int index)
    {
        var field = _fields[index];
        return _buffer.AsSpan(_recordStart + field.Start, field.Length);
    }

    /// <summary>The field's value: surrounding quotes removed, doubled quotes undone, and text after the closing quote kept (<c>"ab"c</c> is <c>abc</c>).</summary>
    public string Field(int index)
    {
        var raw = RawField(index);
        if (!_fields[index].Quoted)
            return Encoding.UTF8.GetString(raw);
        int close = ClosingQuote(raw);
        string inner = Encoding.UTF8.GetString(raw[1..close]).Replace("\"\"", "\"");
        return close + 1 < raw.Length ? inner + Encoding.UTF8.GetString(raw[(close + 1)..]) : inner;
    }

    /// <summary>The closing quote of a quoted field (doubled quotes skipped); its length when the quote is never closed.</summary>
    private static int ClosingQuote(ReadOnlySpan<byte> raw)
    {
        int i = 1;
        while (i < raw.Length)
        {
            int q = raw[i..].IndexOf((byte)'"');
            if (q < 0)
                return raw.Length;
            i += q;
            if (i + 1 < raw.Length && raw[i + 1] == '"')
            {
                i += 2;
                continue;
            }
            return i;
        }
        return raw.Length;
    }

    /// <summary>The field as a number (surrounding blanks and quotes allowed), by <see cref="CsvConventions.TryNumber"/>.</summary>
    public bool TryNumber(int index, out double value)
    {
        value = 0;
        if (index >= _fields.Count)
            return false;
        var raw = RawField(index).Trim((byte)' ');
        if (raw.Length >= 2 && raw[0] == '"' && raw[^1] == '"')
            raw = raw[1..^1];
        return CsvConventions.TryNumber(raw, Delimiter, out value);
    }

    /// <summary>True when field <paramref name="index"/> exists and is not blank.</summary>
    public bool HasValue(int index) =>
        index < _fields.Count && RawField(index).Trim((byte)' ').Trim((byte)'"').Trim((byte)' ').Length > 0;

    private enum ParseResult { Record, NeedMore, End }

    private ParseResult TryParse(bool final)
    {
        var buffer = _buffer;
        int i = _start, end = _end;
        if (i == end)
            return final ? ParseResult.End : ParseResult.NeedMore;
        _fields.Clear();
        byte delimiter = Delimiter;
        while (true)
        {
            int fieldStart = i;
            bool quoted = false;
            if (i < end && buffer[i] == '"')
            {
                quoted = true;
                i++;
                while (true)
                {
                    int q = buffer.AsSpan(i, end - i).IndexOf((byte)'"');
                    if (q < 0)
                    {
                        if (!final)
                            return ParseResult.NeedMore;
                        throw _malformed($"CSV record {RecordNumber + 1} has a quoted field that is never closed.");
                    }
                    i += q + 1;
                    if (i == end && !final)
                        return ParseResult.NeedMore;
                    if (i < end && buffer[i] == '"')
                    {
                        i++;
                        continue;
                    }
                    break;
                }
            }
            int stop = buffer.AsSpan(i, end - i).IndexOfAny(delimiter, (byte)'\r', (byte)'\n');
            if (stop < 0)
            {
                if (!final)
                    return ParseResult.NeedMore;
                stop = end - i;
            }
            i += stop;
            _fields.Add(new FieldRange(fieldStart - _start, i - fieldStart, quoted));
            if (i == end)
            {
                Complete(i, i);
                return ParseResult.Record;
            }
            byte b = buffer[i];
            if (b == delimiter)
            {
                i++;
                if (i == end && !final)
                    return ParseResult.NeedMore;
                continue;
            }
            int recordEnd = i;
            if (b == '\r')
            {
                if (i + 1 == end && !final)
                    return ParseResult.NeedMore;
                i++;
                if (i < end && buffer[i] == '\n')
                    i++;
            }
            else
            {
                i++;
            }
            Complete(recordEnd, i);
            return ParseResult.Record;
        }
    }

    private void Complete(int recordEnd, int next)
    {
        _recordStart = _start;
        _recordLength = recordEnd - _start;
        _start = next;
    }

    private async ValueTask FillAsync(CancellationToken cancellationToken)
    {
        if (_end - _start >= _maxRecordBytes)
            throw _malformed($"CSV record {RecordNumber + 1} is longer than {_maxRecordBytes / (1 << 20)} MiB (a quoted field never closed?).");
        _discarded += ReadWindow.MakeRoom(ref _buffer, ref _start, ref _end);
        int before = _end;
        (_end, _eof) = await ReadWindow.FillAsync(_stream, _buffer, _end, cancellationToken);
        if (_end == before)
            return;
        // A UTF-8 BOM is skipped only at the very start of the body (nothing consumed or discarded yet).
        if (!_bomChecked && _end >= 3)
        {
            _bomChecked = true;
            if (_discarded == 0 && _start == 0 && _buffer[0] == 0xEF && _buffer[1] == 0xBB && _buffer[2] == 0xBF)
                _start = 3;
        }
    }

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }

    private readonly record struct FieldRange(int Start, int Length, bool Quoted);
}
