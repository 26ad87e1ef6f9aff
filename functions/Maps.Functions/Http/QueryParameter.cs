using System.Globalization;
using System.Text.Json.Nodes;

namespace Maps.Functions.Http;

/// <summary>
/// One query parameter, declared once by the endpoint that takes it: its name, what it means, its
/// schema (type, bounds, default, allowed values) and whether it is required. The endpoint reads
/// its value through it, so the bounds it checks are the ones it documents; the OpenAPI document,
/// the process descriptions and the unknown-parameter check read the same record. Two endpoints
/// whose parameter means different things (items' <c>crs</c> and a publish's) declare two.
/// </summary>
public sealed record QueryParameter(string Name, string Description)
{
    /// <summary>The OpenAPI schema type: string, integer, number, boolean or array.</summary>
    public string Type { get; init; } = "string";

    public bool Required { get; init; }

    public double? Minimum { get; init; }

    public double? Maximum { get; init; }

    /// <summary>The value used when the parameter is absent, as the schema's default.</summary>
    public JsonNode? Default { get; init; }

    public IReadOnlyList<string>? Enum { get; init; }

    public string? Format { get; init; }

    public string? Example { get; init; }

    /// <summary>An array's items schema (its bounds are <see cref="Minimum"/> and <see cref="Maximum"/>); arrays are comma-separated (style form, explode false).</summary>
    public JsonObject? Items { get; init; }

    public int? MinItems { get; init; }

    public int? MaxItems { get; init; }

    public static QueryParameter Text(string name, string description) => new(name, description);

    public static QueryParameter Number(string name, string description, double minimum, double? maximum = null, double? @default = null) =>
        new(name, description) { Type = "number", Minimum = minimum, Maximum = maximum, Default = @default };

    public static QueryParameter Choice(string name, string description, params string[] values) =>
        new(name, description) { Enum = values };

    /// <summary>The schema, as OpenAPI and OGC process descriptions write it.</summary>
    public JsonObject Schema()
    {
        var schema = new JsonObject { ["type"] = Type };
        if (Format is not null)
            schema["format"] = Format;
        // An array's bounds are its items'.
        var items = Items?.DeepClone().AsObject();
        var bounded = items ?? schema;
        if (Minimum is { } min)
            bounded["minimum"] = min;
        if (Maximum is { } max)
            bounded["maximum"] = max;
        if (Enum is not null)
            schema["enum"] = new JsonArray(Enum.Select(v => (JsonNode?)v).ToArray());
        if (items is not null)
            schema["items"] = items;
        if (MinItems is { } minItems)
            schema["minItems"] = minItems;
        if (MaxItems is { } maxItems)
            schema["maxItems"] = maxItems;
        if (Default is not null)
            schema["default"] = Default.DeepClone();
        if (Example is not null)
            schema["example"] = Example;
        return schema;
    }

    /// <summary>The OpenAPI Parameter Object.</summary>
    public JsonObject OpenApi()
    {
        var parameter = new JsonObject
        {
            ["name"] = Name,
            ["in"] = "query",
            ["required"] = Required,
            ["description"] = Description,
            ["schema"] = Schema(),
        };
        if (Type == "array")
        {
            parameter["style"] = "form";
            parameter["explode"] = false;
        }
        return parameter;
    }

    /// <summary>The value given, or null (the query string is checked for repeats by <see cref="QueryParameters.RequireOnly"/>).</summary>
    public string? Value(IQueryValues query) => query[Name];

    /// <summary>The value as a finite number within the declared bounds: null when absent (a 400 when required), a 400 saying the bounds when not.</summary>
    public double? NumberValue(IQueryValues query)
    {
        string? value = query[Name];
        if (string.IsNullOrWhiteSpace(value))
            return Required
                ? throw ApiException.BadRequest($"Query parameter '{Name}' is required (a number from {Minimum} to {Maximum}).")
                : Default?.GetValue<double>();
        return CheckNumber(value);
    }

    /// <summary>One number of this parameter (or of its comma-separated list), checked against the declared bounds.</summary>
    public double CheckNumber(string value)
    {
        if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double number) || !double.IsFinite(number))
            throw ApiException.BadRequest($"Query parameter '{Name}' must be a finite number, not '{value}'.");
        double min = Minimum ?? double.MinValue, max = Maximum ?? double.MaxValue;
        if (number < min || number > max)
            throw ApiException.BadRequest(Maximum is null
                ? $"Query parameter '{Name}' must be at least {min}, not {value}."
                : $"Query parameter '{Name}' must be from {min} to {max}, not {value}.");
        return number;
    }
}

/// <summary>The query values an endpoint reads, each given at most once: a request's query string, or a job's stored parameters.</summary>
public interface IQueryValues
{
    string? this[string name] { get; }
}

/// <summary>Query values from a name → value map (a job's parameters, a process's inputs).</summary>
public sealed class QueryValues(IReadOnlyDictionary<string, string> values) : IQueryValues
{
    public string? this[string name] => values.GetValueOrDefault(name);

    /// <summary>A request's query string, after <see cref="QueryParameters.RequireOnly"/> (each at most once).</summary>
    public static IQueryValues Of(HttpRequest request) => new RequestQuery(request.Query);

    private sealed class RequestQuery(IQueryCollection query) : IQueryValues
    {
        public string? this[string name] => query.TryGetValue(name, out var values) ? values[0] : null;
    }
}
