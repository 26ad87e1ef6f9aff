using System.Text.Json;
using Maps.EndToEnd.Tests.Support;
using Maps.Viewer.Tests.Support;

namespace Maps.Viewer.Tests;

/// <summary>
/// OGC API – Processes in a browser (headless Chromium), standalone: the gaps process's page, its form filled and
/// a CSV of schools chosen as a person would, submitted; the job's page then polls until the job ends and links
/// its result, which, downloaded by clicking its link, must be the bytes the synchronous execution answers with;
/// the job is the browser's own, invisible to another client. Both pages load under their
/// Content-Security-Policy with no console errors, page errors or failed requests.
/// </summary>
public sealed class ProcessPagesBrowserTests : IAsyncLifetime
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromMinutes(5) };
    private readonly StandaloneApi _api = new();

    public Task InitializeAsync() => _api.InitializeAsync();

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public async Task A_process_runs_from_its_page_and_the_job_page_links_its_result()
    {
        string csv = Path.Combine(RepoPaths.Root, "data", "samples", "mali-schools.csv");
        string output = Path.Combine(AppContext.BaseDirectory, "page-screenshots", "process");
        var (report, raw) = await BrowserCheck.RunAsync("process-check.mjs",
            [output, $"{_api.ApiRoot}/processes/gaps?f=html", csv, "threshold_km=25"]);

        if (report.TryGetProperty("fatal", out var fatal))
            Assert.Fail("The browser check could not run: " + fatal.GetString() + "\n" + raw);
        var watch = report.GetProperty("watch");
        foreach (string kind in new[] { "consoleErrors", "pageErrors", "failedRequests" })
            Assert.True(watch.GetProperty(kind).GetArrayLength() == 0, $"{kind}: {watch.GetProperty(kind)}");
        foreach (string page in new[] { "process", "job" })
        {
            var headers = report.GetProperty(page).GetProperty("headers");
            Assert.Equal(200, report.GetProperty(page).GetProperty("status").GetInt32());
            Assert.Contains("script-src 'self'", headers.GetProperty("content-security-policy").GetString());
            Assert.Equal("nosniff", headers.GetProperty("x-content-type-options").GetString());
        }
        var job = report.GetProperty("job");
        Assert.Equal("successful", job.GetProperty("final").GetString());
        string result = job.GetProperty("result").GetString()!;
        Assert.StartsWith($"{_api.ApiRoot}/jobs/", result);

        using var sync = await Http.PostAsync($"{_api.ApiRoot}/processes/gaps/execution?threshold_km=25",
            new ByteArrayContent(File.ReadAllBytes(csv)) { Headers = { ContentType = new("text/csv") } });
        Assert.Equal(await sync.Content.ReadAsByteArrayAsync(), File.ReadAllBytes(job.GetProperty("downloaded").GetString()!));
        // The job is the browser's: it lists it, and another client (this test's, with no token) gets a 404 and an empty list.
        string jobId = result.Split('/')[^2];
        Assert.Contains(jobId, job.GetProperty("listed").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await Http.GetAsync(result)).StatusCode);
        Assert.DoesNotContain(jobId, await Http.GetStringAsync($"{_api.ApiRoot}/jobs?f=html"));
    }
}
