using System.Text.Json.Nodes;
using Maps.Functions.Http;
using Maps.Functions.Ogc;

namespace Maps.Functions.Processes;

/// <summary>The process list and process descriptions (OGC API – Processes Part 1, process-description), built from the parameters each analysis endpoint declares.</summary>
public static class ProcessDescriptions
{
    public const string ResultOutput = "result";

    public static readonly string[] JobControl = ["sync-execute", "async-execute", "dismiss"];

    public static JsonObject Summary(MapsProcess process, string root) => new()
    {
        ["id"] = process.Id,
        ["title"] = process.Title,
        ["description"] = process.Description,
        ["version"] = "1.0.0",
        ["jobControlOptions"] = new JsonArray(JobControl.Select(j => (JsonNode?)j).ToArray()),
        ["outputTransmission"] = new JsonArray("value"),
        ["links"] = new JsonArray(
            CollectionDocument.LinkNode($"{root}/processes/{process.Id}", "self", MediaTypes.Json, "The process description"),
            CollectionDocument.LinkNode($"{root}/processes/{process.Id}/execution", "http://www.opengis.net/def/rel/ogc/1.0/execute", MediaTypes.Json, "Execute the process")),
    };

    public static JsonObject Describe(MapsProcess process, string root)
    {
        var doc = Summary(process, root);
        var inputs = new JsonObject();
        if (process.TakesPoints)
        {
            inputs[ProcessInputs.Points] = new JsonObject
            {
                ["title"] = "Points",
                ["description"] = "The points to answer: CSV text with a header (latitude/longitude columns detected, or named by lat and lon), a GeoJSON FeatureCollection of Points, or a reference {\"href\": \"https://...\", \"type\": \"text/csv\"} (such as a Blob SAS URL) for inputs larger than a request. Or send the points themselves as the execution body (text/csv or application/geo+json) with the other inputs in the query string.",
                ["minOccurs"] = 1,
                ["maxOccurs"] = 1,
                ["schema"] = new JsonObject
                {
                    ["oneOf"] = new JsonArray(
                        new JsonObject { ["type"] = "string", ["contentMediaType"] = MediaTypes.Csv },
                        new JsonObject { ["type"] = "object", ["contentMediaType"] = MediaTypes.GeoJson, ["required"] = new JsonArray("type", "features") },
                        new JsonObject { ["type"] = "object", ["required"] = new JsonArray("href"), ["properties"] = new JsonObject
                        {
                            ["href"] = new JsonObject { ["type"] = "string", ["format"] = "uri" },
                            ["type"] = new JsonObject { ["type"] = "string", ["enum"] = new JsonArray(MediaTypes.Csv, MediaTypes.GeoJson) },
                        } }),
                },
            };
        }
        foreach (var parameter in process.Parameters)
        {
            inputs[parameter.Name] = new JsonObject
            {
                ["title"] = parameter.Name,
                ["description"] = parameter.Description,
                ["minOccurs"] = parameter.Required ? 1 : 0,
                ["maxOccurs"] = 1,
                ["schema"] = parameter.Schema(),
            };
        }
        if (process.HasSummary)
        {
            inputs[ProcessInputs.Summary] = new JsonObject
            {
                ["title"] = "Summary only",
                ["description"] = "When true the result is the per-country summary as JSON instead of the rows.",
                ["minOccurs"] = 0,
                ["maxOccurs"] = 1,
                ["schema"] = new JsonObject { ["type"] = "boolean", ["default"] = false },
            };
        }
        doc["inputs"] = inputs;
        string[] formats = process.TakesPoints ? [MediaTypes.Csv, MediaTypes.GeoJson, MediaTypes.Json] : [MediaTypes.Json, MediaTypes.Csv];
        doc["outputs"] = new JsonObject
        {
            [ResultOutput] = new JsonObject
            {
                ["title"] = "Result",
                ["description"] = process.TakesPoints
                    ? "The points with the analysis' columns added, in the points' format (CSV in, CSV out; GeoJSON in, GeoJSON out), in the input's row order; JSON when summary is true."
                    : "The report as JSON, or as CSV when the output's format is text/csv.",
                ["schema"] = new JsonObject
                {
                    ["oneOf"] = new JsonArray(formats.Select(f => (JsonNode?)new JsonObject
                    {
                        ["type"] = f == MediaTypes.Csv ? "string" : "object",
                        ["contentMediaType"] = f,
                    }).ToArray()),
                },
            },
        };
        return doc;
    }
}
