using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Storage.Blobs;
using Maps.Functions.Tests.Processes;
using Maps.Storage.Jobs;
using Maps.Storage.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Maps.Storage.Tests.Jobs;

/// <summary>
/// Jobs over Azure Storage (a real Azurite with tables, blobs and queues), the app standalone
/// draining the queue itself: the same answers as the analyses, blobs deleted on dismissal, layer
/// versions pinned across instances, and a 503 with Retry-After when storage is unreachable.
/// </summary>
public sealed class AzureJobsApiTests(AzuriteJobsFixture azurite) : IClassFixture<AzuriteJobsFixture>
{
    private static readonly byte[] MaliCsv = File.ReadAllBytes(Path.Combine(Azurite.RepoRoot(), "data", "samples", "mali-schools.csv"));

    private sealed class Factory(IReadOnlyDictionary<string, string?> settings) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Production");
            builder.UseSetting("Maps:LocalStore:Directory", Path.Combine(Path.GetTempPath(), "maps-no-store-" + Guid.NewGuid().ToString("N")));
            builder.UseSetting("Maps:Jobs:ChunkRows", "1000");
            builder.UseSetting("Maps:Jobs:SweepSeconds", "1");
            builder.UseSetting("Maps:Jobs:StallSeconds", "5");
            foreach (var (key, value) in settings)
                builder.UseSetting(key, value);
        }
    }

    private Factory Jobs(params (string Key, string? Value)[] more) =>
        new(new Dictionary<string, string?>(more.Select(m => KeyValuePair.Create(m.Key, m.Value))) { ["Maps:Jobs:ConnectionString"] = azurite.Azurite.ConnectionString });

    [Fact]
    public async Task A_job_in_azure_storage_answers_as_the_analysis_and_its_dismissal_deletes_its_blobs()
    {
        using var api = Jobs();
        var client = api.CreateClient();
        using var analysis = await client.PostAsync("/api/analysis/profile?radii=1,10", Csv());
        byte[] expected = await analysis.Content.ReadAsByteArrayAsync();

        var job = await JobPolling.SubmitAsync(client, "/api/processes/profile/execution?radii=1,10", Csv());
        var status = await JobPolling.WaitAsync(client, job);
        using var results = await client.GetAsync(job + "/results");
        byte[] result = await results.Content.ReadAsByteArrayAsync();
        var container = new BlobContainerClient(azurite.Azurite.ConnectionString, AzureJobStore.ContainerName);
        int blobs = await CountAsync(container, job);
        using var dismissed = await client.DeleteAsync(job);

        Assert.Equal("successful", status.GetProperty("status").GetString());
        Assert.Equal(11, status.GetProperty("chunks").GetInt32());
        Assert.Equal(expected, result);
        Assert.Equal("text/csv", results.Content.Headers.ContentType?.MediaType);
        // The input, 11 chunk inputs, outputs and frames, and the schools for schools_within.
        Assert.Equal(1 + 11 * 3 + 1, blobs);
        Assert.Equal(HttpStatusCode.OK, dismissed.StatusCode);
        Assert.Equal(0, await CountAsync(container, job));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(job)).StatusCode);
    }

    [Fact]
    public async Task A_job_in_azure_storage_is_its_submitters_alone_and_the_manage_keys()
    {
        using var api = Jobs(("Maps:ManageKey", StorageApiFactory.Key), ("Maps:Jobs:ProcessQueue", "false"));
        var (job, token) = await JobPrivacy.SubmitAsync(api.CreateClient(), "/api/processes/nearest/execution", Csv());

        await JobPrivacy.AssertPrivateAsync(api.CreateClient, job, token, StorageApiFactory.Key);
    }

    [Fact]
    public async Task A_job_taken_by_one_instance_and_answered_by_another_after_a_republish_answers_on_the_versions_it_was_taken_on()
    {
        var tables = new LayerStoreOptions { ConnectionString = azurite.Azurite.ConnectionString, TablePrefix = "p" + Guid.NewGuid().ToString("N")[..8] };
        (string, string?)[] shared = [("Maps:TableStorage:ConnectionString", tables.ConnectionString), ("Maps:TableStorage:TablePrefix", tables.TablePrefix),
            ("Maps:TableStorage:RefreshSeconds", "1"), ("Maps:ManageKey", StorageApiFactory.Key)];
        // The shipped layer as a steward would download it, and its metadata record.
        var shipped = Maps.Core.Layers.Layer.Open(Path.Combine(Azurite.RepoRoot(), "data", "layers", "fibre-links.fgb"));
        var fibre = "{\"type\":\"FeatureCollection\",\"features\":[" + string.Join(",", shipped.ReadAll().Select(f => Encoding.UTF8.GetString(f.GeoJson.Span))) + "]}";
        var sidecar = System.Text.Json.JsonSerializer.Serialize(shipped.Metadata, Maps.Core.Layers.LayerFileFormat.Json);
        byte[] before, after;
        Uri job;
        using (var taker = Jobs([.. shared, ("Maps:Jobs:ProcessQueue", "false")]))
        {
            var client = taker.CreateClient();
            client.DefaultRequestHeaders.Add("x-functions-key", StorageApiFactory.Key);
            await PublishAsync(client, fibre, sidecar, replace: false);
            before = await NearestAsync(client);
            job = await JobPolling.SubmitAsync(client, "/api/processes/nearest/execution?to=fibre-links", Csv());
            var fewer = JsonNode.Parse(fibre)!;
            var features = fewer["features"]!.AsArray();
            while (features.Count > 120)
                features.RemoveAt(features.Count - 1);
            await PublishAsync(client, fewer.ToJsonString(), sidecar, replace: true);
            after = await NearestAsync(client);
        }
        using var answerer = Jobs(shared);
        // Another instance, asked by the manage key's holder: the job is not this client's own.
        var manager = answerer.CreateClient();
        manager.DefaultRequestHeaders.Add("x-functions-key", StorageApiFactory.Key);
        var status = await JobPolling.WaitAsync(manager, job);
        using var results = await manager.GetAsync(job + "/results");
        byte[] result = await results.Content.ReadAsByteArrayAsync();

        Assert.Equal("successful", status.GetProperty("status").GetString());
        Assert.False(before.SequenceEqual(after), "the republish changes the answer");
        Assert.True(before.SequenceEqual(result), "the job answers on the version it was taken on");
    }

    [Fact]
    public async Task With_storage_unreachable_a_new_job_is_503_with_retry_after_and_a_synchronous_execution_still_answers()
    {
        int closed = FreePort();
        string down = $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={Convert.ToBase64String(new byte[64])};" +
            $"TableEndpoint=http://127.0.0.1:{closed}/devstoreaccount1;BlobEndpoint=http://127.0.0.1:{closed}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{closed}/devstoreaccount1;";
        using var api = new Factory(new Dictionary<string, string?> { ["Maps:Jobs:ConnectionString"] = down });
        var client = api.CreateClient();

        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/processes/nearest/execution") { Content = Csv(), Headers = { { "Prefer", "respond-async" } } };
        using var refused = await client.SendAsync(request);
        // With a token the list reads the store, which is down.
        using var listing = new HttpRequestMessage(HttpMethod.Get, "/api/jobs") { Headers = { { JobPrivacy.Header, new string('t', 43) } } };
        using var list = await client.SendAsync(listing);
        using var sync = await client.PostAsync("/api/processes/nearest/execution", Csv());

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(refused.Headers.RetryAfter);
        Assert.Contains("no job was created", await refused.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, list.StatusCode);
        Assert.Equal(HttpStatusCode.OK, sync.StatusCode);
    }

    private static ByteArrayContent Csv() => new(MaliCsv) { Headers = { ContentType = new("text/csv") } };

    private static async Task PublishAsync(HttpClient client, string geojson, string sidecar, bool replace)
    {
        using var form = new MultipartFormDataContent
        {
            { new StringContent(sidecar, Encoding.UTF8, "application/json"), "metadata", "fibre-links.collection.json" },
            { new StringContent(geojson, Encoding.UTF8, "application/geo+json"), "data", "fibre-links.geojson" },
        };
        using var response = await client.PostAsync($"/api/manage/collections/fibre-links/versions{(replace ? "?replace=true" : "")}", form);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
    }

    private static async Task<byte[]> NearestAsync(HttpClient client)
    {
        // The catalog refreshes every second: wait for the publish to be served.
        await Task.Delay(1500);
        using var response = await client.PostAsync("/api/analysis/nearest?to=fibre-links", Csv());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsByteArrayAsync();
    }

    private static async Task<int> CountAsync(BlobContainerClient container, Uri job)
    {
        int count = 0;
        await foreach (var _ in container.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, JobFiles.Prefix(job.Segments[^1]), default))
            count++;
        return count;
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
