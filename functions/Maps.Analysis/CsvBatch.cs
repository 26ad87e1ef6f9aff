using System.Buffers;
using Maps.Core.Import;

namespace Maps.Analysis;

/// <summary>
/// A streamed CSV batch (nearest, gaps and profile on <c>text/csv</c> points): the header is checked and
/// answered first, then rows are read, answered and written a chunk at a time, so memory holds one
/// chunk whatever the number of rows. Every row keeps its original bytes and gets the columns of
/// <see cref="IBatchAnswer.AddedColumns"/>; a row without a usable position gets an <c>error</c> and
/// does not stop the batch. A body column named like an added column (other than the position columns) is replaced by it (left out of
/// the echo, which is then re-encoded field by field), so a file answered before can be answered again. If the body turns out malformed after output started (an unterminated
/// quote, a body over the limit), the rows read so far are answered and a last row is written whose
/// only non-empty field is <c>error</c>, starting with <see cref="BodyErrorPrefix"/>.
/// </summary>
public sealed class CsvBatch
{
    public const string BodyErrorPrefix = "request body error: ";

    public static readonly string[] LatitudeNames = CsvConventions.LatitudeNames;
    public static readonly string[] LongitudeNames = CsvConventions.LongitudeNames;
    public static readonly string[] CountryNames = ["country", "iso3", "country_iso3", "country_iso3_code", "country_code"];

    private readonly BatchSink _sink;
    private readonly IBatchAnswer _analysis;
    private readonly BatchSettings _settings;
    private readonly bool _summaryOnly;
    private int _headerWidth;
    private bool[]? _replaced;

    // The chunk being read, and the answered one being written beside it (ChunkWriting).
    private RowChunk _reading = new(), _written = new();
    private readonly ChunkWriting _writing;

    private CsvBatch(BatchSink sink, IBatchAnswer analysis, BatchSettings settings, bool summaryOnly)
    {
        _sink = sink;
        _analysis = analysis;
        _settings = settings;
        _summaryOnly = summaryOnly;
        _writing = new ChunkWriting(settings.Timings);
    }

    /// <summary>Answers the input; its <see cref="BatchInput.LatColumn"/>/<see cref="BatchInput.LonColumn"/> name the columns when given.</summary>
    internal static async Task<BatchOutcome> RunAsync(BatchInput input, IBatchAnswer analysis, BatchSink sink, BatchSettings settings, CancellationToken cancellationToken)
    {
        var batch = new CsvBatch(sink, analysis, settings, input.SummaryOnly);
        try
        {
            var failure = await batch.RunAsync(input.Body, input.LatColumn, input.LonColumn, cancellationToken);
            return new BatchOutcome(batch.Delimiter, failure);
        }
        finally
        {
            await batch._writing.DrainAsync();
            batch._reading.Return();
            batch._written.Return();
        }
    }

    private async Task<string?> RunAsync(Stream body, string? latColumn, string? lonColumn, CancellationToken cancellationToken)
    {
        using var reader = new CsvRecordReader(body, message => new MalformedBodyException(message));
        await reader.DetectDelimiterAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
            throw new BatchInputException("The CSV body is empty; it needs a header line naming the latitude and longitude columns.");
        var header = Header(reader);
        _headerWidth = header.Length;
        var (lat, lon) = Position(header, latColumn, lonColumn);
        int country = Array.FindIndex(header, h => CountryNames.Contains(h, StringComparer.OrdinalIgnoreCase));
        // The position columns are always echoed, so every row keeps at least them.
        var replaced = header.Select((h, i) => i != lat && i != lon && _analysis.AddedColumns.Contains(h, StringComparer.OrdinalIgnoreCase)).ToArray();
        _replaced = replaced.Any(r => r) ? replaced : null;

        var output = new CsvOutput(_sink.Output, reader.Delimiter);
        if (!_summaryOnly)
        {
            _sink.ContentType = CsvOutput.ContentType;
            _sink.Begin(BatchPart.Head);
            Echo(output, reader, _headerWidth);
            foreach (var name in _analysis.AddedColumns)
            {
                output.Separator();
                output.Field(name);
            }
            output.EndRow();
            _sink.Begin(BatchPart.Rows);
        }

        string? failure = null;
        try
        {
            long rows = 0;
            while (await reader.ReadAsync(cancellationToken))
            {
                if (++rows > _settings.MaxRows)
                    throw BatchLimitException.TooManyRows(_settings.MaxRows);
                Queue(reader, lat, lon, country);
                if (_reading.Rows.Count >= _settings.ChunkRows)
                    await AnswerChunkAsync(output, cancellationToken);
            }
        }
        catch (Exception e) when (!_summaryOnly && (e is MalformedBodyException || _settings.CutsInput(e)))
        {
            failure = e.Message;
        }
        await AnswerChunkAsync(output, cancellationToken);
        await _writing.WaitAsync();
        if (failure is not null)
        {
            int echoed = _replaced is null ? header.Length : _replaced.Count(r => !r);
            for (int i = 0; i < echoed + _analysis.AddedColumns.Count - 1; i++)
                output.Separator();
            output.Field(BodyErrorPrefix + failure + " The rest of the body was not read.");
            output.EndRow();
            await _sink.FlushAsync(cancellationToken);
        }
        Delimiter = reader.Delimiter;
        return failure;
    }

    /// <summary>The body's delimiter, once read (a CSV summary table is written with it).</summary>
    public byte Delimiter { get; private set; } = (byte)',';

    /// <summary>The header's names, trimmed.</summary>
    public static string[] Header(CsvRecordReader reader) =>
        Enumerable.Range(0, reader.FieldCount).Select(i => reader.Field(i).Trim()).ToArray();

    /// <summary>The latitude and longitude columns: the named ones, or the first of the known names; else 400.</summary>
    public static (int Lat, int Lon) Position(string[] header, string? latColumn, string? lonColumn) =>
        (Column(header, latColumn, LatitudeNames, "lat", "latitude"), Column(header, lonColumn, LongitudeNames, "lon", "longitude"));

    /// <summary>
    /// Writes the first <paramref name="width"/> fields of the record but the replaced ones, as they
    /// came when nothing is replaced or cut.
    /// </summary>
    private void Echo(CsvOutput output, CsvRecordReader reader, int width)
    {
        if (_replaced is null && reader.FieldCount <= width)
        {
            output.Raw(reader.Raw);
            return;
        }
        bool none = true;
        for (int i = 0; i < Math.Min(width, reader.FieldCount); i++)
        {
            if (_replaced is not null && _replaced[i])
                continue;
            if (!none)
                output.Separator();
            none = false;
            output.Field(reader.Field(i));
        }
        // A short row is padded to the header's width (its missing fields are empty).
        for (int i = reader.FieldCount; i < width; i++)
        {
            if (_replaced is not null && _replaced[i])
                continue;
            if (!none)
                output.Separator();
            none = false;
        }
    }

    /// <summary>The index of the named column (case-insensitive), or of the first known name; else 400.</summary>
    public static int Column(string[] header, string? named, string[] known, string parameter, string what)
    {
        if (named is not null)
        {
            int index = Array.FindIndex(header, h => string.Equals(h, named.Trim(), StringComparison.OrdinalIgnoreCase));
            return index >= 0 ? index : throw new BatchInputException(
                $"The CSV header has no column '{named}' (from {parameter}=). Columns: {string.Join(", ", header)}.");
        }
        foreach (var name in known)
        {
            int index = Array.FindIndex(header, h => string.Equals(h, name, StringComparison.OrdinalIgnoreCase));
            if (index >= 0)
                return index;
        }
        throw new BatchInputException(
            $"The CSV header has no {what} column (looked for {string.Join(", ", known)}); name it with {parameter}=<column>. Columns: {string.Join(", ", header)}.");
    }

    /// <summary>
    /// The row's position, or the row error that says why it has none. The added columns must line
    /// up under their header, so a row longer than the header is an error (a short one is padded).
    /// </summary>
    public static string? ReadPosition(CsvRecordReader reader, int lat, int lon, int headerWidth, out double x, out double y)
    {
        bool lonParsed = reader.TryNumber(lon, out x), latParsed = reader.TryNumber(lat, out y);
        int width = reader.FieldCount;
        return width > headerWidth
            ? $"the row has {width} fields but the header has {headerWidth}; the fields after the {headerWidth}th are left out"
            : BatchAnalysis.CheckPosition(reader.HasValue(lon), lonParsed, x, reader.HasValue(lat), latParsed, y);
    }

    private void Queue(CsvRecordReader reader, int lat, int lon, int country)
    {
        string? error = ReadPosition(reader, lat, lon, _headerWidth, out double x, out double y);
        int width = reader.FieldCount;
        int slot = error is null ? _analysis.Add(x, y) : -1;
        string? countryValue = _analysis.UsesCountry && country >= 0 && country < reader.FieldCount ? reader.Field(country) : null;
        var chunk = _reading;
        int offset = chunk.Length;
        if (!_summaryOnly)
        {
            ReadOnlySpan<byte> raw;
            if (_replaced is null && width <= _headerWidth)
            {
                raw = reader.Raw;
            }
            else
            {
                // Replaced or surplus fields: the echo is re-encoded, already padded to the header's width.
                _echo.Clear();
                Echo(new CsvOutput(_echo, reader.Delimiter), reader, _headerWidth);
                raw = _echo.WrittenSpan;
                width = _headerWidth;
            }
            chunk.Append(raw);
        }
        chunk.Rows.Add(new PendingRow(offset, chunk.Length - offset, slot, error, countryValue, Math.Max(0, _headerWidth - width)));
    }

    private readonly ArrayBufferWriter<byte> _echo = new();
    // One buffer per part of a chunk formatted in parallel, reused from chunk to chunk.
    private readonly List<(ArrayBufferWriter<byte> Buffer, CsvOutput Output)> _parts = [];

    /// <summary>Fewest rows per part when a chunk is formatted on several cores.</summary>
    private const int RowsPerPart = 2_048;

    /// <summary>Answers the chunk read (after the last one is written, whose answers this replaces), then writes it beside the reading of the next.</summary>
    private async ValueTask AnswerChunkAsync(CsvOutput output, CancellationToken cancellationToken)
    {
        await _writing.WaitAsync();
        var timings = _settings.Timings;
        timings.Rows += _reading.Rows.Count;
        timings.Answer.Start();
        _analysis.Run(cancellationToken);
        timings.Answer.Stop();
        var answered = _reading;
        (_reading, _written) = (_written, answered);
        _writing.Start(() => WriteAsync(answered, output, cancellationToken));
    }

    private async Task WriteAsync(RowChunk chunk, CsvOutput output, CancellationToken cancellationToken)
    {
        var timings = _settings.Timings;
        timings.Format.Start();
        // Keep counts the summary, so it runs here, in row order; the rows kept are then formatted
        // in parts on all cores, each into a reused buffer, and the parts copied to the response in
        // order (the response's PipeWriter costs far more per small write than an array does).
        var rows = chunk.Rows;
        var kept = chunk.Kept(rows.Count);
        for (int i = 0; i < rows.Count; i++)
            kept[i] = _analysis.Keep(rows[i].Slot, rows[i].Country) && !_summaryOnly;
        if (!_summaryOnly)
        {
            int parts = Math.Clamp(rows.Count / RowsPerPart, 1, Environment.ProcessorCount);
            while (_parts.Count < parts)
            {
                var buffer = new ArrayBufferWriter<byte>(1 << 20);
                _parts.Add((buffer, new CsvOutput(buffer, output.Delimiter)));
            }
            if (parts == 1)
                Format(chunk, kept, 0, rows.Count, _parts[0]);
            else
                Parallel.For(0, parts, part => Format(chunk, kept, part * rows.Count / parts, (part + 1) * rows.Count / parts, _parts[part]));
            for (int part = 0; part < parts; part++)
                output.Raw(_parts[part].Buffer.WrittenSpan);
        }
        chunk.Clear();
        timings.Format.Stop();
        if (!_summaryOnly)
        {
            timings.Send.Start();
            await _sink.FlushAsync(cancellationToken);
            timings.Send.Stop();
        }
    }

    /// <summary>The kept rows of [from, to) of the chunk, with their added fields, into the part's buffer.</summary>
    private void Format(RowChunk chunk, bool[] kept, int from, int to, (ArrayBufferWriter<byte> Buffer, CsvOutput Output) part)
    {
        part.Buffer.ResetWrittenCount();
        var output = part.Output;
        for (int i = from; i < to; i++)
        {
            if (!kept[i])
                continue;
            var row = chunk.Rows[i];
            output.Raw(chunk.Bytes.AsSpan(row.Offset, row.Length));
            for (int pad = 0; pad < row.Padding; pad++)
                output.Separator();
            output.Separator();
            _analysis.WriteCsvFields(output, row.Slot);
            output.Separator();
            output.Field(row.Error);
            output.EndRow();
        }
    }

    /// <summary>A row waiting for its chunk; <see cref="Padding"/> empty fields bring a short row to the header's width.</summary>
    private readonly record struct PendingRow(int Offset, int Length, int Slot, string? Error, string? Country, int Padding);

    /// <summary>One chunk's rows: their raw bytes back to back (pooled), and per row its range, slot and error.</summary>
    private sealed class RowChunk
    {
        public byte[] Bytes { get; private set; } = ArrayPool<byte>.Shared.Rent(1 << 20);

        public int Length { get; private set; }

        public List<PendingRow> Rows { get; } = [];

        private bool[] _kept = [];

        /// <summary>Room to mark whether each row goes into the answer.</summary>
        public bool[] Kept(int rows)
        {
            if (_kept.Length < rows)
                _kept = new bool[Math.Max(rows, _kept.Length * 2)];
            return _kept;
        }

        public void Append(ReadOnlySpan<byte> raw)
        {
            if (Length + raw.Length > Bytes.Length)
            {
                var larger = ArrayPool<byte>.Shared.Rent(Math.Max(Bytes.Length * 2, Length + raw.Length));
                Buffer.BlockCopy(Bytes, 0, larger, 0, Length);
                ArrayPool<byte>.Shared.Return(Bytes);
                Bytes = larger;
            }
            raw.CopyTo(Bytes.AsSpan(Length));
            Length += raw.Length;
        }

        public void Clear()
        {
            Rows.Clear();
            Length = 0;
        }

        public void Return()
        {
            ArrayPool<byte>.Shared.Return(Bytes);
            Bytes = [];
        }
    }
}
