using System.Globalization;
using Maps.Core.Layers;
using NetTopologySuite.Geometries;

namespace Maps.Core.Query.Cql2;

/// <summary>
/// The checks both parsers make on literal content: calendar dates, UTC instants, boxes and
/// geometries (built with <see cref="GeoJsonOptions.Factory"/>, heights dropped).
/// </summary>
internal static class CqlLiterals
{
    public static CqlDate Date(string text, string where) =>
        TryDate(text) is { } date
            ? new CqlDate(date) { Where = where }
            : throw CqlErrors.At(where, $"Invalid date '{Clip(text)}': expected a calendar date yyyy-MM-dd such as '2022-04-16'");

    public static CqlTimestamp Timestamp(string text, string where) =>
        TryTimestamp(text) is { } instant
            ? new CqlTimestamp(instant) { Where = where }
            : throw CqlErrors.At(where, $"Invalid timestamp '{Clip(text)}': expected an RFC 3339 UTC instant such as '2022-04-16T10:13:19Z'");

    /// <summary>An interval end written as a string: <c>'..'</c> (open, null), a date or a timestamp.</summary>
    public static CqlExpression? IntervalEnd(string text, string where)
    {
        if (text == "..") return null;
        if (TryDate(text) is { } date) return new CqlDate(date) { Where = where };
        if (TryTimestamp(text) is { } instant) return new CqlTimestamp(instant) { Where = where };
        throw CqlErrors.At(where, $"Invalid interval end '{Clip(text)}': expected '..', a date such as '2022-04-16' or a UTC instant such as '2022-04-16T10:13:19Z'");
    }

    private static DateOnly? TryDate(string text) => Rfc3339.TryParseDate(text, out var date) ? date : null;

    /// <summary>CQL2's TIMESTAMP: RFC 3339 in UTC (<c>Z</c>).</summary>
    private static DateTimeOffset? TryTimestamp(string text) => Rfc3339.TryParseDateTime(text, out var instant, utcOnly: true) ? instant : null;

    /// <summary><c>w, s, e, n</c> or <c>w, s, minz, e, n, maxz</c>.</summary>
    public static CqlBbox Bbox(IReadOnlyList<double> values, string where)
    {
        if (values.Count is not (4 or 6))
            throw CqlErrors.At(where, $"BBOX takes 4 numbers (west, south, east, north) or 6 (west, south, min height, east, north, max height), found {values.Count}");
        bool six = values.Count == 6;
        double west = values[0], south = values[1], east = values[six ? 3 : 2], north = values[six ? 4 : 3];
        foreach (var (name, value, limit) in new[] { ("west", west, 180.0), ("east", east, 180.0), ("south", south, 90.0), ("north", north, 90.0) })
        {
            if (value < -limit || value > limit)
                throw CqlErrors.At(where, $"BBOX {name} {Format(value)} is outside [-{limit}, {limit}]");
        }
        if (south > north) throw CqlErrors.At(where, $"BBOX south {Format(south)} is north of north {Format(north)}");
        if (six && values[2] > values[5])
            throw CqlErrors.At(where, $"BBOX min height {Format(values[2])} is above max height {Format(values[5])}");
        return new CqlBbox(west, south, east, north) { Where = where };
    }

    public static Point Point(Coordinate c) => GeoJsonOptions.Factory.CreatePoint(c);

    public static LineString LineString(Coordinate[] points, string where) => points.Length >= 2
        ? GeoJsonOptions.Factory.CreateLineString(points)
        : throw CqlErrors.At(where, $"A linestring needs at least 2 points, found {points.Length}");

    public static Polygon Polygon(IReadOnlyList<(Coordinate[] Points, string Where)> rings, string where)
    {
        if (rings.Count == 0) throw CqlErrors.At(where, "A polygon needs at least one ring");
        var linearRings = rings.Select(ring =>
        {
            var points = ring.Points;
            if (points.Length < 4) throw CqlErrors.At(ring.Where, $"A polygon ring needs at least 4 points, found {points.Length}");
            if (!points[0].Equals2D(points[^1]))
                throw CqlErrors.At(ring.Where, $"A polygon ring must be closed: it starts at ({Format(points[0].X)} {Format(points[0].Y)}) and ends at ({Format(points[^1].X)} {Format(points[^1].Y)})");
            return GeoJsonOptions.Factory.CreateLinearRing(points);
        }).ToArray();
        return GeoJsonOptions.Factory.CreatePolygon(linearRings[0], linearRings[1..]);
    }

    public static Geometry Multi(string type, IReadOnlyList<Geometry> parts, string where)
    {
        if (parts.Count == 0) throw CqlErrors.At(where, $"A {type} needs at least one member");
        var factory = GeoJsonOptions.Factory;
        return type switch
        {
            "MultiPoint" => factory.CreateMultiPoint(parts.Cast<Point>().ToArray()),
            "MultiLineString" => factory.CreateMultiLineString(parts.Cast<LineString>().ToArray()),
            "MultiPolygon" => factory.CreateMultiPolygon(parts.Cast<Polygon>().ToArray()),
            _ => factory.CreateGeometryCollection(parts.ToArray()),
        };
    }

    /// <summary>Builds a geometry, turning anything NetTopologySuite rejects into a filter error.</summary>
    public static CqlGeometry Geometry(Func<Geometry> build, string where)
    {
        try
        {
            return new CqlGeometry(build()) { Where = where };
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or FormatException)
        {
            throw CqlErrors.At(where, $"Invalid geometry: {e.Message}");
        }
    }

    public static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    public static string Clip(string text) => text.Length > 40 ? text[..40] + "…" : text;
}
