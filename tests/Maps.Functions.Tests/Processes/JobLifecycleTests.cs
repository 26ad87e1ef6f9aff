using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Maps.Functions.Tests.Support;

namespace Maps.Functions.Tests.Processes;

/// <summary>
/// Local jobs through their life: points read from an href over real HTTP, dismissal deleting the
/// job's files, and a process that stops with a job waiting, a republish meanwhile, and a new
/// process on the same directories that finishes the job on the layers it was started on.
/// </summary>
public sealed class JobLifecycleTests
{
    private const string Key = "jobs-test-manage-key-0123456789";
    private static readonly string Root = MaliSchools.RepoRoot;
    private static readonly byte[] MaliCsv = MaliSchools.Csv;

    [Fact]
    public async Task Points_by_href_over_http_answer_as_the_same_points_in_the_body()
    {
        await using var server = await StaticServer.StartAsync(("/schools.csv", MaliCsv, "text/csv"));
        using var api = JobsApiFactory.Create(new Dictionary<string, string> { ["Maps:Jobs:AllowPrivateHrefs"] = "true" });
        var client = api.CreateClient();
        var document = new JsonObject { ["inputs"] = new JsonObject { ["points"] = new JsonObject { ["href"] = server.Url("/schools.csv") + "?sig=anything" }, ["threshold_km"] = 5 } };

        using var analysis = await client.PostAsync("/api/analysis/gaps?threshold_km=5", new ByteArrayContent(MaliCsv) { Headers = { ContentType = new("text/csv") } });
        byte[] expected = await analysis.Content.ReadAsByteArrayAsync();
        using var sync = await client.PostAsync("/api/processes/gaps/execution", ProcessesApiTests.Json(document));
        byte[] job = await JobPolling.ResultAsync(client, await JobPolling.SubmitAsync(client, "/api/processes/gaps/execution", ProcessesApiTests.Json(document)));

        Assert.Equal(HttpStatusCode.OK, sync.StatusCode);
        Assert.True(expected.Length > 1000);
        Assert.Equal(expected, await sync.Content.ReadAsByteArrayAsync());
        Assert.Equal(expected, job);
        Assert.True(server.Requests >= 2);
    }

    [Fact]
    public async Task A_job_is_its_submitters_alone_and_the_manage_keys()
    {
        using var api = JobsApiFactory.Create(new Dictionary<string, string> { ["Maps:ManageKey"] = Key, ["Maps:Jobs:ProcessQueue"] = "false" });
        var (job, token) = await JobPrivacy.SubmitAsync(api.CreateClient(), "/api/processes/nearest/execution", new ByteArrayContent(MaliCsv) { Headers = { ContentType = new("text/csv") } });

        await JobPrivacy.AssertPrivateAsync(api.CreateClient, job, token, Key);

        // A token sent with the next submission is kept, so one client's jobs share it and are listed together.
        var owner = api.CreateClient();
        owner.DefaultRequestHeaders.Add(JobPrivacy.Header, token);
        using var second = new HttpRequestMessage(HttpMethod.Post, "/api/processes/gaps/execution") { Content = new ByteArrayContent(MaliCsv) { Headers = { ContentType = new("text/csv") } } };
        second.Headers.Add("Prefer", "respond-async");
        using var submitted = await owner.SendAsync(second);
        Assert.Equal(token, Assert.Single(submitted.Headers.GetValues(JobPrivacy.Header)));
        string listed = await (await owner.GetAsync("/api/jobs")).Content.ReadAsStringAsync();
        Assert.Contains(job.Segments[^1], listed);
        Assert.Contains(submitted.Headers.Location!.Segments[^1], listed);
        // A header that is not a token is a 400 that says what one is, not an empty answer.
        var malformed = api.CreateClient();
        malformed.DefaultRequestHeaders.Add(JobPrivacy.Header, "short");
        Assert.Contains("not a job token", await HttpAssert.ProblemAsync(await malformed.GetAsync("/api/jobs"), HttpStatusCode.BadRequest));
    }

    [Theory]
    [InlineData("https", true)]
    [InlineData("http", false)]
    public async Task The_owner_cookie_is_secure_when_the_client_came_over_https(string scheme, bool secure)
    {
        using var api = JobsApiFactory.Create(new Dictionary<string, string> { ["Maps:Jobs:ProcessQueue"] = "false" });
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/processes/nearest/execution") { Content = new ByteArrayContent(MaliCsv) { Headers = { ContentType = new("text/csv") } } };
        request.Headers.Add("Prefer", "respond-async");
        // As the Functions front end or a CDN tells the worker.
        request.Headers.Add("X-Forwarded-Proto", scheme);

        using var response = await api.CreateClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        string cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("maps-job-token=", StringComparison.Ordinal));
        Assert.Equal(secure, cookie.Split(';').Any(p => p.Trim().Equals("secure", StringComparison.OrdinalIgnoreCase)));
    }

    [Fact]
    public async Task A_dismissed_job_is_gone_with_its_files()
    {
        using var api = JobsApiFactory.Create(new Dictionary<string, string> { ["Maps:Jobs:ProcessQueue"] = "false" });
        var client = api.CreateClient();
        var job = await JobPolling.SubmitAsync(client, "/api/processes/profile/execution", new ByteArrayContent(MaliCsv) { Headers = { ContentType = new("text/csv") } });
        string id = job.Segments[^1];
        string files = Path.Combine(api.JobsDirectory, "files", id);
        Assert.True(File.Exists(Path.Combine(files, "input")));

        using var dismissed = await client.DeleteAsync(job);
        var status = await HttpAssert.JsonAsync(dismissed);

        Assert.Equal("dismissed", status.GetProperty("status").GetString());
        Assert.False(Directory.Exists(files) && Directory.EnumerateFiles(files, "*", SearchOption.AllDirectories).Any());
        Assert.Contains("dismissed", await HttpAssert.ProblemAsync(await client.GetAsync(job), HttpStatusCode.NotFound));
        Assert.DoesNotContain(id, await (await client.GetAsync("/api/jobs")).Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_job_left_waiting_by_a_stopped_process_is_finished_by_the_next_on_the_layers_it_was_started_on()
    {
        var settings = new Dictionary<string, string> { ["Maps:ManageKey"] = Key, ["Maps:Jobs:ProcessQueue"] = "false" };
        var first = JobsApiFactory.Create(settings);
        first.KeepDirectories = true;
        byte[] before, after;
        Uri job;
        using (first)
        {
            var client = first.CreateClient();
            before = await NearestAsync(client);
            job = await JobPolling.SubmitAsync(client, "/api/processes/nearest/execution?to=fibre-links", Csv());

            // Republished with a tenth of its lines while the job waits.
            var fibre = JsonNode.Parse(await client.GetStringAsync("/api/extracts/fibre-links.geojson"))!;
            var features = fibre["features"]!.AsArray();
            while (features.Count > 120)
                features.RemoveAt(features.Count - 1);
            using var publish = new HttpRequestMessage(HttpMethod.Post, "/api/manage/collections/fibre-links/versions?replace=true")
            {
                Content = new StringContent(fibre.ToJsonString(), Encoding.UTF8, "application/geo+json"),
                Headers = { { "x-functions-key", Key } },
            };
            using var published = await client.SendAsync(publish);
            Assert.True(published.StatusCode == HttpStatusCode.Created, await published.Content.ReadAsStringAsync());
            after = await NearestAsync(client);
        }

        using var second = JobsApiFactory.Create(new Dictionary<string, string> { ["Maps:ManageKey"] = Key }, first.JobsDirectory, first.StoreDirectory);
        // A new process and a new client: the manage key sees the job, as its owner's token would.
        var manager = second.CreateClient();
        manager.DefaultRequestHeaders.Add("x-functions-key", Key);
        byte[] result = await JobPolling.ResultAsync(manager, job);

        Assert.False(before.SequenceEqual(after), "the republish changes the answer");
        Assert.True(before.SequenceEqual(result), "the job answers on the versions it was started on");
    }

    private static StringContent Csv() => new(Encoding.UTF8.GetString(MaliCsv), Encoding.UTF8, "text/csv");

    private static async Task<byte[]> NearestAsync(HttpClient client)
    {
        using var response = await client.PostAsync("/api/analysis/nearest?to=fibre-links", Csv());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsByteArrayAsync();
    }
}
