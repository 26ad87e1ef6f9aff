using System.Text;
using System.Text.Json;
using Maps.Functions.Analysis;
using Maps.Functions.Http;
using Maps.Functions.Jobs;
using Microsoft.Net.Http.Headers;

namespace Maps.Functions.Processes;

/// <summary>How the points of an execution are given: not at all (coverage), in the request, or by reference.</summary>
public sealed record PointsInput(string Format, ReadOnlyMemory<byte>? Value, string? Href, bool IsRequestBody)
{
    public const string Csv = "csv", GeoJson = "geojson";

    public string MediaType => Format == Csv ? MediaTypes.Csv : MediaTypes.GeoJson;
}

/// <summary>
/// An execution request, read: the analysis parameters (as the endpoint's query string takes them),
/// the points, and whether to answer asynchronously (<c>Prefer: respond-async</c>). Two forms:
/// an OGC execute document (<c>application/json</c>: <c>{"inputs": {...}, "outputs": {...}}</c>), or
/// the points themselves as the body (CSV or GeoJSON) with the other inputs in the query string.
/// Unknown inputs, values of the wrong kind and an output format the process cannot give are 400s.
/// </summary>
public sealed class ExecuteRequest
{
    public required MapsProcess Process { get; init; }

    public required Dictionary<string, string> Parameters { get; init; }

    public PointsInput? Points { get; init; }

    public bool Async { get; init; }

    public static async Task<ExecuteRequest> ReadAsync(HttpContext context, MapsProcess process, long maxBodyBytes)
    {
        var request = context.Request;
        bool async = PrefersAsync(request);
        string? media = MediaTypeHeaderValue.TryParse(request.ContentType, out var type) ? type.MediaType.Value?.ToLowerInvariant() : null;
        if (media is "text/csv" or "application/csv" or "application/geo+json")
        {
            if (!process.TakesPoints)
                throw ApiException.BadRequest($"Process '{process.Id}' takes no points; send its inputs as an execute document (application/json).");
            var parameters = FromQuery(request, process);
            return new ExecuteRequest
            {
                Process = process, Parameters = parameters, Async = async,
                Points = new PointsInput(media == "application/geo+json" ? PointsInput.GeoJson : PointsInput.Csv, null, null, IsRequestBody: true),
            };
        }
        if (request.QueryString.HasValue && request.Query.Count > 0)
            throw ApiException.BadRequest($"With an execute document the inputs go in its 'inputs' member, not the query string (given: {string.Join(", ", request.Query.Keys)}).");
        if (media is not null && media != "application/json")
            throw new ApiException(StatusCodes.Status415UnsupportedMediaType, "Unsupported Media Type",
                $"The body's Content-Type is '{request.ContentType}'; send an execute document (application/json), or the points as text/csv or application/geo+json.");
        var body = await ReadBodyAsync(context, maxBodyBytes);
        if (body.Length == 0 && !process.TakesPoints)
            return new ExecuteRequest { Process = process, Parameters = [], Async = async };
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = Maps.Core.Import.FeatureCollectionStream.MaxDepth });
        }
        catch (JsonException e)
        {
            throw ApiException.BadRequest($"The execute document is not valid JSON: {e.Message}");
        }
        using (document)
            return FromDocument(document.RootElement, process, async);
    }

    /// <summary>RFC 7240: <c>Prefer: respond-async</c>, among other preferences.</summary>
    public static bool PrefersAsync(HttpRequest request) =>
        request.Headers["Prefer"].SelectMany(v => (v ?? "").Split(','))
            .Any(p => p.Split(';')[0].Trim().Equals("respond-async", StringComparison.OrdinalIgnoreCase));

    private static async Task<byte[]> ReadBodyAsync(HttpContext context, long maxBodyBytes)
    {
        using var buffer = new MemoryStream();
        await RequestBody.Open(context, maxBodyBytes).CopyToAsync(buffer, context.RequestAborted);
        return buffer.ToArray();
    }

    private static Dictionary<string, string> FromQuery(HttpRequest request, MapsProcess process)
    {
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, values) in request.Query)
        {
            if (name == ProcessInputs.Points || !process.InputNames.Contains(name))
                throw UnknownInput(name, process);
            if (values.Count != 1)
                throw ApiException.BadRequest($"Input '{name}' is given {values.Count} times; give it once (comma-separate a list).");
            if (name == ProcessInputs.Summary)
            {
                if (Summary(values[0]!, name))
                    parameters["summary"] = "only";
                continue;
            }
            parameters[name] = Checked(name, values[0]!);
        }
        return parameters;
    }

    private static ExecuteRequest FromDocument(JsonElement root, MapsProcess process, bool async)
    {
        if (root.ValueKind != JsonValueKind.Object)
            throw ApiException.BadRequest("The execute document must be a JSON object with an 'inputs' member.");
        if (root.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String && type.ValueEquals("FeatureCollection"))
            throw ApiException.BadRequest("The body is a FeatureCollection sent as application/json: send it as application/geo+json to give it as the points, or put it in an execute document's inputs.points.");
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        PointsInput? points = null;
        if (root.TryGetProperty("inputs", out var inputs))
        {
            if (inputs.ValueKind != JsonValueKind.Object)
                throw ApiException.BadRequest("'inputs' must be an object of input name to value.");
            foreach (var input in inputs.EnumerateObject())
            {
                if (!process.InputNames.Contains(input.Name))
                    throw UnknownInput(input.Name, process);
                var value = Unqualified(input.Value);
                if (input.Name == ProcessInputs.Points)
                    points = ReadPoints(input.Value);
                else if (input.Name == ProcessInputs.Summary)
                {
                    if (value.ValueKind is JsonValueKind.True || (value.ValueKind == JsonValueKind.String && Summary(value.GetString()!, input.Name)))
                        parameters["summary"] = "only";
                    else if (value.ValueKind is not (JsonValueKind.False or JsonValueKind.String))
                        throw ApiException.BadRequest("Input 'summary' is a boolean.");
                }
                else
                    parameters[input.Name] = Scalar(input.Name, value);
            }
        }
        if (process.TakesPoints && points is null)
            throw ApiException.BadRequest($"Process '{process.Id}' needs the input 'points': CSV text, a GeoJSON FeatureCollection, or {{\"href\": \"https://...\", \"type\": \"text/csv\"}}.");
        var request = new ExecuteRequest { Process = process, Parameters = parameters, Points = points, Async = async };
        if (root.TryGetProperty("outputs", out var outputs))
            request.CheckOutputs(outputs);
        return request;
    }

    /// <summary>The media type of the result: the points' format, JSON for a summary; CSV or JSON for coverage.</summary>
    public string ResultType => Parameters.ContainsKey("summary") ? MediaTypes.Json
        : Points is { } p ? p.MediaType
        : Parameters.GetValueOrDefault("f") == "csv" ? MediaTypes.Csv : MediaTypes.Json;

    private void CheckOutputs(JsonElement outputs)
    {
        if (outputs.ValueKind != JsonValueKind.Object)
            throw ApiException.BadRequest("'outputs' must be an object of output name to its format.");
        foreach (var output in outputs.EnumerateObject())
        {
            if (output.Name != ProcessDescriptions.ResultOutput)
                throw ApiException.BadRequest($"Process '{Process.Id}' has one output, '{ProcessDescriptions.ResultOutput}'; there is no '{output.Name}'.");
            if (output.Value.ValueKind == JsonValueKind.Object && output.Value.TryGetProperty("format", out var format) && format.ValueKind == JsonValueKind.Object
                && format.TryGetProperty("mediaType", out var mediaType) && mediaType.ValueKind == JsonValueKind.String)
            {
                string wanted = mediaType.GetString()!.ToLowerInvariant();
                if (!Process.TakesPoints && wanted == MediaTypes.Csv)
                    Parameters["f"] = "csv";
                else if (wanted != ResultType)
                    throw ApiException.BadRequest($"The result of '{Process.Id}' is {ResultType} here (the points' format, or JSON for a summary); it cannot be {wanted}.");
            }
        }
    }

    /// <summary>A qualified value (<c>{"value": ...}</c>) unwrapped; anything else as it is.</summary>
    private static JsonElement Unqualified(JsonElement value) =>
        value.ValueKind == JsonValueKind.Object && value.TryGetProperty("value", out var inner) ? inner : value;

    private static PointsInput ReadPoints(JsonElement input)
    {
        if (input.ValueKind == JsonValueKind.Object && input.TryGetProperty("href", out var href))
        {
            if (href.ValueKind != JsonValueKind.String)
                throw ApiException.BadRequest("'points.href' must be a URL string.");
            string url = Checked("points.href", href.GetString()!);
            Uri uri;
            try
            {
                uri = InputReferences.Parse(url);
            }
            catch (ArgumentException e)
            {
                throw ApiException.BadRequest("'points.href': " + e.Message);
            }
            string? media = input.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString()!.ToLowerInvariant() : null;
            string format = media switch
            {
                "text/csv" or "application/csv" => PointsInput.Csv,
                "application/geo+json" or "application/json" => PointsInput.GeoJson,
                null when uri.AbsolutePath.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) => PointsInput.Csv,
                null when uri.AbsolutePath.EndsWith(".geojson", StringComparison.OrdinalIgnoreCase) || uri.AbsolutePath.EndsWith(".json", StringComparison.OrdinalIgnoreCase) => PointsInput.GeoJson,
                null => throw ApiException.BadRequest("Say what 'points.href' holds with 'type' (text/csv or application/geo+json); its path does not end in .csv, .geojson or .json."),
                _ => throw ApiException.BadRequest($"'points.type' is '{media}'; the points are text/csv or application/geo+json."),
            };
            return new PointsInput(format, null, url, IsRequestBody: false);
        }
        string? declared = input.ValueKind == JsonValueKind.Object && input.TryGetProperty("mediaType", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
        var value = Unqualified(input);
        if (value.ValueKind == JsonValueKind.String)
        {
            if (declared is not null && declared is not ("text/csv" or "application/csv"))
                throw ApiException.BadRequest($"Points given as a string are CSV text; the mediaType '{declared}' is not CSV.");
            return new PointsInput(PointsInput.Csv, Encoding.UTF8.GetBytes(value.GetString()!), null, IsRequestBody: false);
        }
        if (value.ValueKind == JsonValueKind.Object && value.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String && type.ValueEquals("FeatureCollection"))
            return new PointsInput(PointsInput.GeoJson, System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(value).ToArray(), null, IsRequestBody: false);
        throw ApiException.BadRequest("'points' must be CSV text (a string), a GeoJSON FeatureCollection, or a reference {\"href\": \"https://...\", \"type\": \"text/csv\"}.");
    }

    /// <summary>The longest value an input may have (a list of collections, radii, columns): jobs keep their inputs in one small record.</summary>
    public const int MaxValueLength = 4096;

    private static string Checked(string name, string value) => value.Length <= MaxValueLength
        ? value
        : throw ApiException.BadRequest($"Input '{name}' is {value.Length:N0} characters long; at most {MaxValueLength:N0} are taken.");

    private static string Scalar(string name, JsonElement value) => Checked(name, value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.Number => value.GetRawText(),
        JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
        JsonValueKind.Array when value.EnumerateArray().All(e => e.ValueKind is JsonValueKind.String or JsonValueKind.Number) =>
            string.Join(",", value.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.String ? e.GetString() : e.GetRawText())),
        _ => throw ApiException.BadRequest($"Input '{name}' must be a string, a number or a list of them; it is {value.ValueKind.ToString().ToLowerInvariant()}."),
    });

    private static bool Summary(string value, string name) => value.ToLowerInvariant() switch
    {
        "true" or "only" => true,
        "false" => false,
        _ => throw ApiException.BadRequest($"Input '{name}' is true or false, not '{value}'."),
    };

    private static ApiException UnknownInput(string name, MapsProcess process) =>
        ApiException.BadRequest($"Process '{process.Id}' has no input '{name}'; its inputs: {string.Join(", ", process.InputNames)}.");

}
