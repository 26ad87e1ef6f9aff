using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using Maps.Functions.Tests.Support;
using Maps.Functions.Viewer;

namespace Maps.Functions.Tests;

public sealed class ViewerApiTests(MapsApiFactory factory) : IClassFixture<MapsApiFactory>
{
    private readonly HttpClient _client = factory.CreateClient(new() { AllowAutoRedirect = false });

    [Fact]
    public async Task The_page_is_html_with_the_strict_content_security_policy()
    {
        var response = await _client.GetAsync("/api/viewer");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        string csp = string.Join(' ', response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self';", csp);
        Assert.DoesNotContain("unsafe-eval", csp);
        Assert.Equal("no-cache", response.Headers.CacheControl!.ToString());
        Assert.Contains("viewer/app.js", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("/api/viewer/app.js", "text/javascript")]
    [InlineData("/api/viewer/app.css", "text/css")]
    [InlineData("/api/viewer/countries.geojson", "application/geo+json")]
    [InlineData("/api/viewer/vendor/maplibre-gl.mjs", "text/javascript")]
    [InlineData("/api/viewer/vendor/maplibre-gl-worker.mjs", "text/javascript")]
    [InlineData("/api/viewer/vendor/maplibre-gl.css", "text/css")]
    [InlineData("/api/viewer/vendor/LICENSE.txt", "text/plain")]
    public async Task Assets_are_served_with_their_media_type_and_an_etag(string path, string mediaType)
    {
        var response = await _client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(response.Headers.ETag);
        Assert.True(response.Headers.CacheControl!.Public);
        Assert.NotEmpty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task The_worker_url_with_maplibres_version_query_is_served()
    {
        var response = await _client.GetAsync("/api/viewer/vendor/maplibre-gl-worker.mjs?v=6.17.0");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task An_asset_answers_304_when_the_etag_matches()
    {
        var first = await _client.GetAsync("/api/viewer/app.js");
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/viewer/app.js");
        request.Headers.IfNoneMatch.Add(first.Headers.ETag!);

        var second = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
        Assert.Empty(await second.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Assets_are_gzip_compressed_when_the_client_accepts_it()
    {
        var plain = await (await _client.GetAsync("/api/viewer/vendor/maplibre-gl.mjs")).Content.ReadAsByteArrayAsync();
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/viewer/vendor/maplibre-gl.mjs");
        request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("gzip"));

        var response = await _client.SendAsync(request);
        byte[] compressed = await response.Content.ReadAsByteArrayAsync();
        using var gunzip = new GZipStream(new MemoryStream(compressed), CompressionMode.Decompress);
        using var inflated = new MemoryStream();
        gunzip.CopyTo(inflated);

        Assert.Equal("gzip", Assert.Single(response.Content.Headers.ContentEncoding));
        Assert.True(compressed.Length < plain.Length / 2);
        Assert.Equal(plain, inflated.ToArray());
    }

    [Theory]
    [InlineData("/api/viewer/nope.js")]
    [InlineData("/api/viewer/index.html")]
    [InlineData("/api/viewer/../Maps.Functions.dll")]
    [InlineData("/api/viewer/vendor")]
    public async Task Unknown_files_are_404_problems(string path)
    {
        var response = await _client.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task A_trailing_slash_redirects_to_the_page()
    {
        var response = await _client.GetAsync("/api/viewer/?x=1");

        Assert.Equal(HttpStatusCode.MovedPermanently, response.StatusCode);
        Assert.Equal("/api/viewer?x=1", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public void Every_file_under_wwwroot_viewer_is_embedded()
    {
        Assert.Contains("index.html", ViewerAssets.Assets.Keys);
        Assert.Contains("vendor/maplibre-gl.mjs", ViewerAssets.Assets.Keys);
        Assert.Contains("countries.geojson", ViewerAssets.Assets.Keys);
        Assert.All(ViewerAssets.Assets.Keys, k => Assert.DoesNotContain('\\', k));
    }
}
