using System.Globalization;
using System.Text;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;

namespace Maps.Functions.Extracts;

/// <summary>
/// Appends OGC Well-Known Text in NTS WKTWriter's layout (<c>LINESTRING (1 2, 3 4)</c>) with
/// shortest round-trip doubles, straight into a StringBuilder: about five times faster than
/// WKTWriter, which dominated CSV extracts. 2D only (layers are lon/lat); empty geometries and
/// anything unusual go through WKTWriter.
/// </summary>
public static class WktText
{
    private static readonly WKTWriter Fallback = new();

    public static void Append(StringBuilder text, Geometry geometry)
    {
        if (geometry.IsEmpty || !IsSimpleKind(geometry))
        {
            text.Append(Fallback.Write(geometry));
            return;
        }
        text.Append(geometry.GeometryType.ToUpperInvariant()).Append(' ');
        AppendBody(text, geometry);
    }

    private static bool IsSimpleKind(Geometry geometry) => geometry switch
    {
        Point or LineString or Polygon => true,
        GeometryCollection collection when collection is MultiPoint or MultiLineString or MultiPolygon =>
            collection.Geometries.All(g => !g.IsEmpty),
        _ => false,
    };

    private static void AppendBody(StringBuilder text, Geometry geometry)
    {
        switch (geometry)
        {
            case Point point:
                text.Append('(');
                AppendCoordinate(text, point.X, point.Y);
                text.Append(')');
                break;
            case LineString line:
                AppendSequence(text, line.CoordinateSequence);
                break;
            case Polygon polygon:
                text.Append('(');
                AppendSequence(text, polygon.ExteriorRing.CoordinateSequence);
                foreach (var hole in polygon.InteriorRings)
                {
                    text.Append(", ");
                    AppendSequence(text, hole.CoordinateSequence);
                }
                text.Append(')');
                break;
            case GeometryCollection collection:
                text.Append('(');
                for (int i = 0; i < collection.NumGeometries; i++)
                {
                    if (i > 0)
                        text.Append(", ");
                    AppendBody(text, collection.GetGeometryN(i));
                }
                text.Append(')');
                break;
        }
    }

    private static void AppendSequence(StringBuilder text, CoordinateSequence sequence)
    {
        text.Append('(');
        for (int i = 0; i < sequence.Count; i++)
        {
            if (i > 0)
                text.Append(", ");
            AppendCoordinate(text, sequence.GetX(i), sequence.GetY(i));
        }
        text.Append(')');
    }

    private static void AppendCoordinate(StringBuilder text, double x, double y)
    {
        Span<char> buffer = stackalloc char[32];
        x.TryFormat(buffer, out int written, "R", CultureInfo.InvariantCulture);
        text.Append(buffer[..written]).Append(' ');
        y.TryFormat(buffer, out written, "R", CultureInfo.InvariantCulture);
        text.Append(buffer[..written]);
    }
}
