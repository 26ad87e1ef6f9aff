using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Maps.Functions.Tests.Processes;
using Maps.Storage.Tests.Support;
using static Maps.Storage.Tests.ManageApiTests;

namespace Maps.Storage.Tests;

/// <summary>
/// Publishing more than crosses the wire: a compressed body (Content-Encoding) and data given by
/// URL (a text/uri-list body), with the limit counted on the decoded bytes. The same tests for both
/// stores (<see cref="AzuriteManageUploadEncodingTests"/>, <see cref="LocalManageUploadEncodingTests"/>).
/// </summary>
public abstract class ManageUploadEncodingTests
{
    protected abstract StoreSetup NewStore();

    private const string Query = "?title=Test%20nodes&license=CC0-1.0&attribution=tests&source=generated";

    private static readonly string Body = GeoJson.Collection(Enumerable.Range(0, 300).Select(i =>
        GeoJson.Point($"n{i:D3}", -10 + i * 0.05, 5 + i * 0.01, $"{{\"status\":\"{(i % 3 == 0 ? "planned" : "operational")}\",\"operator\":\"Op {i % 7}\"}}")));

    private static byte[] Compress(string coding, byte[] bytes)
    {
        using var output = new MemoryStream();
        using (Stream encoder = coding switch
        {
            "gzip" => new GZipStream(output, CompressionLevel.SmallestSize, leaveOpen: true),
            "deflate" => new ZLibStream(output, CompressionLevel.SmallestSize, leaveOpen: true),
            _ => new BrotliStream(output, CompressionLevel.SmallestSize, leaveOpen: true),
        })
            encoder.Write(bytes);
        return output.ToArray();
    }

    private static HttpRequestMessage Send(string collection, byte[] body, string contentType, string? coding = null)
    {
        var request = Publish(collection, "", Query);
        request.Content = new ByteArrayContent(body);
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        if (coding is not null)
            request.Content.Headers.ContentEncoding.Add(coding);
        return request;
    }

    /// <summary>The features served (the page's links name the collection, so they are left out).</summary>
    private static async Task<string> ItemsAsync(HttpClient client, string collection)
    {
        using var page = System.Text.Json.JsonDocument.Parse(await client.GetStringAsync($"/api/collections/{collection}/items?limit=1000"));
        return page.RootElement.GetProperty("features").GetRawText();
    }

    private static async Task AssertNothingPublishedAsync(StoreSetup setup, string collection)
    {
        var store = setup.Store();
        Assert.Null(await store.GetCatalogEntryAsync(collection));
        Assert.Empty(await store.ListVersionsAsync(collection));
        Assert.Equal(0, await setup.StoredBytesAsync(collection));
    }

    [Theory]
    [InlineData("gzip")]
    [InlineData("deflate")]
    [InlineData("br")]
    public async Task A_compressed_body_publishes_the_same_features_as_the_plain_one(string coding)
    {
        using var factory = NewStore().Factory();
        using var client = factory.CreateClient();
        var plain = Encoding.UTF8.GetBytes(Body);

        await JsonAsync(await client.SendAsync(Send("plain", plain, "application/geo+json")), HttpStatusCode.Created);
        var report = await JsonAsync(await client.SendAsync(Send("packed", Compress(coding, plain), "application/geo+json", coding)), HttpStatusCode.Created);

        Assert.Equal(300, report.GetProperty("written").GetInt32());
        Assert.Equal(await ItemsAsync(client, "plain"), await ItemsAsync(client, "packed"));
    }

    [Fact]
    public async Task A_compressed_body_is_limited_by_what_it_decodes_to_and_publishes_nothing()
    {
        var setup = NewStore();
        using var factory = setup.Factory();
        using var client = factory.CreateClient();
        // A few kilobytes on the wire, more than the limit once decoded: whitespace inside a valid collection.
        var padded = Encoding.UTF8.GetBytes(Body.Replace("\"features\":[", "\"features\":" + new string(' ', (int)StorageApiFactory.MaxUploadBytes) + "["));
        var packed = Compress("gzip", padded);
        Assert.True(packed.Length < StorageApiFactory.MaxUploadBytes / 100);

        var problem = await ProblemAsync(await client.SendAsync(Send("bomb", packed, "application/geo+json", "gzip")), HttpStatusCode.RequestEntityTooLarge);

        Assert.Contains(StorageApiFactory.MaxUploadBytes.ToString("N0"), problem.GetProperty("detail").GetString());
        await AssertNothingPublishedAsync(setup, "bomb");
    }

    [Fact]
    public async Task Bytes_that_do_not_decode_are_a_bad_request_and_publish_nothing()
    {
        var setup = NewStore();
        using var factory = setup.Factory();
        using var client = factory.CreateClient();
        var packed = Compress("gzip", Encoding.UTF8.GetBytes(Body));
        packed[packed.Length / 2] ^= 0xFF;
        packed[packed.Length / 2 + 1] ^= 0xFF;

        var notGzip = await ProblemAsync(await client.SendAsync(Send("garbled", Encoding.UTF8.GetBytes(Body), "application/geo+json", "gzip")), HttpStatusCode.BadRequest);
        var damaged = await client.SendAsync(Send("garbled", packed, "application/geo+json", "gzip"));

        Assert.Contains("gzip", notGzip.GetProperty("detail").GetString());
        Assert.True(damaged.StatusCode == HttpStatusCode.BadRequest, await damaged.Content.ReadAsStringAsync());
        await AssertNothingPublishedAsync(setup, "garbled");
    }

    [Fact]
    public async Task A_content_encoding_that_is_not_decoded_is_415_naming_those_that_are()
    {
        using var factory = NewStore().Factory();
        using var client = factory.CreateClient();

        var problem = await ProblemAsync(await client.SendAsync(Send("zstd", Encoding.UTF8.GetBytes(Body), "application/geo+json", "zstd")), HttpStatusCode.UnsupportedMediaType);

        string detail = problem.GetProperty("detail").GetString()!;
        Assert.Contains("zstd", detail);
        Assert.Contains("gzip", detail);
    }

    [Fact]
    public async Task A_layer_given_by_url_is_read_from_it_plain_or_gzip()
    {
        using var factory = NewStore().Factory();
        using var client = factory.CreateClient();
        var plain = Encoding.UTF8.GetBytes(Body);
        await using var server = await StaticServer.StartAsync(
            ("/data/nodes.geojson", plain, "application/octet-stream"),
            ("/data/nodes.geojson.gz", Compress("gzip", plain), "application/octet-stream"));

        await JsonAsync(await client.SendAsync(Send("direct", plain, "application/geo+json")), HttpStatusCode.Created);
        var list = $"# the layer's data\n{server.Url("/data/nodes.geojson")}?sig=secret\n";
        var byUrl = await JsonAsync(await client.SendAsync(Send("by-url", Encoding.UTF8.GetBytes(list), "text/uri-list")), HttpStatusCode.Created);
        var byGzipUrl = await JsonAsync(await client.SendAsync(Send("by-gzip-url", Encoding.UTF8.GetBytes(server.Url("/data/nodes.geojson.gz")), "text/uri-list")), HttpStatusCode.Created);

        Assert.Equal(300, byUrl.GetProperty("written").GetInt32());
        Assert.Equal(300, byGzipUrl.GetProperty("written").GetInt32());
        string direct = await ItemsAsync(client, "direct");
        Assert.Equal(direct, await ItemsAsync(client, "by-url"));
        Assert.Equal(direct, await ItemsAsync(client, "by-gzip-url"));
        Assert.DoesNotContain(factory.Logs, line => line.Contains("secret"));
    }

    [Fact]
    public async Task A_url_that_cannot_be_read_or_is_too_large_publishes_nothing()
    {
        var setup = NewStore();
        using var factory = setup.Factory();
        using var client = factory.CreateClient();
        var large = Encoding.UTF8.GetBytes(Body.Replace("\"features\":[", "\"features\":" + new string(' ', (int)StorageApiFactory.MaxUploadBytes) + "["));
        await using var server = await StaticServer.StartAsync(("/large.geojson", large, "application/geo+json"));

        var missing = await ProblemAsync(await client.SendAsync(Send("gone", Encoding.UTF8.GetBytes(server.Url("/missing.geojson?sig=secret")), "text/uri-list")), HttpStatusCode.BadRequest);
        var tooLarge = await ProblemAsync(await client.SendAsync(Send("gone", Encoding.UTF8.GetBytes(server.Url("/large.geojson")), "text/uri-list")), HttpStatusCode.RequestEntityTooLarge);
        var two = await ProblemAsync(await client.SendAsync(Send("gone", Encoding.UTF8.GetBytes("http://a.example/1\nhttp://a.example/2\n"), "text/uri-list")), HttpStatusCode.BadRequest);
        var notHttp = await ProblemAsync(await client.SendAsync(Send("gone", Encoding.UTF8.GetBytes("file:///etc/passwd"), "text/uri-list")), HttpStatusCode.BadRequest);

        Assert.Contains("404", missing.GetProperty("detail").GetString());
        Assert.DoesNotContain("secret", missing.GetProperty("detail").GetString());
        Assert.Contains("Maps:Manage:MaxUploadBytes", tooLarge.GetProperty("detail").GetString());
        Assert.Contains("2 URLs", two.GetProperty("detail").GetString());
        Assert.Contains("http", notHttp.GetProperty("detail").GetString());
        await AssertNothingPublishedAsync(setup, "gone");
    }
}

[Trait("Category", "Azurite")]
[Collection(AzuriteCollection.Name)]
public sealed class AzuriteManageUploadEncodingTests(AzuriteFixture azurite) : ManageUploadEncodingTests
{
    protected override StoreSetup NewStore() => new AzuriteStore(azurite.NewOptions());
}

public sealed class LocalManageUploadEncodingTests : ManageUploadEncodingTests
{
    protected override StoreSetup NewStore() => new LocalStore();
}
