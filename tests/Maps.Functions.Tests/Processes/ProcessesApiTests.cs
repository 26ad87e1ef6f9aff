using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Maps.Functions.Tests.Support;

namespace Maps.Functions.Tests.Processes;

/// <summary>
/// OGC API – Processes over the analyses, in the embedded mode (local jobs): the documents, and
/// every process answered three ways (the analysis endpoint, a synchronous execution, a job split
/// into many chunks) with the same bytes.
/// </summary>
public sealed class ProcessesApiTests(JobsApiFactory factory) : IClassFixture<JobsApiFactory>
{
    private static readonly byte[] MaliCsv = MaliSchools.Csv;
    private static readonly byte[] MaliGeoJson = MaliSchools.GeoJson;

    [Fact]
    public async Task The_process_list_names_the_four_analyses_with_their_execute_links()
    {
        var doc = await HttpAssert.JsonAsync(await factory.CreateClient().GetAsync("/api/processes"));

        var processes = doc.GetProperty("processes").EnumerateArray().ToArray();
        Assert.Equal(["nearest", "gaps", "profile", "coverage"], processes.Select(p => p.GetProperty("id").GetString()));
        Assert.All(processes, p =>
        {
            Assert.Equal(["sync-execute", "async-execute", "dismiss"], p.GetProperty("jobControlOptions").EnumerateArray().Select(j => j.GetString()));
            Assert.Contains(p.GetProperty("links").EnumerateArray(), l => l.GetProperty("rel").GetString() == "http://www.opengis.net/def/rel/ogc/1.0/execute"
                && l.GetProperty("href").GetString()!.EndsWith($"/api/processes/{p.GetProperty("id").GetString()}/execution"));
        });
    }

    [Theory]
    [InlineData("nearest", new[] { "points", "to", "status", "max_distance_km", "lat", "lon" })]
    [InlineData("gaps", new[] { "points", "threshold_km", "to", "status", "lat", "lon", "summary" })]
    [InlineData("profile", new[] { "points", "radii", "fibre", "microwave", "cells", "population", "schools", "status", "columns", "lat", "lon", "id", "summary" })]
    [InlineData("coverage", new[] { "country", "distances", "to", "status" })]
    public async Task A_process_description_gives_its_inputs_with_schemas_and_its_result(string id, string[] inputs)
    {
        var doc = await HttpAssert.JsonAsync(await factory.CreateClient().GetAsync($"/api/processes/{id}"));

        Assert.Equal(id, doc.GetProperty("id").GetString());
        var described = doc.GetProperty("inputs").EnumerateObject().ToArray();
        Assert.Equal(inputs, described.Select(i => i.Name));
        Assert.All(described, i =>
        {
            Assert.True(i.Value.GetProperty("schema").ValueKind == JsonValueKind.Object, i.Name);
            Assert.False(string.IsNullOrWhiteSpace(i.Value.GetProperty("description").GetString()), i.Name);
        });
        Assert.Equal(id == "coverage" ? 0 : 1, described.Count(i => i.Value.GetProperty("minOccurs").GetInt32() == 1));
        Assert.True(doc.GetProperty("outputs").TryGetProperty("result", out _));
    }

    [Fact]
    public async Task Conformance_declares_the_processes_classes_and_the_landing_page_links_processes_and_jobs()
    {
        var client = factory.CreateClient();
        var conformance = (await HttpAssert.JsonAsync(await client.GetAsync("/api/conformance"))).GetProperty("conformsTo").EnumerateArray().Select(c => c.GetString()).ToArray();
        var landing = (await HttpAssert.JsonAsync(await client.GetAsync("/api"))).GetProperty("links").EnumerateArray().ToArray();

        foreach (string cls in new[] { "core", "ogc-process-description", "json", "job-list", "dismiss" })
            Assert.Contains($"http://www.opengis.net/spec/ogcapi-processes-1/1.0/conf/{cls}", conformance);
        Assert.Contains(landing, l => l.GetProperty("rel").GetString() == "http://www.opengis.net/def/rel/ogc/1.0/processes" && l.GetProperty("href").GetString()!.EndsWith("/api/processes"));
        Assert.Contains(landing, l => l.GetProperty("rel").GetString() == "http://www.opengis.net/def/rel/ogc/1.0/job-list" && l.GetProperty("href").GetString()!.EndsWith("/api/jobs"));
    }

    public static TheoryData<string, string, string> Answers => new()
    {
        { "nearest", "status=operational", "csv" },
        { "nearest", "to=fibre-links,transmission-nodes&max_distance_km=80", "geojson" },
        { "gaps", "threshold_km=5", "csv" },
        { "gaps", "threshold_km=5", "geojson" },
        { "gaps", "threshold_km=5&summary=only", "csv" },
        { "profile", "", "csv" },
        { "profile", "radii=1,5,25", "geojson" },
        { "profile", "summary=only", "csv" },
        { "coverage", "country=CIV,GHA,SEN&to=fibre-links", "none" },
        { "coverage", "country=CIV,MLI&status=operational,planned&f=csv", "none" },
    };

    [Theory]
    [MemberData(nameof(Answers))]
    public async Task A_job_split_into_chunks_and_a_synchronous_execution_answer_exactly_as_the_analysis_endpoint(string process, string query, string format)
    {
        var client = factory.CreateClient();
        var analysis = await AnalysisAnswerAsync(client, process, query, format);

        var sync = await SyncAsync(client, process, query, format);
        var job = await JobPolling.SubmitAsync(client, ExecutePath(process, query, format), Body(process, query, format));
        byte[] result = await JobPolling.ResultAsync(client, job);
        var status = await JobPolling.WaitAsync(client, job);

        Assert.True(analysis.Length > 100, $"a real answer: {Encoding.UTF8.GetString(analysis)}");
        Assert.Equal(analysis, sync);
        Assert.True(analysis.SequenceEqual(result), $"job result differs from the analysis: {Encoding.UTF8.GetString(result[..Math.Min(400, result.Length)])}");
        if (format != "none")
        {
            Assert.Equal(10_151, status.GetProperty("rows").GetInt64());
            Assert.Equal((10_151 + JobsApiFactory.ChunkRows - 1) / JobsApiFactory.ChunkRows, status.GetProperty("chunks").GetInt32());
        }
        Assert.Equal(100, status.GetProperty("progress").GetInt32());
    }

    [Fact]
    public async Task Points_given_inside_an_execute_document_answer_as_the_same_points_given_as_the_body()
    {
        var client = factory.CreateClient();
        var csvDocument = new JsonObject
        {
            ["inputs"] = new JsonObject { ["points"] = Encoding.UTF8.GetString(MaliCsv), ["to"] = new JsonArray("fibre-links", "transmission-nodes"), ["status"] = "operational" },
            ["outputs"] = new JsonObject { ["result"] = new JsonObject { ["format"] = new JsonObject { ["mediaType"] = "text/csv" } } },
        };
        var geoJsonDocument = new JsonObject
        {
            ["inputs"] = new JsonObject { ["points"] = new JsonObject { ["value"] = JsonNode.Parse(MaliGeoJson) }, ["threshold_km"] = 5, ["summary"] = true },
        };

        byte[] csvAnswer = await PostBytesAsync(client, "/api/analysis/nearest?to=fibre-links,transmission-nodes&status=operational", new ByteArrayContent(MaliCsv) { Headers = { ContentType = new("text/csv") } });
        byte[] csvSync = await PostBytesAsync(client, "/api/processes/nearest/execution", Json(csvDocument));
        byte[] csvJob = await JobPolling.ResultAsync(client, await JobPolling.SubmitAsync(client, "/api/processes/nearest/execution", Json(csvDocument)));
        using var summaryRequest = new HttpRequestMessage(HttpMethod.Post, "/api/analysis/gaps?threshold_km=5&summary=only") { Content = new ByteArrayContent(MaliGeoJson) { Headers = { ContentType = new("application/geo+json") } } };
        using var summaryResponse = await client.SendAsync(summaryRequest);
        byte[] summaryAnswer = await summaryResponse.Content.ReadAsByteArrayAsync();
        byte[] summaryJob = await JobPolling.ResultAsync(client, await JobPolling.SubmitAsync(client, "/api/processes/gaps/execution", Json(geoJsonDocument)));

        Assert.Equal(csvAnswer, csvSync);
        Assert.Equal(csvAnswer, csvJob);
        Assert.Equal(JsonNode.Parse(summaryAnswer)!.ToJsonString(), JsonNode.Parse(summaryJob)!.ToJsonString());
        Assert.Contains("\"beyond_threshold\"", Encoding.UTF8.GetString(summaryJob));
    }

    [Fact]
    public async Task The_job_list_has_the_jobs_newest_first_and_a_job_has_its_times_and_result_link()
    {
        var client = factory.CreateClient();
        var first = await JobPolling.SubmitAsync(client, "/api/processes/coverage/execution", Json(new JsonObject { ["inputs"] = new JsonObject { ["country"] = "CIV" } }));
        var second = await JobPolling.SubmitAsync(client, "/api/processes/coverage/execution", Json(new JsonObject { ["inputs"] = new JsonObject { ["country"] = "GHA" } }));
        var done = await JobPolling.WaitAsync(client, second);
        await JobPolling.WaitAsync(client, first);

        var list = (await HttpAssert.JsonAsync(await client.GetAsync("/api/jobs"))).GetProperty("jobs").EnumerateArray().Select(j => j.GetProperty("jobID").GetString()).ToList();
        Assert.True(list.IndexOf(second.Segments[^1]) < list.IndexOf(first.Segments[^1]) && list.IndexOf(second.Segments[^1]) >= 0, string.Join(",", list));
        var coverageOnly = (await HttpAssert.JsonAsync(await client.GetAsync("/api/jobs?processID=coverage&status=successful&limit=1"))).GetProperty("jobs").EnumerateArray().ToArray();
        var noNearest = (await HttpAssert.JsonAsync(await client.GetAsync("/api/jobs?processID=nearest&status=failed,accepted"))).GetProperty("jobs").EnumerateArray()
            .Where(j => j.GetProperty("jobID").GetString() == second.Segments[^1]).ToArray();
        Assert.Equal(second.Segments[^1], Assert.Single(coverageOnly).GetProperty("jobID").GetString());
        Assert.Empty(noNearest);
        Assert.Contains("processID=buffer", await HttpAssert.ProblemAsync(await client.GetAsync("/api/jobs?processID=buffer"), HttpStatusCode.BadRequest));
        Assert.Contains("limit=0", await HttpAssert.ProblemAsync(await client.GetAsync("/api/jobs?limit=0"), HttpStatusCode.BadRequest));
        foreach (string time in new[] { "created", "started", "finished", "updated" })
            Assert.True(DateTimeOffset.TryParse(done.GetProperty(time).GetString(), out _), time);
        Assert.True(done.GetProperty("created").GetDateTimeOffset() <= done.GetProperty("started").GetDateTimeOffset());
        Assert.True(done.GetProperty("started").GetDateTimeOffset() <= done.GetProperty("finished").GetDateTimeOffset());
        Assert.Contains(done.GetProperty("links").EnumerateArray(), l => l.GetProperty("rel").GetString() == "http://www.opengis.net/def/rel/ogc/1.0/results"
            && l.GetProperty("href").GetString() == second + "/results");
    }

    private static string ExecutePath(string process, string query, string format)
    {
        if (format == "none")
            return $"/api/processes/{process}/execution";
        string inputs = query.Replace("summary=only", "summary=true");
        return $"/api/processes/{process}/execution" + (inputs.Length > 0 ? "?" + inputs : "");
    }

    /// <summary>The points as the body (the single-input form), or coverage's inputs as an execute document.</summary>
    private static HttpContent Body(string process, string query, string format)
    {
        if (format == "none")
        {
            var inputs = new JsonObject();
            JsonObject? outputs = null;
            foreach (var pair in query.Split('&'))
            {
                var (name, value) = (pair.Split('=')[0], pair.Split('=')[1]);
                if (name == "f")
                    outputs = new JsonObject { ["result"] = new JsonObject { ["format"] = new JsonObject { ["mediaType"] = "text/csv" } } };
                else
                    inputs[name] = new JsonArray(value.Split(',').Select(v => (JsonNode?)v).ToArray());
            }
            var document = new JsonObject { ["inputs"] = inputs };
            if (outputs is not null)
                document["outputs"] = outputs;
            return Json(document);
        }
        return new ByteArrayContent(format == "csv" ? MaliCsv : MaliGeoJson) { Headers = { ContentType = new(format == "csv" ? "text/csv" : "application/geo+json") } };
    }

    private static async Task<byte[]> AnalysisAnswerAsync(HttpClient client, string process, string query, string format)
    {
        if (format == "none")
        {
            using var response = await client.GetAsync($"/api/analysis/{process}?{query}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return await response.Content.ReadAsByteArrayAsync();
        }
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/analysis/{process}?{query}") { Content = Body(process, query, format) };
        request.Headers.Accept.ParseAdd("application/json");
        using var answer = await client.SendAsync(request);
        Assert.True(answer.StatusCode == HttpStatusCode.OK, await answer.Content.ReadAsStringAsync());
        return await answer.Content.ReadAsByteArrayAsync();
    }

    private static Task<byte[]> SyncAsync(HttpClient client, string process, string query, string format) =>
        PostBytesAsync(client, ExecutePath(process, query, format), Body(process, query, format));

    private static async Task<byte[]> PostBytesAsync(HttpClient client, string path, HttpContent content)
    {
        using var response = await client.PostAsync(path, content);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadAsByteArrayAsync();
    }

    public static StringContent Json(JsonNode document) => new(document.ToJsonString(), Encoding.UTF8, "application/json");
}
