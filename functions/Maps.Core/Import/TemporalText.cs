using System.Text.RegularExpressions;
using Maps.Core.Query;

namespace Maps.Core.Import;

/// <summary>
/// Date-times written without a zone, read as UTC, the one rule every format's values go through:
/// GeoPackage defines its DATETIME as UTC (and GDAL writes them to GeoJSON without the <c>Z</c>), and ISO 8601
/// leaves a zone-less time to the reader, who here can only take UTC. <see cref="ToUtc"/> gives the RFC 3339
/// text (<c>Z</c> added) that queryables call <c>date-time</c> and CQL2's TIMESTAMP compares with; a date-time
/// that has a zone, and every other string, is kept as written.
/// </summary>
public static partial class TemporalText
{
    /// <summary>
    /// <c>yyyy-MM-ddThh:mm:ss</c> with an optional fraction and no zone, as RFC 3339 with <c>Z</c>; null for
    /// anything else. <paramref name="spaceSeparated"/> also takes a space for the <c>T</c> and a time without
    /// seconds (SQLite's and GDAL's forms), for a column declared DATETIME.
    /// </summary>
    public static string? ToUtc(string text, bool spaceSeparated = false)
    {
        if (text.Length < 16 || text.Length > 40 || !Rfc3339.TryParseDate(text.AsSpan(0, 10), out _))
            return null;
        char separator = text[10];
        if (separator is not ('T' or 't') && !(spaceSeparated && separator == ' '))
            return null;
        string time = text[11..];
        if (time.Length == 5 && spaceSeparated)
            time += ":00";
        string candidate = string.Concat(text.AsSpan(0, 10), "T", time, "Z");
        return Rfc3339.TryParseDateTime(candidate, out _) ? candidate : null;
    }

    /// <summary>A value of a column declared DATETIME: zone-less text as UTC, and a date-time with its zone as written.</summary>
    public static string DeclaredDateTime(string text) =>
        ToUtc(text, spaceSeparated: true)
        ?? (text.Length > 10 && text[10] == ' ' && Rfc3339.TryParseDateTime(string.Concat(text.AsSpan(0, 10), "T", text.AsSpan(11)), out _)
            ? string.Concat(text.AsSpan(0, 10), "T", text.AsSpan(11))
            : text);

    /// <summary>
    /// A CSV field that is a date or a date-time as spreadsheets and GDAL write them, as RFC 3339: GDAL's
    /// <c>2024/02/29</c> and <c>2024/02/29 13:45:10+00</c>, and ISO 8601 without a zone, with <c>T</c> or a space
    /// (as UTC). Null for anything else, an RFC 3339 date or date-time included (they are kept as written).
    /// </summary>
    public static string? FromCsv(string text)
    {
        if (text.Length < 10 || !char.IsAsciiDigit(text[0]))
            return null;
        if (ToUtc(text, spaceSeparated: true) is { } utc)
            return utc;
        var match = SlashedDateTime().Match(text);
        if (!match.Success)
            return null;
        string date = $"{match.Groups[1].Value}-{match.Groups[2].Value}-{match.Groups[3].Value}";
        if (!match.Groups[4].Success)
            return Rfc3339.TryParseDate(date, out _) ? date : null;
        string zone = match.Groups[6].Value switch
        {
            "" or "+00" or "+0000" or "+00:00" or "Z" => "Z",
            var z when z.Length == 3 => z + ":00",
            var z when z.Length == 5 => $"{z[..3]}:{z[3..]}",
            var z => z,
        };
        string dateTime = $"{date}T{match.Groups[4].Value}{(match.Groups[5].Success ? "" : ":00")}{zone}";
        return Rfc3339.TryParseDateTime(dateTime, out _) ? dateTime : null;
    }

    [GeneratedRegex(@"^(\d{4})/(\d\d)/(\d\d)(?: (\d\d:\d\d(:\d\d(?:\.\d+)?)?)([+-]\d\d(?::?\d\d)?|Z)?)?$")]
    private static partial Regex SlashedDateTime();
}
