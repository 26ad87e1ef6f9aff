using System.Text.Json;
using NetTopologySuite.Geometries;

namespace Maps.Core.Layers;

/// <summary>
/// Reads an RFC 7946 geometry object from a parsed <see cref="JsonElement"/> straight into NTS
/// geometries. Layer loading is on the cold-start path, and going through the System.Text.Json
/// converter of GeoJSON4STJ for every feature costs several times more than reading the arrays
/// here; GeoJSON4STJ stays the reader for uploads and arbitrary input.
/// </summary>
public static class GeoJsonGeometryReader
{
    /// <param name="closeRings">Given, a polygon ring whose last position is not its first is closed (as GDAL reads one) and counted there, rather than refused.</param>
    public static Geometry Read(JsonElement geometry, GeometryFactory factory, RingClosing? closeRings = null)
    {
        if (geometry.ValueKind != JsonValueKind.Object || !geometry.TryGetProperty("type", out var typeElement))
            throw new InvalidDataException("a geometry must be an object with a 'type'.");
        string? type = typeElement.GetString();
        if (type == "GeometryCollection")
        {
            var members = geometry.GetProperty("geometries").EnumerateArray().Select(g => Read(g, factory, closeRings)).ToArray();
            return factory.CreateGeometryCollection(members);
        }
        if (!geometry.TryGetProperty("coordinates", out var c) || c.ValueKind != JsonValueKind.Array)
            throw new InvalidDataException($"a {type} needs a 'coordinates' array.");
        return type switch
        {
            "Point" => c.GetArrayLength() == 0 ? factory.CreatePoint() : factory.CreatePoint(Position(c)),
            "MultiPoint" => factory.CreateMultiPoint(c.EnumerateArray().Select(p => factory.CreatePoint(Position(p))).ToArray()),
            "LineString" => factory.CreateLineString(Positions(c)),
            "MultiLineString" => factory.CreateMultiLineString(c.EnumerateArray().Select(l => factory.CreateLineString(Positions(l))).ToArray()),
            "Polygon" => Polygon(c, factory, closeRings),
            "MultiPolygon" => factory.CreateMultiPolygon(c.EnumerateArray().Select(p => Polygon(p, factory, closeRings)).ToArray()),
            _ => throw new InvalidDataException($"unknown geometry type '{type}'."),
        };
    }

    private static Polygon Polygon(JsonElement rings, GeometryFactory factory, RingClosing? closeRings)
    {
        var all = rings.EnumerateArray().Select(r => factory.CreateLinearRing(closeRings is null ? Positions(r) : closeRings.Close(Positions(r)))).ToArray();
        return all.Length == 0 ? factory.CreatePolygon() : factory.CreatePolygon(all[0], all[1..]);
    }


    private static Coordinate[] Positions(JsonElement array)
    {
        var coordinates = new Coordinate[array.GetArrayLength()];
        int i = 0;
        foreach (var position in array.EnumerateArray())
            coordinates[i++] = Position(position);
        return coordinates;
    }

    private static Coordinate Position(JsonElement position)
    {
        if (position.ValueKind != JsonValueKind.Array || position.GetArrayLength() < 2)
            throw new InvalidDataException("a position must be an array of at least two numbers.");
        return new Coordinate(position[0].GetDouble(), position[1].GetDouble());
    }
}

/// <summary>Closes the rings <see cref="GeoJsonGeometryReader.Read"/> meets open, and counts them.</summary>
public sealed class RingClosing
{
    public int Closed { get; private set; }

    public Coordinate[] Close(Coordinate[] ring)
    {
        if (ring.Length == 0 || ring[0].Equals2D(ring[^1]))
            return ring;
        Closed++;
        return [.. ring, ring[0].Copy()];
    }
}
