using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Maps.EndToEnd.Tests.Support;

namespace Maps.EndToEnd.Tests;

/// <summary>
/// What is not an endpoint's own business behaves the same standalone and through the Functions
/// host (the dispatcher runs it in both): problem+json for 404, 405, 400, 406 and 413, CORS for reads,
/// writes and preflights, the per-client concurrency limit with 429 and Retry-After, ETag and 304.
/// The synthetic fixture allows one analysis request per client and 1 MB bodies.
/// </summary>
public abstract class CrossCuttingTests(ApiProcess api)
{
    private static readonly HttpClient Client = new() { Timeout = TimeSpan.FromMinutes(5) };

    [Theory]
    [InlineData("/nope", "No resource at '/api/nope'")]
    [InlineData("/collections/nodes/items/n-00001/more", "No resource at")]
    [InlineData("/collections/nope", "There is no collection 'nope'")]
    public async Task Unknown_resources_are_404_problems(string path, string detail)
    {
        using var response = await Client.GetAsync(api.ApiRoot + path);

        await AssertProblemAsync(response, HttpStatusCode.NotFound, detail);
    }

    [Fact]
    public async Task A_method_the_route_does_not_take_is_405_with_allow()
    {
        using var response = await Client.PostAsync(api.ApiRoot + "/collections/nodes", new StringContent("x"));

        await AssertProblemAsync(response, HttpStatusCode.MethodNotAllowed, "POST is not allowed");
        Assert.Equal(["GET", "HEAD"], response.Content.Headers.Allow.Order());
    }

    [Fact]
    public async Task Bad_parameters_are_400_and_unacceptable_types_406()
    {
        using var bad = await Client.GetAsync(api.ApiRoot + "/collections/nodes/items?limit=0");
        await AssertProblemAsync(bad, HttpStatusCode.BadRequest, "limit");

        using var request = new HttpRequestMessage(HttpMethod.Get, api.ApiRoot + "/collections/nodes/items");
        request.Headers.Accept.ParseAdd("image/png");
        using var unacceptable = await Client.SendAsync(request);
        await AssertProblemAsync(unacceptable, HttpStatusCode.NotAcceptable, "image/png");
    }

    [Fact]
    public async Task A_repeated_read_with_the_etag_is_304()
    {
        using var first = await Client.GetAsync(api.ApiRoot + "/collections/nodes/items?limit=3");
        var etag = first.Headers.ETag;
        Assert.NotNull(etag);

        using var request = new HttpRequestMessage(HttpMethod.Get, api.ApiRoot + "/collections/nodes/items?limit=3");
        request.Headers.IfNoneMatch.Add(etag);
        using var second = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
        Assert.Empty(await second.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Reads_are_open_to_every_origin()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, api.ApiRoot + "/collections");
        request.Headers.Add("Origin", "https://anywhere.example.com");
        using var response = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("*", Single(response, "Access-Control-Allow-Origin"));
        Assert.Contains("ETag", Single(response, "Access-Control-Expose-Headers"));
    }

    [Fact]
    public async Task An_error_answer_keeps_its_cors_headers_so_a_browser_can_read_it()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, api.ApiRoot + "/collections/nodes/items?limit=0");
        request.Headers.Add("Origin", "https://anywhere.example.com");
        using var response = await Client.SendAsync(request);

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "limit");
        Assert.Equal("*", Single(response, "Access-Control-Allow-Origin"));
    }

    [Theory]
    [InlineData(SyntheticApis.WriteOrigin, true)]
    [InlineData("https://elsewhere.example.com", false)]
    public async Task Write_preflights_are_allowed_only_for_configured_origins(string origin, bool allowed)
    {
        using var request = new HttpRequestMessage(HttpMethod.Options, api.ApiRoot + "/analysis/nearest");
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "content-type");
        using var response = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(allowed ? origin : null, Single(response, "Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task A_preflight_of_a_key_protected_route_is_answered_without_a_key()
    {
        using var request = new HttpRequestMessage(HttpMethod.Options, api.ApiRoot + "/manage/collections/nodes/versions");
        request.Headers.Add("Origin", SyntheticApis.WriteOrigin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        using var response = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(SyntheticApis.WriteOrigin, Single(response, "Access-Control-Allow-Origin"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_body_over_the_limit_is_413(bool chunked)
    {
        byte[] body = Encoding.UTF8.GetBytes("id,lat,lon\n" + string.Concat(Enumerable.Repeat("s,6.5,3.4\n", (int)(SyntheticApis.MaxBodyBytes / 10) + 1000)));
        HttpContent content = chunked ? new StreamContent(new NoLengthStream(body)) : new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");

        using var response = await Client.PostAsync(api.ApiRoot + "/analysis/nearest?to=nodes", content);

        await AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "larger than 1,000,000 bytes");
    }

    [Fact]
    public async Task A_second_analysis_while_one_is_in_flight_is_429_with_retry_after()
    {
        // Through the host, a held request whose first forwarding attempt fails cannot be retried (its body is
        // streamed) and is answered 500 without reaching the app (seen about one run in ten): hold another then.
        var failures = new List<string>();
        for (int round = 0; round < 5; round++)
        {
            var outcome = await HoldOneAndAskAgainAsync();
            if (outcome.Refused is { } refused)
            {
                await AssertProblemAsync(refused, HttpStatusCode.TooManyRequests, "in progress");
                Assert.Equal(TimeSpan.FromSeconds(7), refused.Headers.RetryAfter?.Delta);
                Assert.Equal(HttpStatusCode.OK, outcome.Held.StatusCode);
                Assert.Contains("nearest_collection", await outcome.Held.Content.ReadAsStringAsync());
                return;
            }
            failures.Add($"no 429 in {outcome.Tries} tries; the held request ended {(outcome.EndedEarly ? "early" : "after release")} with {(int)outcome.Held.StatusCode}");
        }
        Assert.Fail(string.Join("\n", failures) + "\n" + api.Output[Math.Max(0, api.Output.Length - 4000)..]);
    }

    private sealed record HoldOutcome(HttpResponseMessage? Refused, HttpResponseMessage Held, int Tries, bool EndedEarly);

    /// <summary>Holds this client's only analysis slot with a body that stays open, and asks again until refused.</summary>
    private async Task<HoldOutcome> HoldOneAndAskAgainAsync()
    {
        var release = new TaskCompletionSource();
        var held = new HeldBodyContent("id,lat,lon\na,6.5,3.4\n"u8.ToArray(), release.Task);
        var first = Client.PostAsync(api.ApiRoot + "/analysis/nearest?to=nodes", held);
        await held.Started.Task.WaitAsync(TimeSpan.FromMinutes(3));
        HttpResponseMessage? refused = null;
        int tries = 0;
        // The held request reaches the app a moment after its first bytes leave: retry until it holds the slot.
        while (tries < 100 && refused is null && !first.IsCompleted)
        {
            tries++;
            var second = await Client.PostAsync(api.ApiRoot + "/analysis/nearest?to=nodes",
                new StringContent("id,lat,lon\nb,6.5,3.4\n", Encoding.UTF8, "text/csv"));
            if (second.StatusCode == HttpStatusCode.TooManyRequests)
                refused = second;
            else
                await Task.Delay(50);
        }
        bool endedEarly = first.IsCompleted;
        release.SetResult();
        return new HoldOutcome(refused, await first, tries, endedEarly);
    }

    [Fact]
    public async Task The_manage_api_in_the_embedded_mode_says_a_shipped_layer_is_read_only()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, api.ApiRoot + "/manage/collections/nodes/versions");
        request.Headers.Add("x-functions-key", FunctionsHostApi.HostKey);
        using var response = await Client.SendAsync(request);

        await AssertProblemAsync(response, HttpStatusCode.NotFound, "'nodes' is a shipped layer with no published version: it is read-only");
    }

    private static string? Single(HttpResponseMessage response, string header) =>
        response.Headers.TryGetValues(header, out var values) ? string.Join(",", values) : null;

    public static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string detail)
    {
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {status}, got {response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(body);
        Assert.Equal((int)status, problem.RootElement.GetProperty("status").GetInt32());
        Assert.Contains(detail, problem.RootElement.GetProperty("detail").GetString());
    }

    /// <summary>A body whose length the client cannot know: sent chunked.</summary>
    private sealed class NoLengthStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }

    /// <summary>Sends its bytes, then keeps the body open until released.</summary>
    private sealed class HeldBodyContent : HttpContent
    {
        private readonly byte[] _bytes;
        private readonly Task _release;

        public HeldBodyContent(byte[] bytes, Task release)
        {
            _bytes = bytes;
            _release = release;
            Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        }

        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context)
        {
            await stream.WriteAsync(_bytes);
            await stream.FlushAsync();
            Started.TrySetResult();
            await _release;
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}

[Collection(SyntheticCollection.Name)]
public sealed class CrossCuttingStandaloneTests(SyntheticApis apis) : CrossCuttingTests(apis.Standalone);

[Collection(SyntheticCollection.Name)]
public sealed class CrossCuttingFunctionsHostTests(SyntheticApis apis) : CrossCuttingTests(apis.Host);
