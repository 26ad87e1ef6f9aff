using System.Net;
using System.Text.Json;
using Maps.EndToEnd.Tests.Support;
using Maps.Storage.Tests.Support;

namespace Maps.EndToEnd.Tests;

/// <summary>
/// Storage going away under a running job (the app standalone, its connections to Azurite relayed and
/// then cut, refused and restored; Azurite keeps what it acknowledged, as Azure Storage does, which
/// a killed Azurite would not): new jobs are refused with 503 and Retry-After while it is down, and
/// the running job resumes when it is back and finishes with the analysis' answer.
/// </summary>
public sealed class JobsStorageOutageTests : IAsyncLifetime
{
    private static readonly HttpClient Client = new() { Timeout = TimeSpan.FromMinutes(5) };
    private readonly byte[] _points = JobsFunctionsHostTests.RandomPoints(300_000, seed: 7);
    private Azurite _azurite = null!;

    private TcpRelay[] _relays = [];

    public async Task InitializeAsync()
    {
        _azurite = await Azurite.StartAsync(allServices: true);
        _relays = [new(_azurite.Port), new(_azurite.BlobPort), new(_azurite.QueuePort)];
        foreach (var relay in _relays)
            relay.Start();
    }

    public async Task DisposeAsync()
    {
        foreach (var relay in _relays)
            await relay.DisposeAsync();
        await _azurite.DisposeAsync();
    }

    /// <summary>Azurite's connection string with every endpoint on its relay.</summary>
    private string Relayed => _azurite.ConnectionString
        .Replace($":{_azurite.Port}/", $":{_relays[0].Port}/", StringComparison.Ordinal)
        .Replace($":{_azurite.BlobPort}/", $":{_relays[1].Port}/", StringComparison.Ordinal)
        .Replace($":{_azurite.QueuePort}/", $":{_relays[2].Port}/", StringComparison.Ordinal);

    [Fact]
    public async Task While_storage_is_down_new_jobs_are_503_and_the_running_job_resumes_when_it_is_back()
    {
        await using var api = new StandaloneApi();
        api.Environment["Maps__Jobs__ConnectionString"] = Relayed;
        api.Environment["Maps__Jobs__ChunkRows"] = "5000";
        api.Environment["Maps__Jobs__StallSeconds"] = "5";
        api.Environment["Maps__Jobs__SweepSeconds"] = "1";
        await api.InitializeAsync();
        using var analysis = await Client.PostAsync(api.ApiRoot + "/analysis/nearest", Csv());
        byte[] expected = await analysis.Content.ReadAsByteArrayAsync();
        var job = await SubmitAsync(api);
        var running = await JobsFunctionsHostTests.WaitAsync(job, s => s.GetProperty("chunksDone").GetInt32() >= 2 || s.GetProperty("status").GetString() == "successful", Client);

        foreach (var relay in _relays)
            relay.Cut();
        using var refused = await SendAsync(api);
        string refusal = await refused.Content.ReadAsStringAsync();
        await Task.Delay(TimeSpan.FromSeconds(3));
        foreach (var relay in _relays)
            relay.Start();
        var done = await JobsFunctionsHostTests.WaitAsync(job, s => s.GetProperty("status").GetString() is "successful" or "failed", Client);
        byte[] result = await Client.GetByteArrayAsync(job + "/results");

        Assert.Equal("running", running.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.NotNull(refused.Headers.RetryAfter);
        Assert.Contains("no job was created", refusal);
        Assert.Equal("successful", done.GetProperty("status").GetString());
        Assert.True(expected.SequenceEqual(result), "the resumed job's result is the analysis' answer");
    }

    private ByteArrayContent Csv() => new(_points) { Headers = { ContentType = new("text/csv") } };

    private async Task<HttpResponseMessage> SendAsync(ApiProcess api)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, api.ApiRoot + "/processes/nearest/execution") { Content = Csv() };
        request.Headers.Add("Prefer", "respond-async");
        return await Client.SendAsync(request);
    }

    private async Task<Uri> SubmitAsync(ApiProcess api)
    {
        using var response = await SendAsync(api);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return response.Headers.Location!;
    }
}
