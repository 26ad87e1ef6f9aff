using System.Net;
using System.Text;
using System.Text.Json;
using Maps.EndToEnd.Tests.Support;
using Maps.Storage.Tests.Support;

namespace Maps.EndToEnd.Tests;

/// <summary>
/// Both modes in Table Storage mode against a real Azurite, each with its own tables. Under the
/// Functions host the host checks its function keys (authLevel function) before Maps sees the
/// request; standalone, Maps checks <c>Maps:ManageKey</c>. Either way: no key or a wrong key is 401
/// and publishes nothing; the key in the header or in <c>?code=</c> publishes, and the new version is
/// served at once.
/// </summary>
public sealed class StorageApis : ApiPair
{
    public const string StandaloneKey = "maps-e2e-standalone-manage-key";

    private Azurite? _azurite;

    public string KeyOf(ApiProcess api) => api == Host ? FunctionsHostApi.HostKey : StandaloneKey;

    public override async Task InitializeAsync()
    {
        _azurite = await Azurite.StartAsync(allServices: true);
        Set("Maps__TableStorage__ConnectionString", _azurite.ConnectionString);
        Set("Maps__TableStorage__RefreshSeconds", "1");
        Standalone.Environment["Maps__TableStorage__TablePrefix"] = "standalone";
        Host.Environment["Maps__TableStorage__TablePrefix"] = "host";
        Standalone.Environment["Maps__ManageKey"] = StandaloneKey;
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_azurite is not null)
            await _azurite.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class StorageCollection : ICollectionFixture<StorageApis>
{
    public const string Name = "table storage (Azurite), both modes";
}

public abstract class ManageKeyTests(StorageApis apis, ApiProcess api)
{
    private const string Metadata = "title=Schools%20sample&license=CC0-1.0&attribution=e2e&source=generated";
    private static readonly HttpClient Client = new() { Timeout = TimeSpan.FromMinutes(5) };

    private string Key => apis.KeyOf(api);

    [Theory]
    [InlineData(null)]
    [InlineData("not-the-key")]
    public async Task Without_the_key_the_manage_api_is_401_and_publishes_nothing(string? key)
    {
        using var publish = Request(HttpMethod.Post, "/manage/collections/refused/versions?" + Metadata, key, Points(3));
        using var published = await Client.SendAsync(publish);
        using var list = await Client.SendAsync(Request(HttpMethod.Get, "/manage/collections/refused/versions", key));

        Assert.Equal(HttpStatusCode.Unauthorized, published.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, list.StatusCode);
        using var collection = await Client.GetAsync(api.ApiRoot + "/collections/refused");
        Assert.Equal(HttpStatusCode.NotFound, collection.StatusCode);
    }

    [Fact]
    public async Task The_key_in_the_header_or_in_code_publishes_and_the_version_is_served()
    {
        using var first = await Client.SendAsync(Request(HttpMethod.Post, "/manage/collections/sample/versions?" + Metadata, Key, Points(5)));
        Assert.True(HttpStatusCode.Created == first.StatusCode, await first.Content.ReadAsStringAsync());
        Assert.Equal(5, (await JsonAsync(first)).GetProperty("written").GetInt32());
        Assert.Equal(5, await NumberMatchedAsync());

        using var second = await Client.SendAsync(Request(HttpMethod.Post, $"/manage/collections/sample/versions?code={Uri.EscapeDataString(Key)}", null, Points(8)));
        Assert.True(HttpStatusCode.Created == second.StatusCode, await second.Content.ReadAsStringAsync());
        Assert.Equal(8, await NumberMatchedAsync());

        using var versions = await Client.SendAsync(Request(HttpMethod.Get, "/manage/collections/sample/versions", Key));
        var listed = await JsonAsync(versions);
        Assert.Equal(2, listed.GetProperty("versions").GetArrayLength());
        Assert.Equal((await JsonAsync(second)).GetProperty("version").GetString(), listed.GetProperty("current").GetString());
    }

    [Fact]
    public async Task A_gzip_body_crosses_the_host_and_is_published()
    {
        using var body = new MemoryStream();
        using (var gzip = new System.IO.Compression.GZipStream(body, System.IO.Compression.CompressionLevel.Optimal, leaveOpen: true))
            gzip.Write(Encoding.UTF8.GetBytes(Points(40)));
        using var request = Request(HttpMethod.Post, "/manage/collections/packed/versions?" + Metadata, Key);
        request.Content = new ByteArrayContent(body.ToArray());
        request.Content.Headers.ContentType = new("application/geo+json");
        request.Content.Headers.ContentEncoding.Add("gzip");

        using var published = await Client.SendAsync(request);

        Assert.True(HttpStatusCode.Created == published.StatusCode, await published.Content.ReadAsStringAsync());
        Assert.Equal(40, (await JsonAsync(published)).GetProperty("written").GetInt32());
        Assert.Equal(40, await NumberMatchedAsync("packed"));
    }

    private async Task<int> NumberMatchedAsync(string collection = "sample")
    {
        using var items = await Client.GetAsync(api.ApiRoot + $"/collections/{collection}/items?limit=1");
        return (await JsonAsync(items)).GetProperty("numberMatched").GetInt32();
    }

    private HttpRequestMessage Request(HttpMethod method, string path, string? key, string? geoJson = null)
    {
        var request = new HttpRequestMessage(method, api.ApiRoot + path);
        if (key is not null)
            request.Headers.Add("x-functions-key", key);
        if (geoJson is not null)
            request.Content = new StringContent(geoJson, Encoding.UTF8, "application/geo+json");
        return request;
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();

    private static string Points(int count) =>
        "{\"type\":\"FeatureCollection\",\"features\":[" + string.Join(',', Enumerable.Range(0, count).Select(i =>
            "{\"type\":\"Feature\",\"id\":\"s" + i + "\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[" +
            (3 + i * 0.1).ToString(System.Globalization.CultureInfo.InvariantCulture) + ",6.5]},\"properties\":{\"name\":\"School " + i + "\"}}")) + "]}";
}

[Collection(StorageCollection.Name)]
public sealed class ManageKeyStandaloneTests(StorageApis apis) : ManageKeyTests(apis, apis.Standalone);

[Collection(StorageCollection.Name)]
public sealed class ManageKeyFunctionsHostTests(StorageApis apis) : ManageKeyTests(apis, apis.Host);
