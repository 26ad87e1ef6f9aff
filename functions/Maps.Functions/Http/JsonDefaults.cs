using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Maps.Functions.Http;

/// <summary>
/// JSON output settings: URLs and non-ASCII names written as they are (<c>&amp;</c>, <c>+</c>, <c>é</c>),
/// not \u-escaped. Safe because JSON responses are never embedded in HTML unencoded.
/// </summary>
public static class JsonDefaults
{
    public static readonly JavaScriptEncoder Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;

    public static readonly JsonSerializerOptions Serializer = new(JsonSerializerDefaults.Web) { Encoder = Encoder };

    public static readonly JsonWriterOptions Writer = new() { Encoder = Encoder };

    public static IResult Result(JsonNode document, string contentType) =>
        Results.Text(document.ToJsonString(Serializer), contentType);
}
