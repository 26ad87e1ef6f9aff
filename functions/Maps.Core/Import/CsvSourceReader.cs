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
/// Reads a source CSV whole into rows of text (source files are a few MB), with the one CSV tokenizer
/// (<see cref="CsvRecordReader"/>: the rules of the uploads and the analyses), and UTF-8 checked record by
/// record. Whole-file problems throw <see cref="ImportFileException"/> naming the file: not UTF-8, no header
/// line, a quoted field never closed. O(size) time and memory; stateless and thread-safe.
/// </summary>
public static class CsvSourceReader
{
    /// <summary>Reads <paramref name="path"/>; messages name it <paramref name="name"/>.</summary>
    public static SourceCsv ReadFile(string path, string name)
    {
        FileStream stream;
        try
        {
            stream = File.OpenRead(path);
        }
        catch (IOException e)
        {
            throw new ImportFileException(name, $"cannot read file ({e.Message}).", e);
        }
        using (stream)
            return Read(stream, name);
    }

    /// <summary>Reads a CSV from a stream (a file, or a gzip stream over one); messages name it <paramref name="name"/>.</summary>
    public static SourceCsv Read(Stream stream, string name) => ReadAsync(stream, name).GetAwaiter().GetResult();

    public static SourceCsv Parse(ReadOnlySpan<byte> utf8, string name) => Read(new MemoryStream(utf8.ToArray(), writable: false), name);

    public static SourceCsv Parse(string text, string name) => Parse(Encoding.UTF8.GetBytes(text), name);

    private static async Task<SourceCsv> ReadAsync(Stream stream, string name)
    {
        using var reader = new CsvRecordReader(stream, message => new ImportFileException(name, message));
        await reader.DetectDelimiterAsync(CancellationToken.None);
        var records = new List<string[]>();
        while (await reader.ReadAsync(CancellationToken.None))
        {
            if (!System.Text.Unicode.Utf8.IsValid(reader.Raw))
                throw new ImportFileException(name, $"not UTF-8 text (an invalid byte sequence in CSV record {reader.RecordNumber}).");
            var fields = new string[reader.FieldCount];
            for (int i = 0; i < fields.Length; i++)
                fields[i] = reader.Field(i);
            records.Add(fields);
        }
        if (records.Count == 0)
            throw new ImportFileException(name, "empty CSV: no header line.");
        var columns = records[0].Select(c => c.Trim()).ToArray();
        return new SourceCsv(name, (char)reader.Delimiter, columns, records.GetRange(1, records.Count - 1));
    }
}
