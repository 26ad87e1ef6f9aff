using NetTopologySuite.Geometries;

namespace Maps.Core.Query.Cql2;

/// <summary>The CQL2 data types an expression can have; <see cref="Any"/> is a property whose values mix types.</summary>
public enum CqlType { Null, String, Number, Boolean, Date, Timestamp, Interval, Geometry, Array, Any }

/// <summary>
/// One value during evaluation. Temporal values are closed tick ranges [Start, End] in UTC: an
/// instant (date at midnight, or timestamp) has Start = End; an open interval end is
/// <see cref="long.MinValue"/> / <see cref="long.MaxValue"/>.
/// </summary>
public readonly struct CqlValue
{
    private CqlValue(CqlType type, double number = 0, long start = 0, long end = 0, object? reference = null)
    {
        Type = type;
        Number = number;
        Start = start;
        End = end;
        Reference = reference;
    }

    public CqlType Type { get; }
    public double Number { get; }
    public long Start { get; }
    public long End { get; }
    private object? Reference { get; }

    public bool IsNull => Type == CqlType.Null;
    public string String => (string)Reference!;
    public bool Boolean => Number != 0;
    public Geometry Geometry => (Geometry)Reference!;
    public IReadOnlyList<CqlValue> Items => (CqlValue[])Reference!;
    public bool IsTemporal => Type is CqlType.Date or CqlType.Timestamp or CqlType.Interval;

    public static readonly CqlValue Null = default;
    public static CqlValue Of(string value) => new(CqlType.String, reference: value);
    public static CqlValue Of(double value) => double.IsFinite(value) ? new(CqlType.Number, value) : Null;
    public static CqlValue Of(bool value) => new(CqlType.Boolean, value ? 1 : 0);
    public static CqlValue Of(bool? value) => value is bool b ? Of(b) : Null;
    public static CqlValue Of(Geometry value) => new(CqlType.Geometry, reference: value);
    public static CqlValue Of(CqlValue[] items) => new(CqlType.Array, reference: items);
    public static CqlValue Of(DateOnly date) => new(CqlType.Date, start: Ticks(date), end: Ticks(date));
    public static CqlValue Of(DateTimeOffset instant) => new(CqlType.Timestamp, start: instant.UtcTicks, end: instant.UtcTicks);
    public static CqlValue Interval(long start, long end) => new(CqlType.Interval, start: start, end: end);

    private static long Ticks(DateOnly date) => date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc).Ticks;

    /// <summary>
    /// Orders two values of the same type (dates and timestamps together, by instant); null when
    /// either is null or they cannot be compared. Strings compare by code point.
    /// </summary>
    public static int? Compare(in CqlValue a, in CqlValue b)
    {
        if (a.IsNull || b.IsNull)
            return null;
        if (a.Type is CqlType.Date or CqlType.Timestamp && b.Type is CqlType.Date or CqlType.Timestamp)
            return a.Start.CompareTo(b.Start);
        if (a.Type != b.Type)
            return null;
        return a.Type switch
        {
            CqlType.String => CompareCodePoints(a.String, b.String),
            CqlType.Number or CqlType.Boolean => a.Number.CompareTo(b.Number),
            CqlType.Interval => a.Start != b.Start ? a.Start.CompareTo(b.Start) : a.End.CompareTo(b.End),
            CqlType.Geometry => a.Geometry.EqualsTopologically(b.Geometry) ? 0 : null,
            CqlType.Array => ArraysEqual(a.Items, b.Items) ? 0 : null,
            _ => null,
        };
    }

    /// <summary>
    /// Code point order. UTF-16 order differs from it only where a surrogate (U+D800–DFFF, a code
    /// point above U+FFFF) meets U+E000–FFFF: the first differing units are moved so that surrogates sort last.
    /// </summary>
    private static int CompareCodePoints(string a, string b)
    {
        int length = Math.Min(a.Length, b.Length);
        for (int i = 0; i < length; i++)
        {
            char x = a[i], y = b[i];
            if (x != y)
                return Rank(x) < Rank(y) ? -1 : 1;
        }
        return a.Length.CompareTo(b.Length);

        static int Rank(char c) => c >= 0xE000 ? c - 0x800 : c >= 0xD800 ? c + 0x2000 : c;
    }

    /// <summary>Value equality as sets use it: same type and <see cref="Compare"/> 0.</summary>
    public static bool SameValue(in CqlValue a, in CqlValue b) => Compare(a, b) == 0;

    private static bool ArraysEqual(IReadOnlyList<CqlValue> a, IReadOnlyList<CqlValue> b)
    {
        if (a.Count != b.Count)
            return false;
        for (int i = 0; i < a.Count; i++)
            if (!SameValue(a[i], b[i]))
                return false;
        return true;
    }
}
