using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Maps.EndToEnd.Tests.Support;

namespace Maps.EndToEnd.Tests;

/// <summary>
/// Vector tiles from the real process, standalone and through the Functions host, decoded by GDAL's
/// MVT driver (an implementation independent of Maps'): the world tile of the synthetic links holds
/// exactly the links the items endpoint lists, in both tile addressings.
/// </summary>
public abstract class GdalTileTests(ApiProcess api) : IDisposable
{
    private static readonly HttpClient Client = new() { Timeout = TimeSpan.FromMinutes(5) };
    private readonly string _work = Directory.CreateTempSubdirectory("maps-gdal-mvt-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [Theory]
    [InlineData("/tiles/links/0/0/0.mvt")]
    [InlineData("/collections/links/tiles/WebMercatorQuad/0/0/0")]
    public async Task Gdal_decodes_the_world_tile_with_every_link(string path)
    {
        using var response = await Client.GetAsync(api.ApiRoot + path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/vnd.mapbox-vector-tile", response.Content.Headers.ContentType?.MediaType);
        string file = Path.Combine(_work, "tile.mvt");
        await File.WriteAllBytesAsync(file, await response.Content.ReadAsByteArrayAsync());

        string decoded = await Gdal.RunAsync("ogrinfo", "-ro", "-al", "-q", "-oo", "Z=0", "-oo", "X=0", "-oo", "Y=0", "-oo", "CLIP=NO", file);

        var page = await Client.GetFromJsonAsync<JsonElement>(api.ApiRoot + "/collections/links/items?limit=10000&properties=name");
        var expected = page.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("id").GetString()!).Order(StringComparer.Ordinal);
        var ids = Gdal.FeatureIds(decoded).Distinct().Order(StringComparer.Ordinal);
        Assert.Equal(expected, ids);
    }
}

[Collection(SyntheticCollection.Name)]
public sealed class GdalTileStandaloneTests(SyntheticApis apis) : GdalTileTests(apis.Standalone);

[Collection(SyntheticCollection.Name)]
public sealed class GdalTileFunctionsHostTests(SyntheticApis apis) : GdalTileTests(apis.Host);
