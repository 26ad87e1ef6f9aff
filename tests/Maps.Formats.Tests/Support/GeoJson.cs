using System.Globalization;
using System.Text;

namespace Maps.Formats.Tests.Support;

/// <summary>Builds GeoJSON upload bodies, features as text in the store's normalised form, so what a reader hands on and what a store keeps compare byte for byte (the storage tests use it too).</summary>
public static class GeoJson
{
    public static string N(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    public static string Point(string id, double lon, double lat, string properties = "{}") =>
        $"{{\"type\":\"Feature\",\"id\":\"{id}\",\"geometry\":{{\"type\":\"Point\",\"coordinates\":[{N(lon)},{N(lat)}]}},\"properties\":{properties}}}";

    public static string Line(string id, IEnumerable<(double Lon, double Lat)> positions, string properties = "{}") =>
        $"{{\"type\":\"Feature\",\"id\":\"{id}\",\"geometry\":{{\"type\":\"LineString\",\"coordinates\":[{string.Join(",", positions.Select(p => $"[{N(p.Lon)},{N(p.Lat)}]"))}]}},\"properties\":{properties}}}";

    public static string Collection(IEnumerable<string> features, string? crs = null) =>
        "{\"type\":\"FeatureCollection\"" + (crs is null ? "" : $",\"crs\":{{\"type\":\"name\",\"properties\":{{\"name\":\"{crs}\"}}}}")
        + ",\"features\":[" + string.Join(",", features) + "]}";

    public static IEnumerable<string> Points(int count, string prefix = "p", int seed = 1)
    {
        var random = new Random(seed);
        for (int i = 0; i < count; i++)
            yield return Point($"{prefix}-{i:D6}", Math.Round(random.NextDouble() * 360 - 180, 6), Math.Round(random.NextDouble() * 170 - 85, 6),
                $"{{\"name\":\"Node {i}\",\"status\":\"operational\",\"country\":\"NGA\"}}");
    }

    /// <summary>A cable-like line of <paramref name="vertices"/> vertices (about 25 bytes each) that stays east of the antimeridian.</summary>
    public static string LongLine(string id, int vertices)
    {
        var random = new Random(7);
        var positions = Enumerable.Range(0, vertices).Select(i => (Math.Round(-170 + 340.0 * i / vertices, 6), Math.Round(random.NextDouble() * 60 - 30, 6)));
        return Line(id, positions, "{\"name\":\"Long cable\",\"status\":\"operational\"}");
    }

    public static byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);
}

/// <summary>A stream that hands out at most <paramref name="chunk"/> bytes per read, as a slow network would.</summary>
public sealed class TrickleStream(byte[] data, int chunk) : MemoryStream(data)
{
    public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, chunk));

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        base.ReadAsync(buffer[..Math.Min(buffer.Length, chunk)], cancellationToken);
}
