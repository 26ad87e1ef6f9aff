using System.Net;
using System.Text;
using Maps.Functions.Tests.Support;

namespace Maps.Functions.Tests;

/// <summary>Without a layer store the app serves the shipped layers and has nothing to manage.</summary>
public sealed class EmbeddedModeTests(MapsApiFactory factory) : IClassFixture<MapsApiFactory>
{
    [Fact]
    public async Task Health_reports_the_embedded_mode()
    {
        using var client = factory.CreateClient();

        var health = await HttpAssert.JsonAsync(await client.GetAsync("/api/health"));

        Assert.Equal("embedded", health.GetProperty("mode").GetString());
        Assert.Equal("ok", health.GetProperty("storage").GetString()); // the local store, empty here
        Assert.True(health.GetProperty("collections").TryGetProperty("points", out _));
    }

    [Fact]
    public async Task The_manage_API_answers_404_and_writes_nothing()
    {
        using var client = factory.CreateClient();
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/manage/collections/points/versions")
        {
            Content = new StringContent("{\"type\":\"FeatureCollection\",\"features\":[]}", Encoding.UTF8, "application/geo+json"),
        };

        string detail = await HttpAssert.ProblemAsync(await client.SendAsync(request), HttpStatusCode.NotFound);

        Assert.Contains("manage API is off", detail);
    }
}
