using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Maps.Core.Query.Cql2;
using NetTopologySuite.Geometries;

namespace Maps.Storage.Tests.Support;

/// <summary>A parsed CQL2 expression written as CQL2 JSON (OGC 21-065r2 §8.2), so that a text predicate can be sent in the other encoding.</summary>
public static class Cql2Json
{
    public static string FromText(string text) => Write(CqlTextParser.Parse(text))!.ToJsonString();

    private static JsonNode? Write(CqlExpression expression) => expression switch
    {
        CqlOperation o => Op(o.Op, o.Args.Select(Write).ToArray()),
        CqlProperty p => new JsonObject { ["property"] = p.Name },
        CqlString s => JsonValue.Create(s.Value),
        CqlNumber n => JsonValue.Create(n.Value),
        CqlBoolean b => JsonValue.Create(b.Value),
        CqlDate d => new JsonObject { ["date"] = d.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) },
        CqlTimestamp t => new JsonObject { ["timestamp"] = t.Value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture) },
        CqlInterval i => new JsonObject { ["interval"] = new JsonArray(IntervalEnd(i.Start), IntervalEnd(i.End)) },
        CqlGeometry g => JsonNode.Parse(JsonSerializer.Serialize(g.Value, GeoJson)),
        CqlBbox b => new JsonObject { ["bbox"] = new JsonArray(b.West, b.South, b.East, b.North) },
        CqlArray a => new JsonArray(a.Items.Select(Write).ToArray()),
        _ => throw new ArgumentException($"no CQL2 JSON for {expression.GetType().Name}"),
    };

    /// <summary>An interval's end: <c>".."</c> when open, a date or timestamp as a bare string, else the expression.</summary>
    private static JsonNode? IntervalEnd(CqlExpression? end) => end switch
    {
        null => JsonValue.Create(".."),
        CqlDate or CqlTimestamp => ((JsonObject)Write(end)!).Single().Value!.DeepClone(),
        _ => Write(end),
    };

    private static JsonObject Op(string op, params JsonNode?[] args) => new() { ["op"] = op, ["args"] = new JsonArray(args) };

    private static readonly JsonSerializerOptions GeoJson = new() { Converters = { new NetTopologySuite.IO.Converters.GeoJsonConverterFactory() } };
}
