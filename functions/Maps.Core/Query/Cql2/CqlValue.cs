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
            CqlType.String => string.CompareOrdinal(a.String, b.String) switch { < 0 => -1, 0 => 0, _ => 1 },
            CqlType.Number or CqlType.Boolean => a.Number.CompareTo(b.Number),
            CqlType.Interval => a.Start != b.Start ? a.Start.CompareTo(b.Start) : a.End.CompareTo(b.End),
            CqlType.Geometry => a.Geometry.EqualsTopologically(b.Geometry) ? 0 : null,
            CqlType.Array => ArraysEqual(a.Items, b.Items) ? 0 : null,
            _ => null,
        };
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
