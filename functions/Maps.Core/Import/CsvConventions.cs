using System.Globalization;

namespace Maps.Core.Import;

/// <summary>
/// The CSV rules beside the tokenizer (<see cref="CsvRecordReader"/>, which also picks the delimiter), so that a
/// planner's file means the same to the analyses, the import and the upload: which header names hold latitude
/// and longitude, and how a number is read (a decimal comma in a ';' or tab file).
/// </summary>
public static class CsvConventions
{
    public static readonly string[] LatitudeNames = ["lat", "latitude", "y", "lat_dd", "latitude_dd", "lat_deg", "decimal_latitude"];
    public static readonly string[] LongitudeNames = ["lon", "lng", "long", "longitude", "x", "lon_dd", "long_dd", "longitude_dd", "lon_deg", "decimal_longitude"];

    /// <summary>
    /// The field as an invariant-culture number (blanks around it allowed), the one number rule of every CSV reader.
    /// In a file delimited by ';' or tab, as French, Portuguese or German spreadsheets write them, a decimal comma
    /// (<c>6,52</c>: one comma, no point) reads as a decimal point: there the comma cannot be a field separator, and
    /// a coordinate has no thousands. <c>NaN</c> and <c>Infinity</c> parse as such, so that a validator can reject
    /// them with their value; false when the field is empty or not a number.
    /// </summary>
    public static bool TryNumber(ReadOnlySpan<byte> field, byte delimiter, out double value)
    {
        value = 0;
        var text = field.Trim(" \t\r\n"u8);
        if (text.Length == 0)
            return false;
        int comma = text.IndexOf((byte)',');
        if (delimiter != (byte)',' && comma >= 0 && text.LastIndexOf((byte)',') == comma && !text.Contains((byte)'.') && text.Length <= 64)
        {
            Span<byte> withPoint = stackalloc byte[text.Length];
            text.CopyTo(withPoint);
            withPoint[comma] = (byte)'.';
            return double.TryParse(withPoint, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
        }
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>A decoded field as a number by <see cref="TryNumber"/>, or null.</summary>
    public static double? Number(string field, char delimiter)
    {
        if (field.Length > 256)
            return null;
        Span<byte> utf8 = stackalloc byte[System.Text.Encoding.UTF8.GetMaxByteCount(field.Length)];
        int length = System.Text.Encoding.UTF8.GetBytes(field, utf8);
        return TryNumber(utf8[..length], (byte)delimiter, out double value) ? value : null;
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
