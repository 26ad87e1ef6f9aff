using System.Runtime.CompilerServices;
using System.Text.Json;
using NetTopologySuite.Geometries;

namespace Maps.Core.Query.Cql2;

/// <summary>
/// Parses CQL2 JSON (OGC 21-065r2, cql2.json) into the expression tree. Each node's
/// <see cref="CqlExpression.Where"/> is its JSON Pointer.
/// </summary>
public sealed class CqlJsonParser
{
    public const int MaxDepth = CqlTextParser.MaxDepth;

    private int depth;

    public static CqlExpression Parse(string json)
    {
        json ??= "";
        int surrogate = LoneSurrogate(json);
        if (surrogate >= 0)
            throw CqlErrors.At($"character {surrogate + 1}", $"The filter is not valid JSON: lone UTF-16 surrogate U+{(int)json[surrogate]:X4}");
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 4 * MaxDepth });
        }
        catch (JsonException e)
        {
            string reason = e.Message.Split([" Path:", " LineNumber:"], StringSplitOptions.None)[0].TrimEnd('.', ' ');
            throw CqlErrors.At($"line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}", $"The filter is not valid JSON: {reason}");
        }
        using (document) return Parse(document.RootElement);
    }

    private static int LoneSurrogate(string text)
    {
        for (int i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) i++;
            else if (char.IsSurrogate(text[i])) return i;
        }
        return -1;
    }

    public static CqlExpression Parse(JsonElement json) => new CqlJsonParser().Node(json, "");

    private static InvalidParameterException Error(string pointer, string message) =>
        CqlErrors.At(pointer.Length == 0 ? "the root" : pointer, message);

    private static string Describe(JsonElement json) => json.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => $"the string {CqlLiterals.Clip(json.GetRawText())}",
        JsonValueKind.Number => $"the number {CqlLiterals.Clip(json.GetRawText())}",
        _ => json.GetRawText(),
    };

    private static string Member(string pointer, string name) =>
        $"{pointer}/{name.Replace("~", "~0").Replace("/", "~1")}";

    private CqlExpression Node(JsonElement json, string pointer)
    {
        if (++depth > MaxDepth || !RuntimeHelpers.TryEnsureSufficientExecutionStack())
            throw Error(pointer, $"The filter is nested too deeply (more than {MaxDepth} levels)");
        CqlExpression node = json.ValueKind switch
        {
            JsonValueKind.String => new CqlString(json.GetString()!),
            JsonValueKind.Number => new CqlNumber(Number(json, pointer)),
            JsonValueKind.True => new CqlBoolean(true),
            JsonValueKind.False => new CqlBoolean(false),
            JsonValueKind.Array => new CqlArray(Items(json, pointer, Node)),
            JsonValueKind.Object => Object(json, pointer),
            _ => throw Error(pointer, "Expected a CQL2 expression, found null"),
        };
        depth--;
        return node with { Where = pointer };
    }

    private static List<T> Items<T>(JsonElement array, string pointer, Func<JsonElement, string, T> item) =>
        array.EnumerateArray().Select((element, i) => item(element, $"{pointer}/{i}")).ToList();

    private static double Number(JsonElement json, string pointer) =>
        json.ValueKind == JsonValueKind.Number && json.TryGetDouble(out double value) && double.IsFinite(value)
            ? value
            : throw Error(pointer, json.ValueKind == JsonValueKind.Number
                ? $"Number {CqlLiterals.Clip(json.GetRawText())} is out of range"
                : $"Expected a number, found {Describe(json)}");

    private static string String(JsonElement json, string pointer, string what) =>
        json.ValueKind == JsonValueKind.String ? json.GetString()! : throw Error(pointer, $"Expected {what}, found {Describe(json)}");

    private static JsonElement Array(JsonElement json, string pointer, string what) =>
        json.ValueKind == JsonValueKind.Array ? json : throw Error(pointer, $"Expected {what}, found {Describe(json)}");

    private static Dictionary<string, JsonElement> Members(JsonElement json, string pointer, string kind, params string[] allowed)
    {
        var members = new Dictionary<string, JsonElement>();
        foreach (var member in json.EnumerateObject())
        {
            if (!allowed.Contains(member.Name))
                throw Error(Member(pointer, member.Name), $"Unexpected member '{CqlLiterals.Clip(member.Name)}' in {kind} (allowed: {string.Join(", ", allowed)})");
            if (!members.TryAdd(member.Name, member.Value))
                throw Error(Member(pointer, member.Name), $"Duplicate member '{member.Name}' in {kind}");
        }
        return members;
    }

    private static readonly string[] Kinds = ["type", "op", "property", "date", "timestamp", "interval", "bbox"];

    private CqlExpression Object(JsonElement json, string pointer)
    {
        string? key = Kinds.FirstOrDefault(kind => json.TryGetProperty(kind, out _));
        return key switch
        {
            "op" => Operation(Members(json, pointer, "an operation", "op", "args"), pointer),
            "property" => Property(Members(json, pointer, "a property reference", "property")["property"], Member(pointer, "property")),
            "date" => CqlLiterals.Date(String(Members(json, pointer, "a date", "date")["date"], Member(pointer, "date"), "a date string"), pointer),
            "timestamp" => CqlLiterals.Timestamp(String(Members(json, pointer, "a timestamp", "timestamp")["timestamp"], Member(pointer, "timestamp"), "a timestamp string"), pointer),
            "interval" => Interval(Members(json, pointer, "an interval", "interval")["interval"], Member(pointer, "interval")),
            "bbox" => Bbox(Members(json, pointer, "a bbox", "bbox")["bbox"], Member(pointer, "bbox"), pointer),
            "type" => CqlLiterals.Geometry(() => Geometry(json, pointer), pointer),
            _ => throw Error(pointer, "Expected an operation {\"op\", \"args\"}, a property {\"property\"}, {\"date\"}, {\"timestamp\"}, {\"interval\"}, {\"bbox\"} or a GeoJSON geometry, "
                + (json.EnumerateObject().Any() ? $"found an object with '{CqlLiterals.Clip(json.EnumerateObject().First().Name)}'" : "found {}")),
        };
    }

    private static CqlProperty Property(JsonElement json, string pointer)
    {
        string name = String(json, pointer, "a property name");
        if (name.Length == 0 || name.Contains('"'))
            throw Error(pointer, $"Invalid property name \"{CqlLiterals.Clip(name)}\": it must be non-empty and have no '\"'");
        return new CqlProperty(name);
    }

    private CqlOperation Operation(Dictionary<string, JsonElement> members, string pointer)
    {
        string name = String(members["op"], Member(pointer, "op"), "an op name");
        string op = CqlOps.Standard(name) ?? (CqlOps.IsFunctionName(name)
            ? name
            : throw Error(Member(pointer, "op"), $"Unknown op '{CqlLiterals.Clip(name)}': expected a CQL2 operator or a function name"));
        if (!members.TryGetValue("args", out var argsJson))
            throw Error(pointer, $"The operation '{op}' has no \"args\"");
        string argsPointer = Member(pointer, "args");
        var args = Items(Array(argsJson, argsPointer, $"an array of arguments of '{op}'"), argsPointer, Node);
        var (min, max) = CqlOps.Arity(op);
        if (args.Count < min || args.Count > max)
            throw Error(argsPointer, $"'{op}' takes {(min == max ? min.ToString() : $"at least {min}")} argument{(min == 1 ? "" : "s")}, found {args.Count}");
        if (op == "in" && args[1] is not CqlArray)
            throw Error($"{argsPointer}/1", "Expected the list of 'in' as an array");
        return new CqlOperation(op, args);
    }

    private CqlInterval Interval(JsonElement json, string pointer)
    {
        var ends = Items(Array(json, pointer, "an array of two interval ends"), pointer, IntervalEnd);
        return ends.Count == 2
            ? new CqlInterval(ends[0], ends[1])
            : throw Error(pointer, $"An interval has 2 ends, found {ends.Count}");
    }

    private CqlExpression? IntervalEnd(JsonElement json, string pointer)
    {
        if (json.ValueKind == JsonValueKind.String) return CqlLiterals.IntervalEnd(json.GetString()!, pointer);
        var end = json.ValueKind == JsonValueKind.Object ? Node(json, pointer) : null;
        return end is CqlProperty || (end is CqlOperation op && CqlOps.Standard(op.Op) is null)
            ? end
            : throw Error(pointer, $"Expected an interval end: \"..\", a date or timestamp string, a property or a function, found {Describe(json)}");
    }

    private static CqlBbox Bbox(JsonElement json, string pointer, string where) =>
        CqlLiterals.Bbox(Items(Array(json, pointer, "an array of 4 or 6 numbers"), pointer, Number), where);

    private Geometry Geometry(JsonElement json, string pointer)
    {
        string type = String(json.GetProperty("type"), Member(pointer, "type"), "a GeoJSON geometry type");
        string parts = type == "GeometryCollection" ? "geometries" : "coordinates";
        var members = Members(json, pointer, $"a GeoJSON {CqlLiterals.Clip(type)}", "type", parts, "bbox");
        if (members.TryGetValue("bbox", out var box)) Items(Array(box, Member(pointer, "bbox"), "an array of numbers"), Member(pointer, "bbox"), Number);
        if (!members.TryGetValue(parts, out var body)) throw Error(pointer, $"The GeoJSON {type} has no \"{parts}\"");
        string at = Member(pointer, parts);
        return type switch
        {
            "Point" => CqlLiterals.Point(Position(body, at)),
            "LineString" => LineString(body, at),
            "Polygon" => Polygon(body, at),
            "MultiPoint" => CqlLiterals.Multi(type, Items(Array(body, at, "an array of positions"), at, (p, ptr) => CqlLiterals.Point(Position(p, ptr))), at),
            "MultiLineString" => CqlLiterals.Multi(type, Items(Array(body, at, "an array of linestrings"), at, LineString), at),
            "MultiPolygon" => CqlLiterals.Multi(type, Items(Array(body, at, "an array of polygons"), at, Polygon), at),
            "GeometryCollection" => CqlLiterals.Multi(type, Items(Array(body, at, "an array of geometries"), at, CollectionMember), at),
            _ => throw Error(Member(pointer, "type"), $"Unknown GeoJSON geometry type '{CqlLiterals.Clip(type)}'"),
        };

        Geometry CollectionMember(JsonElement element, string ptr)
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty("type", out _))
                throw Error(ptr, $"Expected a GeoJSON geometry, found {Describe(element)}");
            if (++depth > MaxDepth || !RuntimeHelpers.TryEnsureSufficientExecutionStack())
                throw Error(ptr, $"The filter is nested too deeply (more than {MaxDepth} levels)");
            var geometry = Geometry(element, ptr);
            depth--;
            return geometry;
        }
    }

    private static Coordinate Position(JsonElement json, string pointer)
    {
        var values = Items(Array(json, pointer, "a position [x, y] or [x, y, z]"), pointer, Number);
        return values.Count is 2 or 3
            ? new Coordinate(values[0], values[1])
            : throw Error(pointer, $"A position has 2 or 3 numbers, found {values.Count}");
    }

    private static Coordinate[] Positions(JsonElement json, string pointer) =>
        [.. Items(Array(json, pointer, "an array of positions"), pointer, Position)];

    private static LineString LineString(JsonElement json, string pointer) =>
        CqlLiterals.LineString(Positions(json, pointer), pointer);

    private static Polygon Polygon(JsonElement json, string pointer) =>
        CqlLiterals.Polygon(Items(Array(json, pointer, "an array of rings"), pointer, (ring, at) => (Positions(ring, at), at)), pointer);
}
