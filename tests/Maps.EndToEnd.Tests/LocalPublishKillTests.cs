using System.Net;
using System.Text;
using System.Text.Json;
using Maps.EndToEnd.Tests.Support;

namespace Maps.EndToEnd.Tests;

/// <summary>
/// The embedded mode's local store against a real crash: the app process is killed while a publish is
/// streaming into the store, then a new process starts on the same directory. The old version is
/// served, no partial version is visible, and publishing again completes and cleans up.
/// </summary>
public sealed class LocalPublishKillTests : IAsyncLifetime
{
    private const string Key = "maps-e2e-local-manage-key";
    private const string Metadata = "title=Kill%20test&license=CC0-1.0&attribution=e2e&source=generated";
    private static readonly HttpClient Client = new() { Timeout = TimeSpan.FromMinutes(5) };
    private readonly string _store = Path.Combine(Path.GetTempPath(), "maps-e2e-kill-store-" + Guid.NewGuid().ToString("N"));

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        if (Directory.Exists(_store))
            Directory.Delete(_store, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_process_killed_mid_publish_leaves_the_old_version_served_and_a_rerun_completes()
    {
        string v1;
        var first = App();
        await first.InitializeAsync();
        try
        {
            v1 = (await JsonAsync(await Client.SendAsync(Publish(first, new StringContent(Collection(10), Encoding.UTF8, "application/geo+json"), Metadata)),
                HttpStatusCode.Created)).GetProperty("version").GetString()!;

            // A body that stops after 3 MB of features and never ends, as a slow upload would.
            using var stall = new CancellationTokenSource();
            var stalled = new StalledContent(Encoding.UTF8.GetBytes(Collection(30_000)[..^2]), stall.Token);
            var publishing = Client.SendAsync(Publish(first, stalled, ""));
            // More than one of the store's 1 MiB blocks on disk: the version is half written.
            string staged = await WaitForStagedBytesAsync((1 << 20) + 1, publishing, first);
            Assert.False(publishing.IsCompleted);

            await first.DisposeAsync(); // kills the process tree; the finally's second dispose does nothing
            stall.Cancel(); // the client gives up on the body it never finished
            await Assert.ThrowsAnyAsync<Exception>(() => publishing);
            Assert.True(File.Exists(staged), "the killed publish left its staging file");
        }
        finally
        {
            await first.DisposeAsync();
        }

        var second = App();
        await second.InitializeAsync();
        try
        {
            var items = await JsonAsync(await Client.GetAsync($"{second.ApiRoot}/collections/killed/items?limit=1"), HttpStatusCode.OK);
            Assert.Equal(10, items.GetProperty("numberMatched").GetInt32());
            var versions = await JsonAsync(await Client.SendAsync(Manage(second, HttpMethod.Get, "versions")), HttpStatusCode.OK);
            Assert.Equal([v1], versions.GetProperty("versions").EnumerateArray().Select(v => v.GetProperty("id").GetString()));

            var rerun = await JsonAsync(await Client.SendAsync(Publish(second, new StringContent(Collection(30_000), Encoding.UTF8, "application/geo+json"), "")),
                HttpStatusCode.Created);
            string v3 = rerun.GetProperty("version").GetString()!;

            Assert.Equal(30_000, rerun.GetProperty("written").GetInt32());
            var after = await JsonAsync(await Client.GetAsync($"{second.ApiRoot}/collections/killed/items?limit=1"), HttpStatusCode.OK);
            Assert.Equal(30_000, after.GetProperty("numberMatched").GetInt32());
            versions = await JsonAsync(await Client.SendAsync(Manage(second, HttpMethod.Get, "versions")), HttpStatusCode.OK);
            Assert.Equal([v3, v1], versions.GetProperty("versions").EnumerateArray().Select(v => v.GetProperty("id").GetString()));
            Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(_store, "staging", "killed")));
        }
        finally
        {
            await second.DisposeAsync();
        }
    }

    private StandaloneApi App()
    {
        var api = new StandaloneApi();
        api.Environment["Maps__ManageKey"] = Key;
        api.Environment["Maps__LocalStore__Directory"] = _store;
        return api;
    }

    private static HttpRequestMessage Publish(ApiProcess api, HttpContent content, string query)
    {
        var request = Manage(api, HttpMethod.Post, "versions" + (query.Length > 0 ? "?" + query : ""));
        request.Content = content;
        return request;
    }

    private static HttpRequestMessage Manage(ApiProcess api, HttpMethod method, string path)
    {
        var request = new HttpRequestMessage(method, $"{api.ApiRoot}/manage/collections/killed/{path}");
        request.Headers.Add("x-functions-key", Key);
        return request;
    }

    private static string Collection(int count)
    {
        var features = Enumerable.Range(0, count).Select(i =>
            "{\"type\":\"Feature\",\"id\":\"n" + i + "\",\"geometry\":{\"type\":\"Point\",\"coordinates\":["
            + FormattableString.Invariant($"{(i % 3600) / 10.0 - 180:0.0},{(i / 3600) * 0.5 - 20:0.0}")
            + "]},\"properties\":{\"status\":\"operational\",\"i\":" + i + "}}");
        return "{\"type\":\"FeatureCollection\",\"features\":[" + string.Join(",", features) + "]}";
    }

    /// <summary>Waits until the store's staging area holds a features spool of at least <paramref name="bytes"/>: the publish is under way.</summary>
    private async Task<string> WaitForStagedBytesAsync(long bytes, Task<HttpResponseMessage> publishing, ApiProcess api)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(10);
        string staging = Path.Combine(_store, "staging", "killed");
        while (DateTime.UtcNow < deadline)
        {
            if (Directory.Exists(staging))
                foreach (string file in Directory.EnumerateFiles(staging, "features.spool", SearchOption.AllDirectories))
                    if (new FileInfo(file).Length >= bytes)
                        return file;
            if (publishing.IsCompleted)
                break;
            await Task.Delay(50);
        }
        string outcome = publishing.IsCompletedSuccessfully ? $"{(int)publishing.Result.StatusCode} {await publishing.Result.Content.ReadAsStringAsync()}" : publishing.Status.ToString();
        throw new TimeoutException($"No staged version of {bytes} bytes appeared under {staging}; the publish: {outcome}. Output:\n{api.Output[^Math.Min(api.Output.Length, 3000)..]}");
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"Expected {(int)status}, got {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>Sends its bytes, then waits without ending the body until cancelled.</summary>
    private sealed class StalledContent : HttpContent
    {
        private readonly byte[] _head;
        private readonly CancellationToken _stall;

        public StalledContent(byte[] head, CancellationToken stall)
        {
            _head = head;
            _stall = stall;
            Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/geo+json");
        }

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            await stream.WriteAsync(_head);
            await stream.FlushAsync();
            await Task.Delay(Timeout.Infinite, _stall);
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
