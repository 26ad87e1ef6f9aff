using System.Text;

namespace Maps.Core.Import;

/// <summary>
/// A parsed source CSV: its header and its data rows as text. Columns are found by name (case and
/// surrounding blanks ignored); a field beyond the end of a short row reads as empty.
/// </summary>
/// <param name="File">The name used in messages (a path relative to the sources folder).</param>
/// <param name="Delimiter">The field delimiter detected from the header.</param>
/// <param name="Columns">The header's column names, trimmed.</param>
/// <param name="Rows">The data rows (header excluded, blank lines skipped); row <c>i</c> is data row <c>i</c> from 0.</param>
public sealed record SourceCsv(string File, char Delimiter, IReadOnlyList<string> Columns, IReadOnlyList<string[]> Rows)
{
    /// <summary>The position of the first column named <paramref name="name"/>, or −1.</summary>
    public int ColumnIndex(string name)
    {
        for (int i = 0; i < Columns.Count; i++)
            if (string.Equals(Columns[i], name, StringComparison.OrdinalIgnoreCase))
                return i;
        return -1;
    }

    /// <summary>The position of the first of <paramref name="names"/> that is a column, or −1.</summary>
    public int ColumnIndex(params ReadOnlySpan<string> names)
    {
        foreach (string name in names)
            if (ColumnIndex(name) is int i and >= 0)
                return i;
        return -1;
    }

    public bool HasColumns(params ReadOnlySpan<string> names)
    {
        foreach (string name in names)
            if (ColumnIndex(name) < 0)
                return false;
        return true;
    }

    /// <summary>Field <paramref name="column"/> of <paramref name="row"/>; empty when the column is −1 or the row is short.</summary>
    public static string Field(string[] row, int column) => column >= 0 && column < row.Length ? row[column] : "";

    /// <summary>The field as a number, by <see cref="CsvConventions.Number"/> (a decimal comma in a ';' or tab file).</summary>
    public double? Number(string[] row, int column) => CsvConventions.Number(Field(row, column), Delimiter);
}

/// <summary>
/// Reads a source CSV file whole (source files are a few MB; the streaming reader of the analysis
/// endpoints is for request bodies). RFC 4180 with the leniency spreadsheets need, the same rules as
/// the analysis reader: UTF-8 with an optional BOM; the delimiter is the most frequent of comma,
/// semicolon and tab in the header outside quotes (comma on a tie); quoted fields may hold delimiters,
/// doubled quotes and line breaks; records end at LF, CRLF or a lone CR; blank lines are skipped; text
/// after a closing quote runs on to the next delimiter.
/// <para>
/// Why not a package (CsvHelper, Sep, Sylvan): this is about 100 lines with no options to get wrong,
/// it fails the way the GeoJSON reader does (<see cref="ImportFileException"/> naming the file), and the
/// import keeps a single dependency (NetTopologySuite).
/// </para>
/// Whole-file problems throw <see cref="ImportFileException"/>: not UTF-8, no header line, a quoted field
/// never closed. O(size) time and memory; stateless and thread-safe.
/// </summary>
public static class CsvSourceReader
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Reads <paramref name="path"/>; messages name it <paramref name="name"/>.</summary>
    public static SourceCsv ReadFile(string path, string name)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (IOException e)
        {
            throw new ImportFileException(name, $"cannot read file ({e.Message}).", e);
        }
        return Parse(bytes, name);
    }

    public static SourceCsv Parse(ReadOnlySpan<byte> utf8, string name)
    {
        if (utf8 is [0xEF, 0xBB, 0xBF, ..])
            utf8 = utf8[3..];
        string text;
        try
        {
            text = StrictUtf8.GetString(utf8);
        }
        catch (DecoderFallbackException e)
        {
            throw new ImportFileException(name, "not UTF-8 text (an invalid byte sequence).", e);
        }
        return Parse(text, name);
    }

    public static SourceCsv Parse(string text, string name)
    {
        if (text.StartsWith('\uFEFF'))
            text = text[1..];
        char delimiter = CsvConventions.DetectDelimiter(text);
        var records = new List<string[]>();
        var fields = new List<string>();
        var field = new StringBuilder();
        int i = 0;
        while (i < text.Length)
        {
            fields.Clear();
            while (true)
            {
                field.Clear();
                if (i < text.Length && text[i] == '"')
                {
                    int open = records.Count + 1;
                    i++;
                    while (true)
                    {
                        int q = text.IndexOf('"', i);
                        if (q < 0)
                            throw new ImportFileException(name, $"CSV record {open} has a quoted field that is never closed.");
                        field.Append(text, i, q - i);
                        i = q + 1;
                        if (i < text.Length && text[i] == '"')
                        {
                            field.Append('"');
                            i++;
                            continue;
                        }
                        break;
                    }
                }
                int stop = text.AsSpan(i).IndexOfAny(delimiter, '\r', '\n');
                stop = stop < 0 ? text.Length : i + stop;
                field.Append(text, i, stop - i);
                i = stop;
                fields.Add(field.ToString());
                if (i < text.Length && text[i] == delimiter)
                {
                    i++;
                    continue;
                }
                if (i < text.Length)
                    i += text[i] == '\r' && i + 1 < text.Length && text[i + 1] == '\n' ? 2 : 1;
                break;
            }
            if (fields.Count == 1 && fields[0].Length == 0)
                continue; // a blank line
            records.Add([.. fields]);
        }
        if (records.Count == 0)
            throw new ImportFileException(name, "empty CSV: no header line.");
        var columns = records[0].Select(c => c.Trim()).ToArray();
        return new SourceCsv(name, delimiter, columns, records.GetRange(1, records.Count - 1));
    }
}
