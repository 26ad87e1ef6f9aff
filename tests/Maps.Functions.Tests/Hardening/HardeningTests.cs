using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Maps.Core.Layers;
using Maps.Functions.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Maps.Functions.Tests.Hardening;

/// <summary>Limits (body size, rows, concurrency per client) and the security pass: no internals in errors, CORS, keys never logged.</summary>
public sealed class HardeningTests(AnalysisApiFactory factory) : IClassFixture<AnalysisApiFactory>
{
    private const string CsvBody = "lat,lon\n6.5,3.4\n7,4\n";

    /// <summary>
    /// The shipped catalog, except that the first request to ask for layers waits, inside the endpoint, until released.
    /// Only a call made within a request counts: the start-up warm-up also asks for the layers, from no request.
    /// </summary>
    private sealed class GatedCatalog(ILayerCatalog inner, IHttpContextAccessor requests) : ILayerCatalog
    {
        private int _armed = 1;

        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async ValueTask<LayerSet> GetLayersAsync(CancellationToken cancellationToken = default)
        {
            if (requests.HttpContext is not null && Interlocked.Exchange(ref _armed, 0) == 1)
            {
                Entered.SetResult();
                await Release.Task.WaitAsync(cancellationToken);
            }
            return await inner.GetLayersAsync(cancellationToken);
        }
    }

    /// <summary>A body without a length, so it goes chunked and only the limit stream can count it.</summary>
    private sealed class UnknownLengthContent(byte[] body) : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => stream.WriteAsync(body).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }

    [Fact]
    public async Task A_client_over_its_concurrency_limit_gets_429_with_Retry_After_and_a_slot_frees_on_completion()
    {
        var gate = new GatedCatalog(new DirectoryLayerCatalog(factory.DataDirectory), new HttpContextAccessor());
        using var limited = factory.WithWebHostBuilder(b =>
        {
            b.UseSetting("Maps:RateLimit:AnalysisConcurrencyPerClient", "1");
            b.ConfigureTestServices(s => s.AddHttpContextAccessor().AddSingleton<ILayerCatalog>(gate));
        });
        var client = limited.CreateClient();
        var first = client.PostAsync("/api/analysis/nearest?to=lines", new StringContent(CsvBody, Encoding.UTF8, "text/csv"));
        await gate.Entered.Task.WaitAsync(TimeSpan.FromMinutes(2));

        using var refused = await client.PostAsync("/api/analysis/nearest?to=lines", new StringContent(CsvBody, Encoding.UTF8, "text/csv"));
        string detail = await HttpAssert.ProblemAsync(refused, HttpStatusCode.TooManyRequests);
        using var otherClient = new HttpRequestMessage(HttpMethod.Post, "/api/analysis/nearest?to=lines")
        {
            Content = new StringContent(CsvBody, Encoding.UTF8, "text/csv"),
            Headers = { { "X-Forwarded-For", "203.0.113.9, 10.0.0.1" } },
        };
        using var other = await client.SendAsync(otherClient);
        gate.Release.SetResult();
        using var done = await first;
        using var next = await client.PostAsync("/api/analysis/nearest?to=lines", new StringContent(CsvBody, Encoding.UTF8, "text/csv"));

        Assert.Equal("1", refused.Headers.RetryAfter?.ToString());
        Assert.Contains("AnalysisConcurrencyPerClient", detail);
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
    }

    [Fact]
    public async Task Chunked_body_over_the_limit_is_413_problem()
    {
        var body = new StringBuilder("lat,lon\n");
        while (body.Length <= AnalysisApiFactory.MaxBodyBytes)
            body.Append("6.5,3.4\n");
        var content = new UnknownLengthContent(Encoding.UTF8.GetBytes(body.ToString()));
        content.Headers.ContentType = new("text/csv");
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/analysis/nearest?to=lines") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        using var response = await factory.CreateClient().SendAsync(request);

        Assert.Contains("larger than", await HttpAssert.ProblemAsync(response, HttpStatusCode.RequestEntityTooLarge));
    }

    [Fact]
    public async Task GeoJson_body_ten_thousand_arrays_deep_is_400_naming_the_depth_limit()
    {
        string body = "{\"type\":\"FeatureCollection\",\"features\":[" + new string('[', 10_000) + new string(']', 10_000) + "]}";

        using var response = await factory.CreateClient().PostAsync("/api/analysis/nearest?to=lines", new StringContent(body, Encoding.UTF8, "application/geo+json"));

        Assert.Contains("deeper than 64 levels", await HttpAssert.ProblemAsync(response, HttpStatusCode.BadRequest));
    }

    [Fact]
    public async Task Lone_surrogates_in_feature_strings_are_row_errors_not_server_errors()
    {
        string body = "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"\\ud800\"},"
            + "{\"type\":\"Feature\",\"geometry\":{\"type\":\"\\udc00\"},\"properties\":{\"country\":\"\\ud800\"}}]}";

        using var response = await factory.CreateClient().PostAsync("/api/analysis/gaps?to=lines", new StringContent(body, Encoding.UTF8, "application/geo+json"));
        var answer = await HttpAssert.JsonAsync(response, "application/geo+json");

        Assert.All(answer.GetProperty("features").EnumerateArray(), f => Assert.NotEqual(System.Text.Json.JsonValueKind.Null, f.GetProperty("properties").GetProperty("error").ValueKind));
    }

    [Fact]
    public async Task Rows_beyond_MaxRows_end_a_CSV_answer_with_an_error_row()
    {
        using var limited = factory.WithWebHostBuilder(b => b.UseSetting("Maps:Analysis:MaxRows", "10"));
        string body = "lat,lon\n" + string.Concat(Enumerable.Repeat("6.5,3.4\n", 11));

        using var response = await limited.CreateClient().PostAsync("/api/analysis/nearest?to=lines", new StringContent(body, Encoding.UTF8, "text/csv"));
        var rows = Support.Csv.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1 + 10 + 1, rows.Count);
        Assert.Contains("more than 10 rows (Maps:Analysis:MaxRows)", rows[^1][^1]);
    }

    [Fact]
    public async Task Features_beyond_MaxRows_before_any_answer_are_413()
    {
        using var limited = factory.WithWebHostBuilder(b => b.UseSetting("Maps:Analysis:MaxRows", "3"));
        string feature = "{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[3.4,6.5]},\"properties\":{}}";
        string body = "{\"type\":\"FeatureCollection\",\"features\":[" + string.Join(",", Enumerable.Repeat(feature, 4)) + "]}";

        using var response = await limited.CreateClient().PostAsync("/api/analysis/nearest?to=lines", new StringContent(body, Encoding.UTF8, "application/geo+json"));

        Assert.Contains("more than 3 rows", await HttpAssert.ProblemAsync(response, HttpStatusCode.RequestEntityTooLarge));
    }

    private sealed class FailingCatalog : ILayerCatalog
    {
        public ValueTask<LayerSet> GetLayersAsync(CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("Catalog exploded reading /work/secret/layers/fibre.geojson");
    }

    [Fact]
    public async Task A_server_error_shows_no_stack_trace_path_or_exception_type()
    {
        using var failing = factory.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<ILayerCatalog, FailingCatalog>()));

        using var response = await failing.CreateClient().GetAsync("/api/collections");
        string body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("at ", body.Replace("\"", " ").Replace("Start at", ""));
        Assert.DoesNotContain("/work/", body);
        Assert.DoesNotContain("Exception", body);
        Assert.DoesNotContain("exploded", body);
        Assert.DoesNotContain("Maps.", body);
    }

    [Theory]
    [InlineData("/api/analysis/nearest", "Maps:Cors:AllowedOrigins:0", "https://planner.example.org")]
    [InlineData("/api/analysis/gaps", "Maps:Cors:AllowedOrigins:0", "https://planner.example.org")]
    [InlineData("/api/analysis/nearest", "Maps:Cors:AllowedOrigins", "https://other.example.org, https://planner.example.org")]
    public async Task Preflight_for_POST_is_allowed_only_for_configured_origins(string path, string setting, string origins)
    {
        using var configured = factory.WithWebHostBuilder(b => b.UseSetting(setting, origins));
        var client = configured.CreateClient();

        using var random = await client.SendAsync(Preflight(path, "https://evil.example.com"));
        using var allowed = await client.SendAsync(Preflight(path, "https://planner.example.org"));

        Assert.False(random.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.Equal("https://planner.example.org", Assert.Single(allowed.Headers.GetValues("Access-Control-Allow-Origin")));
    }

    [Fact]
    public async Task Reads_stay_open_to_every_origin()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/collections") { Headers = { { "Origin", "https://anyone.example.com" } } };

        using var response = await factory.CreateClient().SendAsync(request);

        Assert.Equal("*", Assert.Single(response.Headers.GetValues("Access-Control-Allow-Origin")));
    }

    private static HttpRequestMessage Preflight(string path, string origin) => new(HttpMethod.Options, path)
    {
        Headers = { { "Origin", origin }, { "Access-Control-Request-Method", "POST" }, { "Access-Control-Request-Headers", "content-type" } },
    };

    [Theory]
    [InlineData("/api/docs")]
    [InlineData("/api?f=html")]
    [InlineData("/api/collections?f=html")]
    [InlineData("/api/collections/points/items?f=html")]
    public async Task Html_pages_carry_the_security_headers(string path)
    {
        using var response = await factory.CreateClient().GetAsync(path);

        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
        Assert.Contains("frame-ancestors 'none'", Assert.Single(response.Headers.GetValues("Content-Security-Policy")));
    }

    private sealed class CapturingLoggerProvider : ILoggerProvider
    {
        public ConcurrentQueue<string> Lines { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, Lines);

        public void Dispose() { }

        private sealed class Logger(string category, ConcurrentQueue<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull
            {
                lines.Enqueue($"{category} scope {state}");
                return null;
            }

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                lines.Enqueue($"{category} {logLevel} {formatter(state, exception)} {state} {exception}");
                if (state is IEnumerable<KeyValuePair<string, object?>> values)
                    foreach (var (key, value) in values)
                        lines.Enqueue($"{key}={value}");
            }
        }
    }

    [Fact]
    public async Task Manage_keys_and_the_storage_account_key_never_reach_the_logs()
    {
        const string manageKey = "s3cret-manage-key-7f1c";
        const string wrongKey = "wr0ng-key-guess-99aa";
        const string accountKey = "QUNDT1VOVEtFWVNFQ1JFVC1kby1ub3QtbG9n";
        var logs = new CapturingLoggerProvider();
        using var configured = factory.WithWebHostBuilder(b =>
        {
            b.UseSetting("Maps:ManageKey", manageKey);
            b.UseSetting("Maps:TableStorage:ConnectionString",
                $"DefaultEndpointsProtocol=http;AccountName=devacct;AccountKey={accountKey};TableEndpoint=http://127.0.0.1:9/devacct;");
            b.UseSetting("Maps:TableStorage:MaxRetries", "0");
            b.ConfigureLogging(l => l.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
        });
        var client = configured.CreateClient();

        foreach (string key in new[] { manageKey, wrongKey })
        {
            using var byHeader = new HttpRequestMessage(HttpMethod.Get, "/api/manage/collections/points/versions") { Headers = { { "x-functions-key", key } } };
            (await client.SendAsync(byHeader)).Dispose();
            (await client.GetAsync($"/api/manage/collections/points/versions?code={key}")).Dispose();
            using var publish = new HttpRequestMessage(HttpMethod.Post, $"/api/manage/collections/points/versions?code={key}")
            {
                Content = new StringContent("{\"type\":\"FeatureCollection\",\"features\":[]}", Encoding.UTF8, "application/geo+json"),
                Headers = { { "x-functions-key", key } },
            };
            (await client.SendAsync(publish)).Dispose();
        }
        (await client.GetAsync("/api/collections")).Dispose();

        string all = string.Join("\n", logs.Lines);
        Assert.NotEmpty(logs.Lines);
        Assert.DoesNotContain(manageKey, all);
        Assert.DoesNotContain(wrongKey, all);
        Assert.DoesNotContain(accountKey, all);
    }
}
