using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using NetTopologySuite.Geometries;

namespace Maps.Core.Layers;

/// <summary>
/// The one GeoJSON form of a stored feature, written from what the layer file holds:
/// <c>{"type":"Feature","id":..,"geometry":..,"properties":{..}}</c>, compact, strings escaped as
/// little as JSON allows (UnsafeRelaxedJsonEscaping: pages are served as application/geo+json, never
/// inlined in HTML), coordinates as stored in their shortest round-trip form (the import rounds the
/// shipped layers' to 7 decimals; a publish keeps them as uploaded), every
/// property of the layer in its column order (null where the feature has no value), numbers in their
/// shortest round-trip form. Item pages, extracts and single features are these bytes.
/// </summary>
public static class FeatureJson
{
    public static readonly JsonWriterOptions Options = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
        SkipValidation = false,
    };

    /// <summary>A whole feature; <paramref name="names"/> and <paramref name="values"/> are parallel, in column order.</summary>
    public static void WriteFeature(Utf8JsonWriter writer, string id, Geometry geometry, IReadOnlyList<string> names, ReadOnlySpan<PropertyValue> values)
    {
        writer.WriteStartObject();
        writer.WriteString("type", "Feature");
        writer.WriteString("id", id);
        writer.WritePropertyName("geometry");
        WriteGeometry(writer, geometry);
        writer.WritePropertyName("properties");
        writer.WriteStartObject();
        for (int i = 0; i < names.Count; i++)
        {
            writer.WritePropertyName(names[i]);
            values[i].WriteTo(writer);
        }
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary>Writes a geometry as RFC 7946 GeoJSON, coordinates in their shortest round-trip form.</summary>
    public static void WriteGeometry(Utf8JsonWriter writer, Geometry geometry)
    {
        writer.WriteStartObject();
        writer.WriteString("type", geometry.GeometryType);
        if (geometry is GeometryCollection and not (MultiPoint or MultiLineString or MultiPolygon))
        {
            writer.WriteStartArray("geometries");
            for (int i = 0; i < geometry.NumGeometries; i++)
                WriteGeometry(writer, geometry.GetGeometryN(i));
            writer.WriteEndArray();
        }
        else
        {
            writer.WritePropertyName("coordinates");
            WriteCoordinates(writer, geometry);
        }
        writer.WriteEndObject();
    }

    private static void WriteCoordinates(Utf8JsonWriter writer, Geometry geometry)
    {
        switch (geometry)
        {
            case Point p:
                if (p.IsEmpty)
                {
                    writer.WriteStartArray();
                    writer.WriteEndArray();
                }
                else
                    WritePosition(writer, p.X, p.Y);
                break;
            case LineString l:
                WriteSequence(writer, l.CoordinateSequence);
                break;
            case Polygon poly:
                writer.WriteStartArray();
                if (!poly.IsEmpty)
                {
                    WriteSequence(writer, poly.ExteriorRing.CoordinateSequence);
                    foreach (var hole in poly.InteriorRings)
                        WriteSequence(writer, hole.CoordinateSequence);
                }
                writer.WriteEndArray();
                break;
            default: // MultiPoint, MultiLineString, MultiPolygon
                writer.WriteStartArray();
                for (int i = 0; i < geometry.NumGeometries; i++)
                    WriteCoordinates(writer, geometry.GetGeometryN(i));
                writer.WriteEndArray();
                break;
        }
    }

    private static void WriteSequence(Utf8JsonWriter writer, CoordinateSequence sequence)
    {
        writer.WriteStartArray();
        for (int i = 0; i < sequence.Count; i++)
            WritePosition(writer, sequence.GetX(i), sequence.GetY(i));
        writer.WriteEndArray();
    }

    private static void WritePosition(Utf8JsonWriter writer, double x, double y)
    {
        writer.WriteStartArray();
        writer.WriteRawValue(FormatCoordinate(x), skipInputValidation: true);
        writer.WriteRawValue(FormatCoordinate(y), skipInputValidation: true);
        writer.WriteEndArray();
    }

    /// <summary>A coordinate in its shortest round-trip invariant form ("-0" becomes "0").</summary>
    public static string FormatCoordinate(double value)
    {
        if (value == 0)
            value = 0;
        if (!double.IsFinite(value))
            throw new InvalidDataException($"Coordinate {value} is not a finite number.");
        return value.ToString("R", CultureInfo.InvariantCulture);
    }
}
