using System.Net;
using System.Text;
using Maps.Functions.Tests.Support;

namespace Maps.Functions.Tests.Processes;

/// <summary>Every malformed execution or job request is a 4xx problem that says what is wrong, and no job is created for it.</summary>
public sealed class ExecuteBadInputTests(JobsApiFactory factory) : IClassFixture<JobsApiFactory>
{
    private const string Points = "id,lat,lon\na,12.6,-8.0\n";

    public static TheoryData<string, string, string, string, string> BadExecutions => new()
    {
        // process, content type, body, query, what the detail must say
        { "nearest", "application/json", "{\"inputs\": {\"points\": ", "", "not valid JSON" },
        { "nearest", "application/json", "[1,2]", "", "must be a JSON object" },
        { "nearest", "application/json", "{\"inputs\": {\"points\": \"" + Points.Replace("\n", "\\n") + "\", \"colour\": \"red\"}}", "", "no input 'colour'" },
        { "nearest", "application/json", "{\"inputs\": {\"to\": \"fibre-links\"}}", "", "needs the input 'points'" },
        { "nearest", "application/json", "{\"inputs\": \"points\"}", "", "'inputs' must be an object" },
        { "nearest", "application/json", "{\"inputs\": {\"points\": 42}}", "", "'points' must be CSV text" },
        { "nearest", "application/json", "{\"inputs\": {\"points\": {\"href\": \"ftp://example.org/x.csv\"}}}", "", "not an absolute http or https URL" },
        { "nearest", "application/json", "{\"inputs\": {\"points\": {\"href\": \"https://example.org/points\"}}}", "", "Say what 'points.href' holds" },
        { "nearest", "application/json", "{\"inputs\": {\"points\": \"a,b\\n1,2\\n\", \"to\": {\"x\": 1}}}", "", "Input 'to' must be a string" },
        { "gaps", "application/json", "{\"inputs\": {\"points\": \"a\\n\", \"summary\": \"maybe\"}}", "", "true or false" },
        { "nearest", "application/json", "{\"inputs\": {\"points\": \"id,lat,lon\\n\"}, \"outputs\": {\"result\": {\"format\": {\"mediaType\": \"application/geo+json\"}}}}", "", "cannot be application/geo+json" },
        { "nearest", "application/json", "{\"inputs\": {\"points\": \"id,lat,lon\\n\"}, \"outputs\": {\"table\": {}}}", "", "there is no 'table'" },
        { "nearest", "application/json", "{\"type\": \"FeatureCollection\", \"features\": []}", "", "send it as application/geo+json" },
        { "nearest", "application/json", "{\"inputs\": {\"points\": \"id,lat,lon\\n\"}}", "?to=fibre-links", "not the query string" },
        { "nearest", "text/csv", Points, "?colour=red", "no input 'colour'" },
        { "nearest", "text/csv", Points, "?to=nowhere", "nowhere" },
        { "nearest", "application/geo+json", "{\"type\":\"FeatureCollection\",\"features\":[]}", "?lat=y", "CSV columns" },
        { "coverage", "text/csv", Points, "", "takes no points" },
        { "coverage", "application/json", "{\"inputs\": {\"country\": \"ATLANTIS\"}}", "", "ATLANTIS" },
        { "profile", "text/csv", Points, "?radii=0", "radii" },
        { "nearest", "application/xml", "<points/>", "", "application/xml" },
    };

    [Theory]
    [MemberData(nameof(BadExecutions))]
    public async Task A_bad_execution_is_a_4xx_problem_saying_what_is_wrong_both_sync_and_async(string process, string contentType, string body, string query, string says)
    {
        var client = factory.CreateClient();
        int jobsBefore = await JobCountAsync(client);
        foreach (bool async in new[] { false, true })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/processes/{process}/execution{query}") { Content = new StringContent(body, Encoding.UTF8, contentType) };
            if (async)
                request.Headers.Add("Prefer", "respond-async");
            using var response = await client.SendAsync(request);

            Assert.InRange((int)response.StatusCode, 400, 499);
            string detail = await HttpAssert.ProblemAsync(response, response.StatusCode);
            Assert.Contains(says, detail);
        }
        Assert.Equal(jobsBefore, await JobCountAsync(client));
    }

    [Fact]
    public async Task Unknown_processes_and_jobs_are_404_and_a_waiting_jobs_results_say_its_status()
    {
        using var idle = JobsApiFactory.Create(new Dictionary<string, string> { ["Maps:Jobs:ProcessQueue"] = "false" });
        var client = idle.CreateClient();
        var job = await JobPolling.SubmitAsync(client, "/api/processes/nearest/execution", new StringContent(Points, Encoding.UTF8, "text/csv"));

        Assert.Contains("No process 'buffer'", await HttpAssert.ProblemAsync(await client.GetAsync("/api/processes/buffer"), HttpStatusCode.NotFound));
        Assert.Contains("nearest, gaps, profile, coverage", await HttpAssert.ProblemAsync(await client.PostAsync("/api/processes/buffer/execution", new StringContent("{}", Encoding.UTF8, "application/json")), HttpStatusCode.NotFound));
        Assert.Contains("No job", await HttpAssert.ProblemAsync(await client.GetAsync("/api/jobs/0123456789abcdef0123456789abcdef"), HttpStatusCode.NotFound));
        Assert.Contains("No job", await HttpAssert.ProblemAsync(await client.GetAsync("/api/jobs/..%2F..%2Fetc/results"), HttpStatusCode.NotFound));
        Assert.Contains("No job", await HttpAssert.ProblemAsync(await client.DeleteAsync("/api/jobs/nope"), HttpStatusCode.NotFound));
        string waiting = await HttpAssert.ProblemAsync(await client.GetAsync(job + "/results"), HttpStatusCode.NotFound);
        Assert.Contains("is accepted (0% done)", waiting);
    }

    [Fact]
    public async Task An_href_that_cannot_be_read_fails_the_job_with_the_reason_and_is_a_400_when_run_at_once()
    {
        using var api = JobsApiFactory.Create(new Dictionary<string, string> { ["Maps:Jobs:AllowPrivateHrefs"] = "true" });
        var client = api.CreateClient();
        int closed = FreePort();
        string document = $"{{\"inputs\": {{\"points\": {{\"href\": \"http://127.0.0.1:{closed}/schools.csv?sig=secret\"}}}}}}";

        var job = await JobPolling.SubmitAsync(client, "/api/processes/nearest/execution", new StringContent(document, Encoding.UTF8, "application/json"));
        var status = await JobPolling.WaitAsync(client, job);
        using var sync = await client.PostAsync("/api/processes/nearest/execution", new StringContent(document, Encoding.UTF8, "application/json"));
        string detail = await HttpAssert.ProblemAsync(sync, HttpStatusCode.BadRequest);
        string results = await HttpAssert.ProblemAsync(await client.GetAsync(job + "/results"), HttpStatusCode.NotFound);

        Assert.Equal("failed", status.GetProperty("status").GetString());
        string reason = status.GetProperty("message").GetString()!;
        Assert.Contains($"http://127.0.0.1:{closed}/schools.csv could not be read", reason);
        Assert.DoesNotContain("secret", reason);
        Assert.Contains("could not be read", detail);
        Assert.Contains("failed, so it has no results", results);
    }

    [Fact]
    public async Task An_href_on_this_machine_is_refused_unless_private_hrefs_are_allowed()
    {
        var client = factory.CreateClient();
        string document = "{\"inputs\": {\"points\": {\"href\": \"http://127.0.0.1:9/points.csv\"}}}";

        var job = await JobPolling.SubmitAsync(client, "/api/processes/nearest/execution", new StringContent(document, Encoding.UTF8, "application/json"));
        var status = await JobPolling.WaitAsync(client, job);

        Assert.Equal("failed", status.GetProperty("status").GetString());
        Assert.Contains("not a public address", status.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Points_over_the_body_limit_are_413_for_a_job_too_not_a_storage_outage()
    {
        using var small = JobsApiFactory.Create(new Dictionary<string, string> { ["Maps:Analysis:MaxBodyBytes"] = "10000" });
        var client = small.CreateClient();
        string body = "id,lat,lon\n" + string.Concat(Enumerable.Range(0, 2000).Select(i => $"s{i},12.6,-8.0\n"));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/processes/nearest/execution") { Content = new StringContent(body, Encoding.UTF8, "text/csv") };
        request.Headers.Add("Prefer", "respond-async");

        using var response = await client.SendAsync(request);

        Assert.Contains("larger than", await HttpAssert.ProblemAsync(response, HttpStatusCode.RequestEntityTooLarge));
        Assert.Null(response.Headers.RetryAfter);
        Assert.Equal(0, await JobCountAsync(client));
    }

    [Fact]
    public async Task Chunks_are_also_cut_at_half_the_body_limit_and_the_job_still_answers_every_row()
    {
        // The Mali schools' GeoJSON is about 4 MB: 700-feature chunks would be over a 400 KB body limit.
        // Points that large come by href, which that limit does not bound.
        await using var server = await StaticServer.StartAsync(("/schools.geojson", MaliSchools.GeoJson, "application/geo+json"));
        using var small = JobsApiFactory.Create(new Dictionary<string, string> { ["Maps:Analysis:MaxBodyBytes"] = "400000", ["Maps:Jobs:AllowPrivateHrefs"] = "true" });
        var client = small.CreateClient();
        using var analysis = await factory.CreateClient().PostAsync("/api/analysis/nearest", GeoJsonBody(MaliSchools.GeoJson));
        byte[] expected = await analysis.Content.ReadAsByteArrayAsync();
        string document = $"{{\"inputs\": {{\"points\": {{\"href\": \"{server.Url("/schools.geojson")}\"}}}}}}";

        var job = await JobPolling.SubmitAsync(client, "/api/processes/nearest/execution", new StringContent(document, Encoding.UTF8, "application/json"));
        byte[] result = await JobPolling.ResultAsync(client, job);
        var status = await JobPolling.WaitAsync(client, job);

        Assert.True(status.GetProperty("chunks").GetInt32() > (10_151 + JobsApiFactory.ChunkRows - 1) / JobsApiFactory.ChunkRows, status.ToString());
        Assert.Equal(expected, result);
    }

    private static ByteArrayContent GeoJsonBody(byte[] geojson) => new(geojson) { Headers = { ContentType = new("application/geo+json") } };

    private static async Task<int> JobCountAsync(HttpClient client) =>
        (await HttpAssert.JsonAsync(await client.GetAsync("/api/jobs"))).GetProperty("jobs").GetArrayLength();

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
