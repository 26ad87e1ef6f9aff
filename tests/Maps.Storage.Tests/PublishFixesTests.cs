using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Maps.Core.Import;
using Maps.Storage.Tests.Support;

namespace Maps.Storage.Tests;

/// <summary>
/// Real-world noise a publish tolerates is fixed and said so: the report's <c>fixed</c> counts each kind, and the
/// fixed features are served as fixed. What it cannot fix is still refused with its reason.
/// </summary>
public sealed class PublishFixesTests
{
    [Fact]
    public async Task Each_fix_is_counted_in_the_report_and_served_fixed()
    {
        string body = """
            {"type":"FeatureCollection","features":[
            {"type":"Feature","id":"open-ring","geometry":{"type":"Polygon","coordinates":[[[1,1],[2,1],[2,2],[1,2]]]},"properties":{"seen":"2024-02-29T13:45:10"}},
            {"type":"Feature","id":"edge","geometry":{"type":"Polygon","coordinates":[[[179,-17],[180.00000000000006,-16],[179,-15],[179,-17]]]},"properties":{"seen":"2024-02-29T13:45:10Z"}},
            {"type":"Feature","id":"with-height","geometry":{"type":"MultiPolygon","coordinates":[[[[3,3,10],[4,3,10],[4,4,10],[3,3,10]]]]},"properties":{}},
            {"type":"Feature","id":"line","geometry":{"type":"LineString","coordinates":[[0,0],[1,1]]},"properties":{}},
            {"type":"Feature","id":"degenerate","geometry":{"type":"Polygon","coordinates":[[[5,5]]]},"properties":{}}
            ]}
            """;
        using var factory = new LocalStore().Factory();
        using var client = factory.CreateClient();
        var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/geo+json");
        var post = new HttpRequestMessage(HttpMethod.Post, "/api/manage/collections/areas/versions?title=Areas&license=CC0-1.0&attribution=tests&source=generated&geometryType=Geometry")
        { Content = content };
        post.Headers.Add("x-functions-key", StorageApiFactory.Key);

        var report = await ManageApiTests.JsonAsync(await client.SendAsync(post), HttpStatusCode.Created);

        var fixes = report.GetProperty("fixed").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt32());
        Assert.Equal(new Dictionary<string, int>
        {
            [GeoJsonSourceReader.UnclosedRingsFixed] = 1,
            [FeatureValidator.ClampedFix] = 1,
            [LayerIngest.HeightsFix] = 1,
            [PropertyRules.UtcFix] = 1,
        }, fixes);
        Assert.Equal(4, report.GetProperty("written").GetInt32());
        Assert.Equal("degenerate", Assert.Single(report.GetProperty("rejected").EnumerateArray()).GetProperty("id").GetString());

        var ring = await ManageApiTests.JsonAsync(await client.GetAsync("/api/collections/areas/items/open-ring"), HttpStatusCode.OK);
        var coordinates = ring.GetProperty("geometry").GetProperty("coordinates")[0].EnumerateArray().Select(p => (p[0].GetDouble(), p[1].GetDouble())).ToArray();
        Assert.Equal([(1, 1), (2, 1), (2, 2), (1, 2), (1, 1)], coordinates);
        Assert.Equal("2024-02-29T13:45:10Z", ring.GetProperty("properties").GetProperty("seen").GetString());
        var edge = await ManageApiTests.JsonAsync(await client.GetAsync("/api/collections/areas/items/edge"), HttpStatusCode.OK);
        Assert.Equal(180, edge.GetProperty("geometry").GetProperty("coordinates")[0][1][0].GetDouble());
    }
}
