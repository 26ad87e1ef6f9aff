using System.Buffers;
using System.Text.Json;
using Maps.Core.Import;

namespace Maps.Formats;

/// <summary>
/// GeoJSON text sequences (RFC 8142: each Feature preceded by the record separator RS, 0x1E) and
/// newline-delimited GeoJSON (one Feature per line, as GDAL's GeoJSONSeq and ndjson tools write it).
/// When the first byte that is not blank is RS, records are split at RS only (a record may then span
/// lines); otherwise at line breaks. Blank records are skipped. Each record must be one JSON value:
/// the publisher parses it whole, so a record that is not JSON cannot be handed on, and is an
/// <see cref="ImportFileException"/> naming the record (a truncated last record says the sequence is
/// truncated). A JSON value that is not a Feature is handed on for the validator to reject by index.
/// The CRS is <see cref="UploadReadOptions.Crs"/>. Memory: one read buffer, grown only for a record longer than it.
/// </summary>
public sealed class GeoJsonSeqFormat : IUploadFormat
{
    private const byte RecordSeparator = 0x1E;
    private const int InitialBufferBytes = 64 * 1024;
    private static readonly JsonReaderOptions JsonOptions = new() { MaxDepth = 64 };

    public string Id => "geojsonseq";

    public IReadOnlyList<string> MediaTypes { get; } = ["application/geo+json-seq", "application/json-seq", "application/x-ndjson", "application/ndjson", "application/geo+json-l"];

    public IReadOnlyList<string> Extensions { get; } = [".geojsons", ".geojsonl", ".geojsonseq", ".ndjson", ".jsonl"];

    public bool HasNodes => false;

    public async Task<int> ReadAsync(Stream body, UploadReadOptions options, UploadSink sink, CancellationToken cancellationToken = default)
    {
        var crs = UploadCrs.Parse(options.Crs, options.Name);
        byte[] buffer = ArrayPool<byte>.Shared.Rent(InitialBufferBytes);
        int start = 0, end = 0, count = 0, records = 0;
        bool? rsMode = null; // split at RS only, or at line breaks too; unknown until a byte that is not blank
        bool eof = false, bomChecked = false;
        try
        {
            while (true)
            {
                if (!eof)
                {
                    // Drop what was consumed; grow the buffer when one value fills it (a long cable may be megabytes).
                    ReadWindow.MakeRoom(ref buffer, ref start, ref end);
                    int read = await body.ReadAsync(buffer.AsMemory(end), cancellationToken);
                    if (read == 0)
                        eof = true;
                    end += read;
                    if (!bomChecked && (end >= 3 || eof))
                    {
                        bomChecked = true;
                        if (end >= 3 && buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF)
                            start = 3;
                    }
                    if (!bomChecked)
                        continue;
                }
                rsMode ??= FirstNonBlank(buffer.AsSpan(start, end - start)) is int first ? first == RecordSeparator : eof ? false : null;
                if (rsMode is null)
                {
                    start = end = 0; // only blanks so far
                    continue;
                }
                while (true)
                {
                    var pending = buffer.AsSpan(start, end - start);
                    int separator = rsMode.Value ? pending.IndexOf(RecordSeparator) : pending.IndexOfAny((byte)'\n', (byte)'\r', RecordSeparator);
                    if (separator < 0 && !eof)
                        break;
                    var record = Trim(separator < 0 ? pending : pending[..separator]);
                    start += separator < 0 ? pending.Length : separator + 1;
                    if (record.IsEmpty)
                    {
                        if (separator < 0)
                            break;
                        continue;
                    }
                    records++;
                    Check(record, records, last: separator < 0, options.Name);
                    sink.Features(record, count++, crs);
                    if (separator < 0)
                        break;
                }
                await sink.AfterBlock(cancellationToken);
                if (eof)
                    return count;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// The record must be exactly one JSON value the publisher can parse. Bad UTF-8 inside a string passes (the
    /// JSON reader checks a string's text only when it is read): the publisher rejects that feature alone, as it
    /// does in a FeatureCollection.
    /// </summary>
    private static void Check(ReadOnlySpan<byte> record, int number, bool last, string name)
    {
        var reader = new Utf8JsonReader(record, JsonOptions);
        try
        {
            if (reader.Read() && reader.TrySkip() && !reader.Read())
                return;
        }
        catch (JsonException e)
        {
            if (last && IsTruncation(record))
                throw new ImportFileException(name, $"the sequence is truncated at record {number} (it ends inside a JSON value).", e);
            throw new ImportFileException(name, $"record {number} is not valid JSON: {e.Message}", e);
        }
        throw new ImportFileException(name, $"record {number} is not one JSON value.");
    }

    /// <summary>True when the record is JSON that stops before its end (as a cut-off upload does), not JSON that is wrong.</summary>
    private static bool IsTruncation(ReadOnlySpan<byte> record)
    {
        var reader = new Utf8JsonReader(record, isFinalBlock: false, new JsonReaderState(JsonOptions));
        try
        {
            while (reader.Read())
            {
            }
            return reader.CurrentDepth > 0 || reader.BytesConsumed < record.Length;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static int? FirstNonBlank(ReadOnlySpan<byte> data)
    {
        int i = data.IndexOfAnyExcept(" \t\r\n"u8);
        return i < 0 ? null : data[i];
    }

    private static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> record) => record.Trim(" \t\r\n"u8);
}
