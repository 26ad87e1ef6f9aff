using System.Buffers;
using System.IO.Pipelines;
using Maps.Core.Import;
using Maps.Functions.Http;

namespace Maps.Functions.Analysis;

/// <summary>
/// A streamed CSV batch (POST nearest, gaps and profile with <c>text/csv</c>): the header is checked and
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

    private readonly HttpContext _context;
    private readonly IBatchAnswer _analysis;
    private readonly int _chunkRows;
    private readonly bool _summaryOnly;
    private int _headerWidth;
    private long _maxRows = long.MaxValue;
    private bool[]? _replaced;

    // The current chunk: raw row bytes back to back, and per row its range, slot and error.
    private byte[] _rows = ArrayPool<byte>.Shared.Rent(1 << 20);
    private int _rowsLength;
    private readonly List<PendingRow> _pending = [];

    private CsvBatch(HttpContext context, IBatchAnswer analysis, int chunkRows, bool summaryOnly)
    {
        _context = context;
        _analysis = analysis;
        _chunkRows = chunkRows;
        _summaryOnly = summaryOnly;
    }

    /// <summary>Answers the request; <paramref name="latColumn"/>/<paramref name="lonColumn"/> name the columns when given.</summary>
    public static async Task RunAsync(HttpContext context, Stream body, IBatchAnswer analysis, int chunkRows, long maxRows, string? latColumn, string? lonColumn, bool summaryOnly)
    {
        var batch = new CsvBatch(context, analysis, chunkRows, summaryOnly) { _maxRows = maxRows };
        try
        {
            await batch.RunAsync(body, latColumn, lonColumn);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(batch._rows);
        }
    }

    private async Task RunAsync(Stream body, string? latColumn, string? lonColumn)
    {
        var cancellationToken = _context.RequestAborted;
        using var reader = new CsvRecordReader(body, message => new MalformedBodyException(message));
        await reader.DetectDelimiterAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
            throw ApiException.BadRequest("The CSV body is empty; it needs a header line naming the latitude and longitude columns.");
        var header = Header(reader);
        _headerWidth = header.Length;
        var (lat, lon) = Position(header, latColumn, lonColumn);
        int country = Array.FindIndex(header, h => CountryNames.Contains(h, StringComparer.OrdinalIgnoreCase));
        // The position columns are always echoed, so every row keeps at least them.
        var replaced = header.Select((h, i) => i != lat && i != lon && _analysis.AddedColumns.Contains(h, StringComparer.OrdinalIgnoreCase)).ToArray();
        _replaced = replaced.Any(r => r) ? replaced : null;

        var output = new CsvOutput(_context.Response.BodyWriter, reader.Delimiter);
        if (!_summaryOnly)
        {
            _context.Response.ContentType = MediaTypes.Csv + "; charset=utf-8; header=present";
            Echo(output, reader, _headerWidth);
            foreach (var name in _analysis.AddedColumns)
            {
                output.Separator();
                output.Field(name);
            }
            output.EndRow();
        }

        string? failure = null;
        try
        {
            long rows = 0;
            while (await reader.ReadAsync(cancellationToken))
            {
                if (++rows > _maxRows)
                    throw AnalysisOptions.TooManyRows(_maxRows);
                Queue(reader, lat, lon, country);
                if (_pending.Count >= _chunkRows)
                    await WriteChunkAsync(output, cancellationToken);
            }
        }
        catch (MalformedBodyException e) when (!_summaryOnly)
        {
            failure = e.Message;
        }
        catch (BadHttpRequestException e) when (!_summaryOnly && e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            failure = e.Message;
        }
        await WriteChunkAsync(output, cancellationToken);
        if (failure is not null)
        {
            int echoed = _replaced is null ? header.Length : _replaced.Count(r => !r);
            for (int i = 0; i < echoed + _analysis.AddedColumns.Count - 1; i++)
                output.Separator();
            output.Field(BodyErrorPrefix + failure + " The rest of the body was not read.");
            output.EndRow();
            await _context.Response.BodyWriter.FlushAsync(cancellationToken);
        }
        if (_summaryOnly)
            await _analysis.WriteSummaryAsync(_context, csvBody: true, reader.Delimiter);
    }

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
            return index >= 0 ? index : throw ApiException.BadRequest(
                $"The CSV header has no column '{named}' (from {parameter}=). Columns: {string.Join(", ", header)}.");
        }
        foreach (var name in known)
        {
            int index = Array.FindIndex(header, h => string.Equals(h, name, StringComparison.OrdinalIgnoreCase));
            if (index >= 0)
                return index;
        }
        throw ApiException.BadRequest(
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
        int offset = _rowsLength;
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
            if (_rowsLength + raw.Length > _rows.Length)
            {
                var larger = ArrayPool<byte>.Shared.Rent(Math.Max(_rows.Length * 2, _rowsLength + raw.Length));
                Buffer.BlockCopy(_rows, 0, larger, 0, _rowsLength);
                ArrayPool<byte>.Shared.Return(_rows);
                _rows = larger;
            }
            raw.CopyTo(_rows.AsSpan(_rowsLength));
            _rowsLength += raw.Length;
        }
        _pending.Add(new PendingRow(offset, _rowsLength - offset, slot, error, countryValue, Math.Max(0, _headerWidth - width)));
    }

    private readonly ArrayBufferWriter<byte> _echo = new();
    private readonly ArrayBufferWriter<byte> _chunk = new(1 << 20);
    private CsvOutput? _chunkOutput;

    private async ValueTask WriteChunkAsync(CsvOutput output, CancellationToken cancellationToken)
    {
        var timings = BatchTimings.For(_context);
        timings.Rows += _pending.Count;
        timings.Answer.Start();
        _analysis.Run(cancellationToken);
        timings.Answer.Stop();
        timings.Format.Start();
        // Rows are formatted into a reused buffer and copied to the response once per chunk: the
        // response's PipeWriter costs far more per small write than an array does.
        _chunk.ResetWrittenCount();
        var response = output;
        output = _chunkOutput ??= new CsvOutput(_chunk, response.Delimiter);
        foreach (var row in _pending)
        {
            if (!_analysis.Keep(row.Slot, row.Country) || _summaryOnly)
                continue;
            output.Raw(_rows.AsSpan(row.Offset, row.Length));
            for (int i = 0; i < row.Padding; i++)
                output.Separator();
            output.Separator();
            _analysis.WriteCsvFields(output, row.Slot);
            output.Separator();
            output.Field(row.Error);
            output.EndRow();
        }
        response.Raw(_chunk.WrittenSpan);
        _pending.Clear();
        _rowsLength = 0;
        timings.Format.Stop();
        if (!_summaryOnly)
        {
            timings.Send.Start();
            var flush = await _context.Response.BodyWriter.FlushAsync(cancellationToken);
            timings.Send.Stop();
            if (flush.IsCanceled)
                throw new OperationCanceledException(cancellationToken);
        }
    }

    /// <summary>A row waiting for its chunk; <see cref="Padding"/> empty fields bring a short row to the header's width.</summary>
    private readonly record struct PendingRow(int Offset, int Length, int Slot, string? Error, string? Country, int Padding);
}
