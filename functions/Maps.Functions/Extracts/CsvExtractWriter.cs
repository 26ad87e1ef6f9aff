using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Maps.Core.Layers;
using Maps.Functions.Http;
using NetTopologySuite.Geometries;

namespace Maps.Functions.Extracts;

/// <summary>
/// <c>text/csv</c> (RFC 4180: CRLF rows, fields with a comma, quote or line break quoted, quotes
/// doubled). Columns: <c>id</c>, the property columns (<see cref="ExtractSchema"/> order or the
/// <c>properties=</c> selection), <c>lon</c> and <c>lat</c> for point layers, then <c>wkt</c>
/// (<see cref="WktText"/>: WKTWriter's layout, shortest round-trip doubles). Arrays are joined with <c>;</c>, objects written as JSON,
/// nulls left empty. CSV has no place for metadata: the CSVW sidecar
/// (<see cref="CsvwMetadata"/>) holds licence and source and is linked with <c>rel="describedby"</c>.
/// Rows are encoded into a buffer written out every 64 KiB; memory is constant.
/// </summary>
public sealed class CsvExtractWriter : IExtractWriter
{
    private const int FlushChars = 32 * 1024;

    public string Format => "csv";

    public string MediaType => MediaTypes.Csv;

    public string Title => "CSV (WKT geometry)";

    public string Extension => "csv";

    /// <summary>The header row's names, in order (also the CSVW columns).</summary>
    public static IReadOnlyList<string> Header(Extract extract) =>
        ["id", .. extract.Columns.Select(c => c.Name), .. extract.Schema.IsPoint ? ["lon", "lat"] : Array.Empty<string>(), "wkt"];

    public async Task WriteAsync(Extract extract, Stream output, Action<long>? lengthKnown = null, CancellationToken cancellationToken = default)
    {
        var columns = extract.Columns;
        bool isPoint = extract.Schema.IsPoint;
        var text = new StringBuilder(FlushChars * 2);
        var encoder = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetEncoder();
        byte[] bytes = ArrayPool<byte>.Shared.Rent(FlushChars * 3);
        try
        {
            AppendRow(text, Header(extract));
            foreach (var feature in extract.Features)
            {
                AppendField(text, feature.Id);
                foreach (var column in columns)
                {
                    text.Append(',');
                    if (feature.Properties.ValueKind == JsonValueKind.Object && feature.Properties.TryGetProperty(column.Name, out var value))
                        AppendField(text, FormatValue(value));
                }
                if (isPoint && feature.Geometry is Point point)
                    text.Append(',').Append(Number(point.X)).Append(',').Append(Number(point.Y));
                else if (isPoint)
                    text.Append(",,");
                // WKT has no quotes or line breaks; only a point's has no comma, so others are quoted.
                bool quote = feature.Geometry is not Point;
                text.Append(quote ? ",\"" : ",");
                WktText.Append(text, feature.Geometry);
                if (quote)
                    text.Append('"');
                text.Append("\r\n");
                if (text.Length >= FlushChars)
                    await FlushAsync(text, encoder, bytes, output, cancellationToken);
            }
            await FlushAsync(text, encoder, bytes, output, cancellationToken);
            await output.FlushAsync(cancellationToken);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }

    /// <summary>A property value as CSV text: strings as they are, numbers as written, arrays joined with ';'.</summary>
    public static string FormatValue(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.Number => value.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Null or JsonValueKind.Undefined => "",
        JsonValueKind.Array => string.Join(';', value.EnumerateArray().Select(FormatValue)),
        _ => value.GetRawText(),
    };

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static void AppendRow(StringBuilder text, IEnumerable<string> fields)
    {
        bool first = true;
        foreach (var field in fields)
        {
            if (!first)
                text.Append(',');
            AppendField(text, field);
            first = false;
        }
        text.Append("\r\n");
    }

    /// <summary>A CSV field: as it is, or quoted with its quotes doubled when it holds a comma, a quote or a line break.</summary>
    internal static void AppendField(StringBuilder text, string field)
    {
        if (field.AsSpan().IndexOfAny(",\"\r\n") < 0)
        {
            text.Append(field);
            return;
        }
        text.Append('"').Append(field.Replace("\"", "\"\"")).Append('"');
    }

    /// <summary>Encodes the buffered text (of any length: rows with long WKT included) and writes it out.</summary>
    private static async ValueTask FlushAsync(StringBuilder text, Encoder encoder, byte[] bytes, Stream output, CancellationToken cancellationToken)
    {
        int count = 0;
        foreach (var chunk in text.GetChunks())
        {
            var chars = chunk;
            while (!chars.IsEmpty)
            {
                encoder.Convert(chars.Span, bytes.AsSpan(count), flush: false, out int charsUsed, out int bytesUsed, out _);
                chars = chars[charsUsed..];
                count += bytesUsed;
                if (count > bytes.Length - 16 || (charsUsed == 0 && bytesUsed == 0))
                {
                    await output.WriteAsync(bytes.AsMemory(0, count), cancellationToken);
                    count = 0;
                }
            }
        }
        text.Clear();
        await output.WriteAsync(bytes.AsMemory(0, count), cancellationToken);
    }
}
