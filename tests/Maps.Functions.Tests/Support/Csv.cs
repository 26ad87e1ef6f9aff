using System.Text;

namespace Maps.Functions.Tests.Support;

/// <summary>A strict RFC 4180 reader for assertions: quoted fields, doubled quotes, CRLF records.</summary>
public static class Csv
{
    public static List<string[]> Parse(string text)
    {
        var rows = new List<string[]>();
        var row = new List<string>();
        var field = new StringBuilder();
        int i = 0;
        while (i < text.Length)
        {
            if (text[i] == '"' && field.Length == 0)
            {
                i++;
                while (true)
                {
                    if (i >= text.Length)
                        throw new FormatException("Unterminated quoted field.");
                    if (text[i] == '"' && i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i += 2; }
                    else if (text[i] == '"') { i++; break; }
                    else field.Append(text[i++]);
                }
                if (i < text.Length && text[i] is not (',' or '\r'))
                    throw new FormatException($"Text after a closing quote at {i}.");
            }
            else if (text[i] == ',') { row.Add(field.ToString()); field.Clear(); i++; }
            else if (text[i] == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                row.Add(field.ToString());
                field.Clear();
                rows.Add(row.ToArray());
                row.Clear();
                i += 2;
            }
            else if (text[i] is '\n' or '\r' or '"')
                throw new FormatException($"Bare {(int)text[i]} at {i} outside quotes.");
            else field.Append(text[i++]);
        }
        if (field.Length > 0 || row.Count > 0)
            throw new FormatException("Last record does not end with CRLF.");
        return rows;
    }
}
