using System.Globalization;

namespace Maps.Core.Query;

/// <summary>
/// RFC 3339 full-dates (<c>yyyy-MM-dd</c>, a real day) and date-times (full-date, <c>T</c>,
/// <c>hh:mm:ss</c>, an optional fraction, then <c>Z</c> or <c>±hh:mm</c>; <c>T</c> and <c>Z</c> in
/// either case, and a leap second <c>:60</c>, as RFC 3339 allows). One reader for the data (what
/// queryables call <c>date</c> / <c>date-time</c>) and for CQL2's literals, so that what the
/// queryables promise is what the filters read.
/// </summary>
public static class Rfc3339
{
    public static bool TryParseDate(ReadOnlySpan<char> text, out DateOnly date)
    {
        date = default;
        return text.Length == 10 && text[4] == '-' && text[7] == '-'
            && DateOnly.TryParseExact(text, "yyyy'-'MM'-'dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);
    }

    /// <summary>The instant in UTC; a leap second reads as the last tick of its minute. <paramref name="utcOnly"/> asks for <c>Z</c>, as CQL2's TIMESTAMP does.</summary>
    public static bool TryParseDateTime(ReadOnlySpan<char> s, out DateTimeOffset instant, bool utcOnly = false)
    {
        instant = default;
        if (s.Length < 20 || !TryParseDate(s[..10], out var date) || s[10] is not ('T' or 't'))
            return false;
        if (!TwoDigits(s, 11, 23, out int hour) || s[13] != ':' || !TwoDigits(s, 14, 59, out int minute) || s[16] != ':' || !TwoDigits(s, 17, 60, out int second))
            return false;
        int i = 19;
        long fractionTicks = 0;
        if (s[i] == '.')
        {
            int start = ++i;
            while (i < s.Length && char.IsAsciiDigit(s[i]))
                i++;
            if (i == start)
                return false;
            var digits = s[start..Math.Min(i, start + 7)];
            fractionTicks = long.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);
            for (int pad = digits.Length; pad < 7; pad++)
                fractionTicks *= 10;
        }
        TimeSpan offset;
        if (i < s.Length && s[i] is 'Z' or 'z' && i + 1 == s.Length)
            offset = TimeSpan.Zero;
        else if (!utcOnly && i < s.Length && s[i] is '+' or '-' && s.Length == i + 6
                 && TwoDigits(s, i + 1, 23, out int offsetHours) && s[i + 3] == ':' && TwoDigits(s, i + 4, 59, out int offsetMinutes))
            offset = (s[i] == '-' ? -1 : 1) * new TimeSpan(offsetHours, offsetMinutes, 0);
        else
            return false;
        long ticks = date.ToDateTime(new TimeOnly(hour, minute, Math.Min(second, 59))).Ticks + fractionTicks;
        if (second == 60)
            ticks = date.ToDateTime(new TimeOnly(hour, minute)).Ticks + TimeSpan.TicksPerMinute - 1;
        long utc = ticks - offset.Ticks;
        if (utc < DateTime.MinValue.Ticks || utc > DateTime.MaxValue.Ticks)
            return false;
        instant = new DateTimeOffset(utc, TimeSpan.Zero);
        return true;
    }

    private static bool TwoDigits(ReadOnlySpan<char> s, int at, int max, out int value)
    {
        value = at + 1 < s.Length && char.IsAsciiDigit(s[at]) && char.IsAsciiDigit(s[at + 1]) ? (s[at] - '0') * 10 + (s[at + 1] - '0') : -1;
        return value >= 0 && value <= max;
    }
}
