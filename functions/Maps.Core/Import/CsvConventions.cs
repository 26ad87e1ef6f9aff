using System.Globalization;

namespace Maps.Core.Import;

/// <summary>
/// The CSV rules the readers share, so that a planner's file means the same to the analyses, the import
/// and the upload: which header names hold latitude and longitude, how the delimiter is picked from the
/// header line, and how a coordinate is read (a decimal comma in a ';' or tab file).
/// </summary>
public static class CsvConventions
{
    public static readonly string[] LatitudeNames = ["lat", "latitude", "y", "lat_dd", "latitude_dd", "lat_deg", "decimal_latitude"];
    public static readonly string[] LongitudeNames = ["lon", "lng", "long", "longitude", "x", "lon_dd", "long_dd", "longitude_dd", "lon_deg", "decimal_longitude"];

    /// <summary>The most frequent of ',', ';' and tab on the header line outside quotes; ',' on a tie.</summary>
    public static char DetectDelimiter(ReadOnlySpan<char> text)
    {
        int commas = 0, semicolons = 0, tabs = 0;
        bool quoted = false;
        foreach (char c in text)
        {
            if (c == '"')
                quoted = !quoted;
            else if (quoted)
                continue;
            else if (c is '\n' or '\r')
                break;
            else if (c == ',')
                commas++;
            else if (c == ';')
                semicolons++;
            else if (c == '\t')
                tabs++;
        }
        return semicolons > commas && semicolons >= tabs ? ';' : tabs > commas ? '\t' : ',';
    }

    /// <summary>
    /// The field as an invariant-culture number (blanks around it allowed). In a file delimited by ';' or tab,
    /// as French, Portuguese or German spreadsheets write them, a decimal comma (<c>6,52</c>: one comma, no
    /// point) reads as a decimal point. <c>NaN</c> and <c>Infinity</c> parse as such, so that a validator can
    /// reject them with their value; null when the field is empty or not a number.
    /// </summary>
    public static double? Number(string field, char delimiter)
    {
        string text = field.Trim();
        if (text.Length == 0)
            return null;
        int comma = text.IndexOf(',');
        if (delimiter != ',' && comma >= 0 && comma == text.LastIndexOf(',') && !text.Contains('.'))
            text = text.Replace(',', '.');
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) ? value : null;
    }

    /// <summary>The position of the first of <paramref name="names"/> (in their order) in <paramref name="header"/>, case-insensitive; −1 when none is.</summary>
    public static int FindColumn(IReadOnlyList<string> header, IEnumerable<string> names)
    {
        foreach (string name in names)
            for (int i = 0; i < header.Count; i++)
                if (string.Equals(header[i].Trim(), name, StringComparison.OrdinalIgnoreCase))
                    return i;
        return -1;
    }
}
