using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CsCheck;
using Maps.Functions.Tests.Processes;
using static Maps.Functions.Tests.Fuzz.FuzzBodies;

namespace Maps.Functions.Tests.Fuzz;

/// <summary>
/// Executions under random execute documents, damaged documents and random job ids: never a 5xx,
/// every 4xx a problem+json; and every job the fuzz created ends (successful or failed with a
/// reason, never stuck, never a stack trace).
/// </summary>
public sealed class ProcessesFuzzTests(JobsApiFactory factory) : IClassFixture<JobsApiFactory>
{
    private readonly HttpClient _client = factory.CreateClient();
    private readonly SortedDictionary<int, int> _statuses = [];

    private static readonly Gen<string> ProcessId = Pick("nearest", "gaps", "profile", "coverage", "buffer", "");

    private static readonly Gen<JsonNode?> Scalar = Gen.OneOf(
        Pick("fibre-links", "fibre-links,transmission-nodes", "nope", "operational", "planned,bogus", "1,2,3", "0", "-5", "CIV", "CIV,GHA", "XXX", "", " ", "lat", "true", "only")
            .Select(s => (JsonNode?)JsonValue.Create(s)),
        Gen.Double[-1e6, 1e6].Select(d => (JsonNode?)JsonValue.Create(d)),
        Gen.Bool.Select(b => (JsonNode?)JsonValue.Create(b)),
        Gen.Const((JsonNode?)null),
        Pick("a", "fibre-links", "1").Array[0, 4].Select(a => (JsonNode?)new JsonArray(a.Select(v => (JsonNode?)v).ToArray())),
        Gen.Const<JsonNode?>(new JsonObject { ["x"] = 1 }));

    private static readonly Gen<JsonNode?> PointsValue = Gen.OneOf(
        Pick("id,lat,lon\na,12.6,-8\nb,x,y\n", "lat,lon\n", "", "no,columns\n1,2\n", "\"unclosed,lat,lon\n1,2,3")
            .Select(s => (JsonNode?)JsonValue.Create(s)),
        Gen.Const<JsonNode?>(JsonNode.Parse("{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[-8,12.6]},\"properties\":{}}]}")),
        Gen.Const<JsonNode?>(JsonNode.Parse("{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"geometry\":null}]}")),
        Pick("http://127.0.0.1:9/x.csv", "https://example.invalid/p.geojson", "file:///etc/passwd", "not a url", "http://[::1]:9/x.json")
            .Select(h => (JsonNode?)new JsonObject { ["href"] = h }),
        Gen.Const<JsonNode?>(new JsonObject { ["value"] = "lat,lon\n1,2\n", ["mediaType"] = "text/csv" }),
        Gen.Const<JsonNode?>(new JsonObject { ["value"] = "lat,lon\n1,2\n", ["mediaType"] = "image/png" }),
        Scalar);

    private static readonly Gen<string> InputName = Gen.OneOf(
        Pick("points", "to", "status", "max_distance_km", "threshold_km", "radii", "fibre", "cells", "schools", "columns", "lat", "lon", "id", "summary", "country", "distances", "f"),
        Gen.String[Gen.Char.AlphaNumeric, 1, 6]);

    private static readonly Gen<string> Document = Gen.Select(InputName, Gen.OneOf(PointsValue, Scalar)).Array[0, 6].Select(Gen.Bool, Pick("text/csv", "application/geo+json", "application/json", "x/y", ""),
        (inputs, withOutputs, media) =>
        {
            var doc = new JsonObject();
            var given = new JsonObject();
            foreach (var (name, value) in inputs)
                given[name] = value?.DeepClone();
            doc["inputs"] = given;
            if (withOutputs)
                doc["outputs"] = new JsonObject { ["result"] = new JsonObject { ["format"] = new JsonObject { ["mediaType"] = media } } };
            return doc.ToJsonString();
        });

    /// <summary>
    /// A document each process accepts. Random documents are accepted less than 2% of the time, so without
    /// these a run could, by chance, never reach the analyses.
    /// </summary>
    private static readonly Gen<(string Process, string Document)> WellFormed = Pick("nearest", "gaps", "profile", "coverage")
        .Select(process => (process, process == "coverage"
            ? """{"inputs":{"country":"CIV"}}"""
            : """{"inputs":{"points":"id,lat,lon\na,12.6,-8\n"}}"""));

    [Fact]
    public void Execute_documents_never_cause_a_server_error()
    {
        Gen.Select(Gen.Frequency((4, Gen.Select(ProcessId, Document)), (1, WellFormed)), Gen.Bool).Sample((given, async) =>
        {
            Execute(given.Item1, Encoding.UTF8.GetBytes(given.Item2), "application/json", async, given.Item2);
        }, iter: FuzzIterations.ForHttp(300), threads: 1);

        AssertJobsEnd();
        // The fuzz reaches both the checks and the analyses behind them.
        int accepted = _statuses.Where(s => s.Key < 300).Sum(s => s.Value), refused = _statuses.Where(s => s.Key >= 400).Sum(s => s.Value);
        Assert.True(accepted > 0 && refused > 0, $"{accepted} answered, {refused} refused; by status: {string.Join(", ", _statuses.Select(s => $"{s.Key}: {s.Value}"))}");
    }

    [Fact]
    public void Damaged_documents_and_bodies_never_cause_a_server_error()
    {
        Gen.Select(ProcessId, Gen.OneOf(Document.Select(d => Encoding.UTF8.GetBytes(d)), FuzzBodies.Csv, GeoJson), Pick("application/json", "text/csv", "application/geo+json", "text/plain"),
                Gen.Int[0, 400], Gen.Bool)
            .Sample((process, body, type, cut, async) =>
            {
                byte[] damaged = body.Length == 0 ? body : body[..Math.Min(body.Length, cut)];
                Execute(process, damaged, type, async, $"{type} {Convert.ToHexString(damaged)}");
            }, iter: FuzzIterations.ForHttp(300), threads: 1);

        AssertJobsEnd();
    }

    [Fact]
    public void Job_ids_never_cause_a_server_error()
    {
        Gen.Select(Gen.OneOf(Gen.String[Gen.Char, 0, 40], Pick("..", "%2e%2e", "a/b", "0123456789abcdef0123456789abcdef", "CON", "x.json")), Pick("", "/results"), Pick("GET", "DELETE", "HEAD"))
            .Sample((id, suffix, method) =>
            {
                string path = "/api/jobs/" + Uri.EscapeDataString(id) + (method == "DELETE" ? "" : suffix);
                using var request = new HttpRequestMessage(new HttpMethod(method), path);
                using var response = _client.SendAsync(request).GetAwaiter().GetResult();
                Assert.True((int)response.StatusCode < 500, $"{(int)response.StatusCode} for {method} {path}");
            }, iter: FuzzIterations.ForHttp(300), threads: 1);
    }

    private void Execute(string process, byte[] body, string type, bool async, string what)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/processes/{process}/execution") { Content = new ByteArrayContent(body) };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", type);
        if (async)
            request.Headers.Add("Prefer", "respond-async");
        using var response = _client.SendAsync(request).GetAwaiter().GetResult();
        int status = (int)response.StatusCode;
        _statuses[status] = _statuses.GetValueOrDefault(status) + 1;
        string answer = response.Content.ReadAsStringAsync().GetAwaiter().GetResult();
        Assert.True(status < 500, $"{status} for {process} {what}: {answer}");
        if (status >= 400)
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            using var problem = JsonDocument.Parse(answer);
            Assert.False(string.IsNullOrWhiteSpace(problem.RootElement.GetProperty("detail").GetString()));
        }
    }

    /// <summary>Every job the fuzz made ends, and a failed one says why in a sentence, not a stack trace.</summary>
    private void AssertJobsEnd()
    {
        var deadline = DateTime.UtcNow + JobPolling.Deadline;
        JsonElement[] jobs;
        do
        {
            jobs = JsonDocument.Parse(_client.GetStringAsync("/api/jobs").GetAwaiter().GetResult()).RootElement.GetProperty("jobs").EnumerateArray().ToArray();
            if (jobs.All(j => j.GetProperty("status").GetString() is "successful" or "failed"))
                break;
            Thread.Sleep(200);
        }
        while (DateTime.UtcNow < deadline);
        Assert.All(jobs, j =>
        {
            Assert.True(j.GetProperty("status").GetString() is "successful" or "failed", j.ToString());
            Assert.DoesNotContain("   at ", j.GetProperty("message").GetString() ?? "");
        });
        Assert.Equal(HttpStatusCode.OK, _client.GetAsync("/api/processes").GetAwaiter().GetResult().StatusCode);
    }
}
