using System.Globalization;

namespace Maps.Core.Query;

/// <summary>
/// An OGC API <c>datetime</c>: an instant, or an interval with optional open ends (<c>..</c>).
/// Layers date their features by year, so a feature of year Y is the interval [Y-01-01, Y+1-01-01).
/// </summary>
public readonly record struct DateInterval(DateTimeOffset? Start, DateTimeOffset? End)
{
    /// <summary>True when the year [Y-01-01, Y+1-01-01) overlaps this interval.</summary>
    public bool Overlaps(int year)
    {
        if (year is < 1 or > 9999)
            return false;
        var yearStart = new DateTimeOffset(year, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var yearEnd = year == 9999 ? DateTimeOffset.MaxValue : yearStart.AddYears(1);
        return (Start is null || Start.Value < yearEnd) && (End is null || End.Value >= yearStart);
    }

    /// <summary>
    /// Parses an RFC 3339 date-time or full-date, or two of them (or <c>..</c>/empty for an open end)
    /// separated by <c>/</c>. A bare year stands for that whole year.
    /// </summary>
    public static DateInterval Parse(string text, string parameter = "datetime")
    {
        var parts = text.Split('/');
        if (parts.Length == 1)
        {
            if (IsOpen(parts[0]))
                throw new InvalidParameterException(parameter, $"'{parameter}' must be a date-time or an interval, not '{text}'.");
            var (start, end) = ParseBound(parts[0], parameter);
            return new DateInterval(start, end);
        }
        if (parts.Length != 2)
            throw new InvalidParameterException(parameter, $"'{parameter}' has more than one '/': '{text}'.");
        if (IsOpen(parts[0]) && IsOpen(parts[1]))
            throw new InvalidParameterException(parameter, $"'{parameter}' interval '{text}' is open at both ends.");
        DateTimeOffset? from = IsOpen(parts[0]) ? null : ParseBound(parts[0], parameter).Start;
        DateTimeOffset? to = IsOpen(parts[1]) ? null : ParseBound(parts[1], parameter).End;
        if (from is not null && to is not null && from > to)
            throw new InvalidParameterException(parameter, $"'{parameter}' interval '{text}' ends before it starts.");
        return new DateInterval(from, to);
    }

    private static bool IsOpen(string part) => part is "" or "..";

    /// <summary>The last tick before <paramref name="next"/> of the start; the calendar's end for the year 9999.</summary>
    private static DateTimeOffset EndOf(DateTimeOffset start, TimeSpan longest, Func<DateTimeOffset, DateTimeOffset> next) =>
        DateTimeOffset.MaxValue - start < longest ? DateTimeOffset.MaxValue : next(start).AddTicks(-1);

    // A date-time is one instant; a date or a year covers its whole day or year (end inclusive).
    private static (DateTimeOffset Start, DateTimeOffset End) ParseBound(string part, string parameter)
    {
        if (part.Length == 4 && int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out int year) && year >= 1)
        {
            var start = new DateTimeOffset(year, 1, 1, 0, 0, 0, TimeSpan.Zero);
            return (start, EndOf(start, TimeSpan.FromDays(366), s => s.AddYears(1)));
        }
        if (DateTimeOffset.TryParseExact(part, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var day))
            return (day, EndOf(day, TimeSpan.FromDays(1), s => s.AddDays(1)));
        if (part.Contains('T', StringComparison.OrdinalIgnoreCase)
            && DateTimeOffset.TryParse(part, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant))
            return (instant, instant);
        throw new InvalidParameterException(parameter, $"'{parameter}' value '{part}' is not an RFC 3339 date-time (e.g. 2020-01-01T00:00:00Z), a date (2020-01-01) or '..'.");
    }
}
