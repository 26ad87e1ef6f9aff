using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Maps.EndToEnd.Tests.Support;
using Maps.Functions.Tests.Processes;
using Maps.Storage.Jobs;
using Maps.Storage.Tests.Support;

namespace Maps.EndToEnd.Tests;

/// <summary>
/// Jobs through the real Functions host's queue trigger on a real Azurite: answered as the
/// analysis endpoint answers; the host killed mid-job and started again finishes with every row
/// exactly once; a chunk that fails on every try fails the job with the reason after the host's
/// retries; a job dismissed mid-run stops and its blobs are deleted.
/// </summary>
public sealed class JobsFunctionsHostTests : IAsyncLifetime
{
    private const int Rows = 400_000, ChunkRows = 5_000;
    private static readonly HttpClient Client = new() { Timeout = TimeSpan.FromMinutes(5) };
    private static readonly Lazy<byte[]> Points = new(() => RandomPoints(Rows, seed: 16));
    private Azurite _azurite = null!;

    public async Task InitializeAsync() => _azurite = await Azurite.StartAsync(allServices: true);

    public async Task DisposeAsync() => await _azurite.DisposeAsync();

    private async Task<FunctionsHostApi> StartHostAsync(string? manageKey = null)
    {
        var host = new FunctionsHostApi();
        if (manageKey is not null)
            host.Environment["Maps__ManageKey"] = manageKey;
        host.Environment["AzureWebJobsStorage"] = _azurite.ConnectionString;
        host.Environment["Maps__Jobs__ChunkRows"] = ChunkRows.ToString(CultureInfo.InvariantCulture);
        host.Environment["Maps__Jobs__StallSeconds"] = "5";
        host.Environment["Maps__Jobs__SweepSeconds"] = "1";
        await host.InitializeAsync();
        return host;
    }

    [Fact]
    public async Task A_host_killed_mid_job_and_started_again_finishes_it_with_every_row_once()
    {
        var first = await StartHostAsync();
        byte[] expected = await AnalysisAsync(first);
        var job = await SubmitAsync(first);
        var running = await WaitAsync(job, s => s.GetProperty("chunksDone").GetInt32() >= 3 || Finished(s));
        await first.DisposeAsync(); // SIGKILL to the host and its worker, leases and all

        await using var second = new Restarted(await StartHostAsync());
        var done = await WaitAsync(new Uri(job.ToString().Replace(first.ApiRoot, second.Api.ApiRoot, StringComparison.Ordinal)), Finished);
        byte[] result = await Client.GetByteArrayAsync(second.Api.ApiRoot + $"/jobs/{Id(job)}/results");

        Assert.True(running.GetProperty("chunksDone").GetInt32() < Rows / ChunkRows, $"the host was killed before the job finished: {running}");
        Assert.Equal("successful", done.GetProperty("status").GetString());
        Assert.Equal(Rows + 1, Encoding.UTF8.GetString(result).Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.True(expected.SequenceEqual(result), "the job's result is the analysis' answer, row for row");
    }

    [Fact]
    public async Task A_chunk_that_fails_on_every_try_fails_the_job_with_the_reason_after_the_hosts_retries()
    {
        await using var host = new Restarted(await StartHostAsync());
        var container = new BlobContainerClient(_azurite.ConnectionString, AzureJobStore.ContainerName);
        var job = await SubmitAsync(host.Api);
        var planned = await WaitAsync(job, s => s.GetProperty("chunks").GetInt32() > 0 || Finished(s));
        int last = planned.GetProperty("chunks").GetInt32() - 1;
        await container.DeleteBlobAsync(JobFiles.ChunkInput(Id(job), last));

        var failed = await WaitAsync(job, Finished);
        using var results = await Client.GetAsync(job + "/results");

        Assert.Equal("failed", failed.GetProperty("status").GetString());
        string reason = failed.GetProperty("message").GetString()!;
        Assert.Contains($"Chunk {last} failed 5 times", reason);
        Assert.Contains($"Chunk {last}'s points are missing", reason);
        Assert.Equal(HttpStatusCode.NotFound, results.StatusCode);
        Assert.Contains("failed", await results.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_job_dismissed_mid_run_stops_and_its_blobs_are_deleted()
    {
        await using var host = new Restarted(await StartHostAsync());
        var container = new BlobContainerClient(_azurite.ConnectionString, AzureJobStore.ContainerName);
        var job = await SubmitAsync(host.Api);
        var running = await WaitAsync(job, s => s.GetProperty("chunksDone").GetInt32() >= 2 || Finished(s));

        using var dismissed = await Client.DeleteAsync(job);
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(10);
        int left = int.MaxValue;
        while (DateTime.UtcNow < deadline && (left = await CountAsync(container, Id(job))) > 0)
            await Task.Delay(200);
        await Task.Delay(TimeSpan.FromSeconds(3));
        int later = await CountAsync(container, Id(job));

        Assert.Equal("running", running.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, dismissed.StatusCode);
        Assert.Equal(0, left);
        Assert.Equal(0, later);
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync(job)).StatusCode);
    }

    [Fact]
    public async Task A_job_through_the_host_is_its_submitters_alone_and_the_manage_keys()
    {
        const string key = "jobs-host-manage-key-0123456789";
        await using var host = new Restarted(await StartHostAsync(key));
        using var submitter = new HttpClient { Timeout = TimeSpan.FromMinutes(5) };
        var small = new ByteArrayContent(RandomPoints(50, seed: 3)) { Headers = { ContentType = new("text/csv") } };
        var (job, token) = await JobPrivacy.SubmitAsync(submitter, host.Api.ApiRoot + "/processes/nearest/execution", small);

        await JobPrivacy.AssertPrivateAsync(() => new HttpClient { Timeout = TimeSpan.FromMinutes(5) }, job, token, key);
    }

    private static bool Finished(JsonElement status) => status.GetProperty("status").GetString() is "successful" or "failed";

    private static string Id(Uri job) => job.Segments[^1];

    private static async Task<byte[]> AnalysisAsync(ApiProcess api)
    {
        using var response = await Client.PostAsync(api.ApiRoot + "/analysis/nearest?status=operational", Csv());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsByteArrayAsync();
    }

    private static async Task<Uri> SubmitAsync(ApiProcess api)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, api.ApiRoot + "/processes/nearest/execution?status=operational") { Content = Csv() };
        request.Headers.Add("Prefer", "respond-async");
        using var response = await Client.SendAsync(request);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return response.Headers.Location!;
    }

    private static ByteArrayContent Csv() => new(Points.Value) { Headers = { ContentType = new("text/csv") } };

    /// <summary>Polls the job until <paramref name="until"/> holds, through restarts and refusals, for at most 10 minutes, with the client that submitted it (its cookie is the job's token).</summary>
    internal static async Task<JsonElement> WaitAsync(Uri job, Func<JsonElement, bool> until, HttpClient? client = null)
    {
        client ??= Client;
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(10);
        string last = "no answer";
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var response = await client.GetAsync(job);
                last = await response.Content.ReadAsStringAsync();
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    var status = JsonDocument.Parse(last).RootElement.Clone();
                    if (until(status))
                        return status;
                }
            }
            catch (HttpRequestException e)
            {
                last = e.Message;
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"{job}: not there within 10 minutes; last: {last}");
    }

    private static async Task<int> CountAsync(BlobContainerClient container, string job)
    {
        int count = 0;
        await foreach (var _ in container.GetBlobsAsync(BlobTraits.None, BlobStates.None, JobFiles.Prefix(job), default))
            count++;
        return count;
    }

    /// <summary>Schools-like points over West Africa, where the shipped backbone is, in a fixed order.</summary>
    public static byte[] RandomPoints(int rows, int seed)
    {
        var random = new Random(seed);
        var csv = new StringBuilder("id,lat,lon\n", rows * 32);
        for (int i = 0; i < rows; i++)
            csv.Append(CultureInfo.InvariantCulture, $"s{i},{4 + random.NextDouble() * 16:F5},{-17 + random.NextDouble() * 32:F5}\n");
        return Encoding.UTF8.GetBytes(csv.ToString());
    }

    /// <summary>A host disposed at the end of the test.</summary>
    private sealed class Restarted(FunctionsHostApi api) : IAsyncDisposable
    {
        public FunctionsHostApi Api => api;

        public async ValueTask DisposeAsync() => await api.DisposeAsync();
    }
}
