using System.Net;
using Maps.Functions.Tests.Support;

namespace Maps.Functions.Tests;

public sealed class TilesApiTests(MapsApiFactory factory) : IClassFixture<MapsApiFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task Ogc_and_xyz_routes_serve_the_same_tile()
    {
        // z1: column 0 row 0 is the north-west quarter, where the synthetic points are many.
        var ogc = await _client.GetAsync("/api/collections/points/tiles/WebMercatorQuad/1/0/0");
        var xyz = await _client.GetAsync("/api/tiles/points/1/0/0.mvt");

        Assert.Equal(HttpStatusCode.OK, ogc.StatusCode);
        Assert.Equal("application/vnd.mapbox-vector-tile", ogc.Content.Headers.ContentType?.MediaType);
        Assert.Equal(await ogc.Content.ReadAsByteArrayAsync(), await xyz.Content.ReadAsByteArrayAsync());
        Assert.Contains("max-age=3600", ogc.Headers.CacheControl!.ToString());
    }

    [Fact]
    public async Task Row_and_column_are_swapped_between_the_two_forms()
    {
        // The Lagos-Kano line lies in z4 column 8, row 7 (XYZ); OGC order is zoom/row/column.
        var ogc = await _client.GetAsync("/api/collections/lines/tiles/WebMercatorQuad/4/7/8");
        var xyz = await _client.GetAsync("/api/tiles/lines/4/8/7.mvt");
        var swapped = await _client.GetAsync("/api/collections/lines/tiles/WebMercatorQuad/4/8/7");

        Assert.Equal(HttpStatusCode.OK, ogc.StatusCode);
        Assert.Equal(await ogc.Content.ReadAsByteArrayAsync(), await xyz.Content.ReadAsByteArrayAsync());
        Assert.NotEqual(await ogc.Content.ReadAsByteArrayAsync(), await swapped.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task A_tile_without_features_is_204()
    {
        var response = await _client.GetAsync("/api/tiles/lines/8/0/0.mvt");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task A_tile_answers_304_when_the_etag_matches()
    {
        var first = await _client.GetAsync("/api/tiles/points/1/1/1.mvt");
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/tiles/points/1/1/1.mvt");
        request.Headers.IfNoneMatch.Add(first.Headers.ETag!);

        Assert.Equal(HttpStatusCode.NotModified, (await _client.SendAsync(request)).StatusCode);
    }

    [Theory]
    [InlineData("/api/tiles/points/1/2/0.mvt")]
    [InlineData("/api/tiles/points/-1/0/0.mvt")]
    [InlineData("/api/tiles/points/x/0/0.mvt")]
    [InlineData("/api/tiles/points/30/0/0.mvt")]
    [InlineData("/api/collections/points/tiles/WebMercatorQuad/2/0/4")]
    [InlineData("/api/tiles/points/1/0/0.mvt?colour=red")]
    public async Task Tile_numbers_outside_the_matrix_are_400(string url)
    {
        await HttpAssert.ProblemAsync(await _client.GetAsync(url), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task TileJson_points_at_the_xyz_tiles_and_lists_the_fields()
    {
        var tileJson = await HttpAssert.JsonAsync(await _client.GetAsync("/api/tiles/lines.json"));

        Assert.EndsWith("/api/tiles/lines/{z}/{x}/{y}.mvt", tileJson.GetProperty("tiles")[0].GetString());
        var layer = tileJson.GetProperty("vector_layers")[0];
        Assert.Equal("lines", layer.GetProperty("id").GetString());
        Assert.True(layer.GetProperty("fields").TryGetProperty("status", out _));
        Assert.Equal("Maps tests", tileJson.GetProperty("attribution").GetString());
        Assert.Equal(4, tileJson.GetProperty("bounds").GetArrayLength());
    }
}
