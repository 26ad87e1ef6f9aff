using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Maps.Functions.Http;

/// <summary>JSON output settings: the batch answers' (<see cref="JsonOutput"/>), for every JSON answer.</summary>
public static class JsonDefaults
{
    public static readonly JavaScriptEncoder Encoder = JsonOutput.Encoder;

    public static readonly JsonSerializerOptions Serializer = new(JsonSerializerDefaults.Web) { Encoder = Encoder };

    public static readonly JsonWriterOptions Writer = JsonOutput.Options;

    public static IResult Result(JsonNode document, string contentType) =>
        Results.Text(document.ToJsonString(Serializer), contentType);
}
