using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using CsCheck;
using Maps.Core.Import;
using Maps.Functions.Analysis;
using Maps.Formats;

namespace Maps.Functions.Tests.Fuzz;

/// <summary>
/// The three body parsers on hostile input, without HTTP: each either reads the body or refuses it
/// with its own exception (<see cref="MalformedBodyException"/>, <see cref="ImportFileException"/>),
/// never anything else, and the answer does not depend on how the body arrives in pieces (whole vs
/// 1–17 bytes per read). Long run: <c>MAPS_FUZZ_ITERATIONS=100000 dotnet test tests/Maps.Functions.Tests --filter Fuzz</c>.
/// </summary>
public sealed class BodyParserFuzzTests
{
    public const long CiIterations = 3_000;

    [Fact]
    public void Csv_reader_reads_or_refuses_any_body_the_same_way_in_any_pieces()
    {
        Gen.Select(FuzzBodies.Csv, Gen.Int[1, 17]).Sample((body, chunk) =>
        {
            string whole = ReadCsv(new MemoryStream(body));
            string pieces = ReadCsv(new FuzzBodies.ChunkedStream(body, chunk));
            Assert.Equal(whole, pieces);
        }, iter: FuzzIterations.For(CiIterations), print: Print);
    }

    [Fact]
    public void GeoJson_feature_reader_reads_or_refuses_any_body_the_same_way_in_any_pieces()
    {
        Gen.Select(FuzzBodies.GeoJson, Gen.Int[1, 17]).Sample((body, chunk) =>
        {
            string whole = ReadGeoJson(new MemoryStream(body));
            string pieces = ReadGeoJson(new FuzzBodies.ChunkedStream(body, chunk));
            Assert.Equal(whole, pieces);
        }, iter: FuzzIterations.For(CiIterations), print: Print);
    }

    [Fact]
    public void Upload_reader_reads_or_refuses_any_body_the_same_way_in_any_pieces()
    {
        Gen.Select(FuzzBodies.GeoJson, Gen.Int[1, 17]).Sample((body, chunk) =>
        {
            string whole = ReadUpload(new MemoryStream(body));
            string pieces = ReadUpload(new FuzzBodies.ChunkedStream(body, chunk));
            Assert.Equal(whole, pieces);
        }, iter: FuzzIterations.For(CiIterations), print: Print);
    }

    private static string Print((byte[] Body, int Chunk) c) => $"chunk {c.Chunk}, body {Convert.ToHexString(c.Body)} ({Encoding.UTF8.GetString(c.Body)})";

    /// <summary>Every record, field, value and number the reader gives, or the refusal.</summary>
    public static string ReadCsv(Stream stream)
    {
        var text = new StringBuilder();
        try
        {
            using var reader = new CsvRecordReader(stream, message => new MalformedBodyException(message));
            reader.DetectDelimiterAsync(default).AsTask().GetAwaiter().GetResult();
            text.Append((char)reader.Delimiter).Append('|');
            while (reader.ReadAsync(default).AsTask().GetAwaiter().GetResult())
            {
                text.Append(reader.RecordNumber).Append(':').Append(Convert.ToHexString(reader.Raw));
                for (int i = 0; i <= reader.FieldCount; i++)
                {
                    text.Append('[');
                    if (i < reader.FieldCount)
                        text.Append(reader.Field(i));
                    text.Append(reader.HasValue(i) ? '+' : '-');
                    if (reader.TryNumber(i, out double value))
                        text.Append(value.ToString("R", CultureInfo.InvariantCulture));
                    text.Append(']');
                }
                text.Append('\n');
            }
            return text.ToString();
        }
        catch (MalformedBodyException e)
        {
            return text + "refused: " + e.Message;
        }
    }

    /// <summary>Every feature the reader gives (as JSON text), or the refusal.</summary>
    public static string ReadGeoJson(Stream stream)
    {
        var text = new StringBuilder();
        try
        {
            using var reader = GeoJsonBody.Open(stream);
            while (reader.ReadDocumentAsync(default).AsTask().GetAwaiter().GetResult() is { } feature)
            {
                using (feature)
                    text.Append(feature.RootElement.GetRawText()).Append('\n');
            }
            return text.ToString();
        }
        catch (MalformedBodyException e)
        {
            // System.Text.Json quotes as much of the bad token as it had in hand: keep the position, not the quote.
            return text + "refused: " + Regex.Replace(e.Message, @"(near byte \d+): .*", "$1", RegexOptions.Singleline);
        }
    }

    /// <summary>Every feature the upload reader hands out (with index and CRS), the count, or the refusal.</summary>
    public static string ReadUpload(Stream stream)
    {
        var text = new StringBuilder();
        try
        {
            int count = new GeoJsonFormat().ReadAsync(stream, new UploadReadOptions("upload.geojson", Path.GetTempPath()), new UploadSink(
                (feature, index, crs) =>
                {
                    // What the publisher does next: parse the feature.
                    var reader = new Utf8JsonReader(feature);
                    using var document = JsonDocument.ParseValue(ref reader);
                    text.Append(index).Append(' ').Append(crs).Append(' ').Append(document.RootElement.GetRawText()).Append('\n');
                },
                _ => ValueTask.CompletedTask)).GetAwaiter().GetResult();
            return text.Append("count ").Append(count).ToString();
        }
        catch (ImportFileException)
        {
            // The message names a byte offset counted per read block; what was read before matters, not the wording.
            return text + "refused";
        }
    }
}
