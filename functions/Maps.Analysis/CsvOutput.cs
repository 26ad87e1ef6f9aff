using System.Buffers;
using System.Globalization;
using System.Text;

namespace Maps.Analysis;

/// <summary>
/// Writes CSV into a buffer writer (the response's <c>PipeWriter</c>): raw bytes as they are, and
/// values quoted per RFC 4180 only when they hold the delimiter, a quote or a line break. Rows end
/// with CRLF. Not thread-safe.
/// </summary>
public sealed class CsvOutput(IBufferWriter<byte> writer, byte delimiter)
{
    public static readonly byte[] LineEnd = "\r\n"u8.ToArray();

    /// <summary>The media type of every CSV answer of the analyses (rows, a summary table, a report).</summary>
    public const string ContentType = "text/csv; charset=utf-8; header=present";

    public byte Delimiter => delimiter;

    public void Raw(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty)
            return;
        bytes.CopyTo(writer.GetSpan(bytes.Length));
        writer.Advance(bytes.Length);
    }

    public void Separator()
    {
        writer.GetSpan(1)[0] = delimiter;
        writer.Advance(1);
    }

    public void EndRow() => Raw(LineEnd);

    /// <summary>A text value, quoted only when needed; null writes an empty field.</summary>
    public void Field(string? value)
    {
        if (string.IsNullOrEmpty(value))
            return;
        Raw(Encode(value, delimiter));
    }

    public void Number(long value)
    {
        var span = writer.GetSpan(20);
        value.TryFormat(span, out int written, default, CultureInfo.InvariantCulture);
        writer.Advance(written);
    }

    public void Number(double value)
    {
        var span = writer.GetSpan(32);
        value.TryFormat(span, out int written, "R", CultureInfo.InvariantCulture);
        writer.Advance(written);
    }

    /// <summary>The UTF-8 CSV form of a value: quoted (quotes doubled) when it holds the delimiter, a quote or a line break.</summary>
    public static byte[] Encode(string value, byte delimiter)
    {
        bool quote = value.AsSpan().IndexOfAny((char)delimiter, '"', '\r') >= 0 || value.Contains('\n');
        return Encoding.UTF8.GetBytes(quote ? "\"" + value.Replace("\"", "\"\"") + "\"" : value);
    }
}
