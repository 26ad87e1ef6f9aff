using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Maps.Storage.AzureStorage;
using Maps.Storage.Tests.Support;

namespace Maps.Storage.Tests;

/// <summary>The manage API over HTTP, the same tests for both stores (<see cref="AzuriteManageApiTests"/>, <see cref="LocalManageApiTests"/>).</summary>
public abstract class ManageApiTests
{
    protected abstract StoreSetup NewStore();

    private const string NewQuery = "?title=Test%20nodes&license=CC0-1.0&attribution=tests&source=generated";

    public static HttpRequestMessage Publish(string collection, string body, string query = NewQuery, string? key = StorageApiFactory.Key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/manage/collections/{collection}/versions{query}")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/geo+json"),
        };
        if (key is not null)
            request.Headers.Add("x-functions-key", key);
        return request;
    }

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"Expected {(int)status}, got {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>A queryable's JSON Schema <c>type</c> and <c>format</c> in a queryables document's <c>properties</c>.</summary>
    public static (string? Type, string? Format) QueryableType(JsonElement properties, string name)
    {
        var schema = properties.GetProperty(name);
        return (schema.TryGetProperty("type", out var type) ? type.GetString() : null, schema.TryGetProperty("format", out var format) ? format.GetString() : null);
    }

    public static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var problem = await JsonAsync(response, status);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        return problem;
    }

    [Fact]
    public async Task A_publish_validates_like_the_import_reports_rejections_and_serves_the_rest()
    {
        using var factory = NewStore().Factory(StorageApiFactory.Key);
        using var client = factory.CreateClient();
        string body = GeoJson.Collection([
            GeoJson.Point("a", 3.5, 6.5, "{\"status\":\"In Service\",\"country\":\"NGA\"}"),
            "{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[1,2]},\"properties\":{}}",
            GeoJson.Point("bad-lat", 10, 95),
            "{\"type\":\"Feature\",\"id\":\"nan\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[\"NaN\",2]},\"properties\":{}}",
            GeoJson.Point("a", 4, 7),
            GeoJson.Line("pacific", [(170, -10), (-170, -12)]),
        ]);

        var response = await client.SendAsync(Publish("nodes", body, NewQuery + "&geometryType=Geometry"));

        var report = await JsonAsync(response, HttpStatusCode.Created);
        Assert.Equal(6, report.GetProperty("read").GetInt32());
        Assert.Equal(2, report.GetProperty("written").GetInt32());
        var rejected = report.GetProperty("rejected").EnumerateArray().ToArray();
        Assert.Equal([1, 2, 3, 4], rejected.Select(r => r.GetProperty("index").GetInt32()));
        Assert.Contains("missing id", rejected[0].GetProperty("reason").GetString());
        Assert.Contains("out of range", rejected[1].GetProperty("reason").GetString());
        Assert.Contains("duplicate id", rejected[3].GetProperty("reason").GetString());
        var item = await JsonAsync(await client.GetAsync("/api/collections/nodes/items/a"), HttpStatusCode.OK);
        Assert.Equal("operational", item.GetProperty("properties").GetProperty("status").GetString());
        var cable = await JsonAsync(await client.GetAsync("/api/collections/nodes/items/pacific"), HttpStatusCode.OK);
        Assert.Equal("MultiLineString", cable.GetProperty("geometry").GetProperty("type").GetString());
        var collection = await JsonAsync(await client.GetAsync("/api/collections/nodes"), HttpStatusCode.OK);
        Assert.Equal("Test nodes", collection.GetProperty("title").GetString());
    }

    [Fact]
    public async Task Features_with_text_that_is_not_valid_unicode_are_rejected_not_a_server_error()
    {
        using var factory = NewStore().Factory(StorageApiFactory.Key);
        using var client = factory.CreateClient();
        // "\ud800" is valid JSON but a lone UTF-16 surrogate: no string can hold it.
        string body = GeoJson.Collection([
            GeoJson.Point("good", 3.5, 6.5),
            GeoJson.Point("bad-status", 4, 7, "{\"status\":\"\\ud800\"}"),
            "{\"type\":\"Feature\",\"id\":\"\\udc00\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[1,2]},\"properties\":{}}",
            GeoJson.Point("bad-name", 5, 8, "{\"\\ud800\":1}"),
        ]);

        var response = await client.SendAsync(Publish("text", body));

        var report = await JsonAsync(response, HttpStatusCode.Created);
        Assert.Equal(4, report.GetProperty("read").GetInt32());
        Assert.Equal(1, report.GetProperty("written").GetInt32());
        var rejected = report.GetProperty("rejected").EnumerateArray().ToArray();
        Assert.Equal([1, 2, 3], rejected.Select(r => r.GetProperty("index").GetInt32()));
        Assert.All(rejected, r => Assert.Contains("UTF-16", r.GetProperty("reason").GetString()));
        await JsonAsync(await client.GetAsync("/api/collections/text/items/good"), HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_web_mercator_upload_is_reprojected_and_an_unknown_crs_publishes_nothing()
    {
        using var factory = NewStore().Factory(StorageApiFactory.Key);
        using var client = factory.CreateClient();

        await JsonAsync(await client.SendAsync(Publish("merc", GeoJson.Collection([GeoJson.Point("x", 111319.49079327357, 0)], "EPSG:3857"))), HttpStatusCode.Created);
        var unknown = await client.SendAsync(Publish("other", GeoJson.Collection([GeoJson.Point("x", 1, 2)], "EPSG:27700")));

        var item = await JsonAsync(await client.GetAsync("/api/collections/merc/items/x"), HttpStatusCode.OK);
        Assert.Equal(1.0, item.GetProperty("geometry").GetProperty("coordinates")[0].GetDouble(), 6);
        Assert.Contains("unsupported CRS", (await ProblemAsync(unknown, HttpStatusCode.BadRequest)).GetProperty("detail").GetString());
        await ProblemAsync(await client.GetAsync("/api/collections/other"), HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"geometry\":null,\"properties\":{}}]}", HttpStatusCode.UnprocessableEntity)]
    [InlineData("{\"type\":\"Feature\",\"id\":\"x\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[1,2]},\"properties\":{}}", HttpStatusCode.BadRequest)]
    [InlineData("{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"id\":\"a\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[1,2]},\"properties\":{}}", HttpStatusCode.BadRequest)]
    public async Task A_body_that_cannot_be_published_publishes_nothing(string body, HttpStatusCode status)
    {
        var setup = NewStore();
        using var factory = setup.Factory(StorageApiFactory.Key);
        using var client = factory.CreateClient();

        var response = await client.SendAsync(Publish("broken", body));

        var problem = await ProblemAsync(response, status);
        Assert.True(problem.TryGetProperty("read", out _), problem.ToString());
        var store = setup.Store();
        Assert.Null(await store.GetCatalogEntryAsync("broken"));
        Assert.Empty(await store.ListVersionsAsync("broken"));
        Assert.Equal(0, await setup.StoredBytesAsync("broken"));
    }

    [Fact]
    public async Task Without_the_right_key_nothing_is_written_and_the_key_is_never_logged()
    {
        var setup = NewStore();
        using var factory = setup.Factory(StorageApiFactory.Key);
        using var client = factory.CreateClient();
        string body = GeoJson.Collection(GeoJson.Points(3));

        await ProblemAsync(await client.SendAsync(Publish("k", body, key: null)), HttpStatusCode.Unauthorized);
        await ProblemAsync(await client.SendAsync(Publish("k", body, key: "wrong")), HttpStatusCode.Unauthorized);
        await ProblemAsync(await client.SendAsync(Publish("k", body, key: StorageApiFactory.Key + "x")), HttpStatusCode.Unauthorized);
        Assert.Null(await setup.Store().GetCatalogEntryAsync("k"));

        var byQuery = await client.SendAsync(Publish("k", body, NewQuery + "&code=" + StorageApiFactory.Key, key: null));
        await JsonAsync(byQuery, HttpStatusCode.Created);
        Assert.DoesNotContain(factory.Logs, line => line.Contains(StorageApiFactory.Key));
    }

    [Fact]
    public async Task With_no_key_configured_the_manage_API_is_off()
    {
        using var factory = NewStore().Factory(manageKey: null);
        using var client = factory.CreateClient();

        var problem = await ProblemAsync(await client.SendAsync(Publish("k", GeoJson.Collection(GeoJson.Points(3)), key: "anything")), HttpStatusCode.NotFound);

        Assert.Contains("manage API is off", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Versions_are_listed_rolled_back_and_deleted()
    {
        using var factory = NewStore().Factory(StorageApiFactory.Key);
        using var client = factory.CreateClient();
        client.DefaultRequestHeaders.Add("x-functions-key", StorageApiFactory.Key);
        string v1 = (await JsonAsync(await client.SendAsync(Publish("v", GeoJson.Collection(GeoJson.Points(3))))
            , HttpStatusCode.Created)).GetProperty("version").GetString()!;
        string v2 = (await JsonAsync(await client.SendAsync(Publish("v", GeoJson.Collection(GeoJson.Points(5)), query: "")), HttpStatusCode.Created))
            .GetProperty("version").GetString()!;

        var list = await JsonAsync(await client.GetAsync("/api/manage/collections/v/versions"), HttpStatusCode.OK);
        Assert.Equal([v2, v1], list.GetProperty("versions").EnumerateArray().Select(e => e.GetProperty("id").GetString()));
        Assert.True(list.GetProperty("versions")[0].GetProperty("current").GetBoolean());

        await JsonAsync(await client.PostAsync($"/api/manage/collections/v/rollback?version={v1}", null), HttpStatusCode.OK);
        Assert.Equal(3, (await JsonAsync(await client.GetAsync("/api/collections/v/items"), HttpStatusCode.OK)).GetProperty("numberMatched").GetInt32());
        await ProblemAsync(await client.PostAsync("/api/manage/collections/v/rollback?version=nope", null), HttpStatusCode.NotFound);

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync("/api/manage/collections/v")).StatusCode);
        await ProblemAsync(await client.GetAsync("/api/collections/v"), HttpStatusCode.NotFound);
        await ProblemAsync(await client.DeleteAsync("/api/manage/collections/v"), HttpStatusCode.NotFound);
    }

    /// <summary>Queryables describe a version's data, so a rollback brings back the ones of the version it switches to, and filters follow.</summary>
    [Fact]
    public async Task A_rollback_restores_the_queryables_of_its_version()
    {
        using var factory = NewStore().Factory(StorageApiFactory.Key);
        using var client = factory.CreateClient();
        client.DefaultRequestHeaders.Add("x-functions-key", StorageApiFactory.Key);
        string withMasts = GeoJson.Collection(Enumerable.Range(0, 4).Select(i => GeoJson.Point($"m{i}", 36 + i, -1, $$"""{"masts":{{i}}}""")).ToArray());
        string withLabels = GeoJson.Collection(Enumerable.Range(0, 4).Select(i => GeoJson.Point($"m{i}", 36 + i, -1, $$"""{"label":"L{{i}}"}""")).ToArray());
        string v1 = (await JsonAsync(await client.SendAsync(Publish("q", withMasts)), HttpStatusCode.Created)).GetProperty("version").GetString()!;
        await JsonAsync(await client.SendAsync(Publish("q", withLabels, query: "")), HttpStatusCode.Created);
        var labelled = await JsonAsync(await client.GetAsync("/api/collections/q/queryables"), HttpStatusCode.OK);
        Assert.False(labelled.GetProperty("properties").TryGetProperty("masts", out _));

        await JsonAsync(await client.PostAsync($"/api/manage/collections/q/rollback?version={v1}", null), HttpStatusCode.OK);

        var restored = await JsonAsync(await client.GetAsync("/api/collections/q/queryables"), HttpStatusCode.OK);
        Assert.Equal("integer", restored.GetProperty("properties").GetProperty("masts").GetProperty("type").GetString());
        Assert.False(restored.GetProperty("properties").TryGetProperty("label", out _));
        var page = await JsonAsync(await client.GetAsync("/api/collections/q/items?filter=masts%20%3E%3D%202"), HttpStatusCode.OK);
        Assert.Equal(2, page.GetProperty("numberMatched").GetInt32());
    }

    [Fact]
    public async Task Two_concurrent_publishes_over_HTTP_give_one_201_and_one_409()
    {
        var paused = new PausingHooks();
        var setup = NewStore();
        using var slowFactory = setup.Factory(StorageApiFactory.Key, paused);
        using var fastFactory = setup.Factory(StorageApiFactory.Key);
        using var slowClient = slowFactory.CreateClient();
        using var fastClient = fastFactory.CreateClient();
        await JsonAsync(await fastClient.SendAsync(Publish("race", GeoJson.Collection(GeoJson.Points(3)))), HttpStatusCode.Created);

        var slow = slowClient.SendAsync(Publish("race", GeoJson.Collection(GeoJson.Points(4)), query: ""));
        await paused.AtSwitch.Task;
        var fast = await fastClient.SendAsync(Publish("race", GeoJson.Collection(GeoJson.Points(5)), query: ""));
        paused.Release.SetResult();

        await JsonAsync(fast, HttpStatusCode.Created);
        await ProblemAsync(await slow, HttpStatusCode.Conflict);
        Assert.Equal(5, (await JsonAsync(await slowClient.GetAsync("/api/collections/race/items"), HttpStatusCode.OK)).GetProperty("numberMatched").GetInt32());
    }

    [Fact]
    public async Task Health_reports_the_mode_and_the_versions_served()
    {
        var store = NewStore();
        using var factory = store.Factory(StorageApiFactory.Key);
        using var client = factory.CreateClient();
        string version = (await JsonAsync(await client.SendAsync(Publish("h", GeoJson.Collection(GeoJson.Points(3)))), HttpStatusCode.Created))
            .GetProperty("version").GetString()!;

        var health = await JsonAsync(await client.GetAsync("/api/health"), HttpStatusCode.OK);

        Assert.Equal(store.HealthMode, health.GetProperty("mode").GetString());
        Assert.Equal("ok", health.GetProperty("storage").GetString());
        Assert.Equal(version, health.GetProperty("collections").GetProperty("h").GetString());
    }
}

[Trait("Category", "Azurite")]
[Collection(AzuriteCollection.Name)]
public sealed class AzuriteManageApiTests(AzuriteFixture azurite) : ManageApiTests
{
    protected override StoreSetup NewStore() => new AzuriteStore(azurite.NewOptions());
}

public sealed class LocalManageApiTests : ManageApiTests
{
    protected override StoreSetup NewStore() => new LocalStore();
}
