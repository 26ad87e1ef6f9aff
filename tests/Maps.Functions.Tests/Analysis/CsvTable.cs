using System.Text;

namespace Maps.Functions.Tests.Analysis;

/// <summary>A minimal RFC 4180 parser for checking answers (independent of the handler's tokenizer).</summary>
public static class CsvTable
{
    public static List<string[]> Parse(string text, char delimiter = ',')
    {
        var rows = new List<string[]>();
        var row = new List<string>();
        var field = new StringBuilder();
        bool quoted = false, any = false;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else field.Append(c);
                continue;
            }
            any = true;
            if (c == '"') quoted = true;
            else if (c == delimiter) { row.Add(field.ToString()); field.Clear(); }
            else if (c == '\r' || c == '\n')
            {
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n') i++;
                row.Add(field.ToString()); field.Clear();
                rows.Add(row.ToArray()); row.Clear(); any = false;
            }
            else field.Append(c);
        }
        if (any) { row.Add(field.ToString()); rows.Add(row.ToArray()); }
        return rows;
    }
}
