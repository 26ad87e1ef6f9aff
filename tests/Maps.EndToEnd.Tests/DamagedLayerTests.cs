using System.Net;
using System.Text;
using System.Text.Json;
using Maps.Core.Import;
using Maps.Core.Layers;
using Maps.EndToEnd.Tests.Support;

namespace Maps.EndToEnd.Tests;

/// <summary>
/// Both modes over shipped layer files of which one is cut short and one has a flipped byte in its
/// features: the cut one cannot even be opened, the flipped one fails its hash check. Each of the
/// two answers 503 problem+json (Retry-After) and nothing of it is served; the other collections
/// are served as usual, and health names the two.
/// </summary>
public sealed class DamagedLayersApis : ApiPair
{
    public string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("maps-e2e-damaged-").FullName;

    public DamagedLayersApis()
    {
        SyntheticLayers.Write(Directory);
        byte[] links = File.ReadAllBytes(Path.Combine(Directory, "links.fgb"));
        File.WriteAllBytes(Path.Combine(Directory, "cut.fgb"), links[..(links.Length / 2)]);

        var metadata = Layer.Open(Path.Combine(Directory, "links.fgb")).Metadata with { Id = "flipped", Title = "Flipped" };
        string features = """{"type":"FeatureCollection","features":[""" + string.Join(",", Enumerable.Range(0, 500).Select(i =>
            $$$"""{"type":"Feature","id":"f{{{i}}}","geometry":{"type":"LineString","coordinates":[[{{{i % 90}}},1],[{{{i % 90}}},2]]},"properties":{"name":"Line {{{i}}}"}}""")) + "]}";
        LayerFileWriter.WriteGeoJson(Directory, metadata, Encoding.UTF8.GetBytes(features));
        string flipped = Path.Combine(Directory, "flipped.fgb");
        var file = LayerFile.Open(flipped);
        long middle = file.FeaturesStart + (file.FlatGeobufLength - file.FeaturesStart) / 2;
        byte[] bytes = File.ReadAllBytes(flipped);
        bytes[middle] ^= 0x20;
        File.WriteAllBytes(flipped, bytes);

        Set("Maps__DataDirectory", Directory);
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}

[CollectionDefinition(Name)]
public sealed class DamagedLayersCollection : ICollectionFixture<DamagedLayersApis>
{
    public const string Name = "damaged layer files, both modes";
}

public abstract class DamagedLayerTests(ApiProcess api)
{
    private static readonly HttpClient Client = new() { Timeout = TimeSpan.FromMinutes(5) };

    [Theory]
    [InlineData("/collections/cut/items")]
    [InlineData("/collections/flipped/items")]
    [InlineData("/collections/flipped/tiles/WebMercatorQuad/0/0/0")]
    [InlineData("/extracts/flipped.geojson")]
    public async Task A_damaged_layer_answers_503_with_what_is_wrong(string path)
    {
        using var response = await Client.GetAsync(api.ApiRoot + path);
        string body = await response.Content.ReadAsStringAsync();

        Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable, $"{(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(response.Headers.RetryAfter);
        string detail = JsonDocument.Parse(body).RootElement.GetProperty("detail").GetString()!;
        Assert.Contains(path.Contains("cut") ? "cut" : "flipped", detail);
        Assert.DoesNotContain(" at ", body);
    }

    [Fact]
    public async Task The_other_collections_are_served_and_health_names_the_damaged_ones()
    {
        using var items = await Client.GetAsync(api.ApiRoot + "/collections/links/items?limit=5");
        using var collections = await Client.GetAsync(api.ApiRoot + "/collections");
        using var health = JsonDocument.Parse(await Client.GetStringAsync(api.ApiRoot + "/health"));

        Assert.Equal(HttpStatusCode.OK, items.StatusCode);
        Assert.Equal(5, JsonDocument.Parse(await items.Content.ReadAsStringAsync()).RootElement.GetProperty("numberReturned").GetInt32());
        Assert.Equal(HttpStatusCode.OK, collections.StatusCode);
        var unavailable = health.RootElement.GetProperty("unavailable");
        Assert.True(unavailable.TryGetProperty("cut", out _), health.RootElement.ToString());
    }
}

[Collection(DamagedLayersCollection.Name)]
public sealed class DamagedLayerStandaloneTests(DamagedLayersApis apis) : DamagedLayerTests(apis.Standalone);

[Collection(DamagedLayersCollection.Name)]
public sealed class DamagedLayerFunctionsHostTests(DamagedLayersApis apis) : DamagedLayerTests(apis.Host);
