using System.Text;
using CsCheck;

namespace Maps.Functions.Tests.Fuzz;

/// <summary>Generators of hostile CSV and GeoJSON bodies, and a stream that hands them out in small pieces.</summary>
public static class FuzzBodies
{
    public static Gen<T> Pick<T>(params T[] values) => Gen.Int[0, values.Length - 1].Select(i => values[i]);

    private static readonly byte[] Bom = [0xEF, 0xBB, 0xBF];

    private static Gen<byte[]> Fragments(Gen<string> tokens, int maxFragments) =>
        Gen.OneOf(
            tokens.Select(t => Encoding.UTF8.GetBytes(t)),
            Gen.String[Gen.Char, 0, 8].Select(s => Encoding.UTF8.GetBytes(s)),
            Gen.Byte.Array[1, 4])
        .Array[0, maxFragments]
        .Select(parts => parts.SelectMany(p => p).ToArray());

    private static readonly Gen<string> CsvToken = Pick(
        "lat", "lon", "latitude", "longitude", "x", "y", "name", "country", "NGA", "1.5", "-3.25", "6.5", "3.4", "200", "-91",
        "NaN", "Infinity", "1e400", "", " ", "\"", "\"\"", "\"a,b\"", ",", ",", ",", ";", ";", "\t", "\r", "\n", "\n", "\r\n",
        "\0", "\uFEFF", "é", "\"lat\"", "\"1.5\"", "'");

    /// <summary>CSV-like bytes: a header-ish start, tokens, quotes, delimiters and line breaks of every kind, BOMs, NULs, garbage.</summary>
    public static readonly Gen<byte[]> Csv = Gen.OneOf(
        Gen.Select(Pick("", "lat,lon\n", "lon;lat\r\n", "lat\tlon\n", "\"lat\",\"lon\"\n", "name,lat,lon,country\n", "lat,lon"),
                Fragments(CsvToken, 60), Gen.Bool)
            .Select((header, rest, bom) => (bom ? Bom : []).Concat(Encoding.UTF8.GetBytes(header)).Concat(rest).ToArray()),
        Gen.Byte.Array[0, 256]);

    private static readonly Gen<string> JsonToken = Pick(
        "{", "}", "[", "]", ",", ":", "\"type\"", "\"FeatureCollection\"", "\"features\"", "\"Feature\"", "\"geometry\"", "\"Point\"",
        "\"LineString\"", "\"coordinates\"", "\"properties\"", "\"country\"", "\"crs\"", "1.5", "-200", "NaN", "Infinity", "-Infinity",
        "1e400", "null", "true", "\"x\"", "/*c*/", "//c\n", "\"\\u0000\"", "\"\\ud800\"", " ", "\n");

    private static readonly Gen<string> Number = Pick("0", "1.5", "-3.25", "180", "-180.0001", "90", "91", "1e400", "-0", "NaN", "Infinity", "\"1\"", "null", "[]", "{}");

    private static readonly Gen<string> Geometry = Gen.OneOf(
        Gen.Select(Number, Number).Select((x, y) => $"{{\"type\":\"Point\",\"coordinates\":[{x},{y}]}}"),
        Number.Array[0, 5].Select(c => $"{{\"type\":\"Point\",\"coordinates\":[{string.Join(",", c)}]}}"),
        Pick("null", "{}", "[]", "\"Point\"", "{\"type\":\"LineString\",\"coordinates\":[[1,2],[3,4]]}", "{\"type\":\"Polygon\",\"coordinates\":[]}",
            "{\"type\":\"GeometryCollection\",\"geometries\":[]}", "{\"type\":5}", "{\"type\":\"Point\"}", "{\"type\":\"Point\",\"coordinates\":{}}",
            "{\"type\":\"Point\",\"coordinates\":[1,2],\"type\":\"LineString\"}", "{\"coordinates\":[1,2]}"));

    private static readonly Gen<string> Feature = Gen.OneOf(
        Gen.Select(Geometry, Pick("{}", "null", "{\"country\":\"NGA\"}", "{\"country\":5}", "[]", "{\"a\":{\"b\":[1,[2,[3]]]}}", "{\"country\":\"NGA\",\"country\":\"GHA\"}"),
                Pick("", ",\"id\":1", ",\"id\":\"a\"", ",\"type\":\"Feature\"", ",\"bbox\":[1,2,3,4]"))
            .Select((g, p, extra) => $"{{\"type\":\"Feature\",\"geometry\":{g},\"properties\":{p}{extra}}}"),
        Pick("null", "1", "\"Feature\"", "[]", "{}", "{\"type\":\"Feature\"}", "{\"type\":\"Feature\",\"geometry\":null}"));

    /// <summary>FeatureCollections of odd features, with odd top-level members, sometimes cut short, or token soup.</summary>
    public static readonly Gen<byte[]> GeoJson = Gen.OneOf(
        Gen.Select(Feature.Array[0, 12], Pick("", "\"crs\":{\"type\":\"name\",\"properties\":{\"name\":\"urn:ogc:def:crs:OGC:1.3:CRS84\"}},",
                    "\"crs\":{\"type\":\"name\",\"properties\":{\"name\":\"EPSG:27700\"}},", "\"crs\":5,", "\"bbox\":[1,2],", "\"type\":\"Feature\",", "\"features\":{},", "\"x\":[[[[]]]],"),
                Pick("FeatureCollection", "Feature", "featurecollection"), Gen.Bool, Gen.Int[0, 100], Gen.Bool)
            .Select((features, extra, type, truncate, cutPercent, bom) =>
            {
                var json = Encoding.UTF8.GetBytes($"{{{extra}\"type\":\"{type}\",\"features\":[{string.Join(",", features)}]}}");
                if (truncate)
                    json = json[..(json.Length * cutPercent / 100)];
                return bom ? Bom.Concat(json).ToArray() : json;
            }),
        Fragments(JsonToken, 60),
        Gen.Byte.Array[0, 256]);

    /// <summary>Reads the data at most <c>chunk</c> bytes at a time, so parsers refill mid-token.</summary>
    public sealed class ChunkedStream(byte[] data, int chunk) : Stream
    {
        private int _position;

        public override int Read(byte[] buffer, int offset, int count)
        {
            int n = Math.Min(Math.Min(count, chunk), data.Length - _position);
            Array.Copy(data, _position, buffer, offset, n);
            _position += n;
            return n;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            int n = Math.Min(Math.Min(buffer.Length, chunk), data.Length - _position);
            data.AsSpan(_position, n).CopyTo(buffer.Span);
            _position += n;
            return ValueTask.FromResult(n);
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => data.Length;
        public override long Position { get => _position; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
