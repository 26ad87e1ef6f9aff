using System.Net;
using Maps.Functions.Tests.Support;

namespace Maps.Functions.Tests;

/// <summary>Every read resource answers an Accept it cannot satisfy with 406, and wildcards or its own type with 200.</summary>
public sealed class NotAcceptableTests(AnalysisApiFactory factory) : IClassFixture<AnalysisApiFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    private async Task<HttpResponseMessage> GetAsync(string url, string accept)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.TryAddWithoutValidation("Accept", accept);
        return await _client.SendAsync(request);
    }

    [Theory]
    [InlineData("/api/tiles/points/0/0/0.mvt")]
    [InlineData("/api/tiles/points.json")]
    [InlineData("/api/analysis/nearest?lon=1&lat=2&to=points")]
    [InlineData("/api/analysis/coverage?to=lines")]
    [InlineData("/api/extracts/points.csv")]
    [InlineData("/api/collections/points/items")]
    public async Task An_accept_naming_only_other_types_is_406(string url)
    {
        string detail = await HttpAssert.ProblemAsync(await GetAsync(url, "image/png"), HttpStatusCode.NotAcceptable);

        Assert.Contains("image/png", detail);
    }

    [Theory]
    [InlineData("/api/tiles/points/0/0/0.mvt", "application/x-protobuf")]
    [InlineData("/api/tiles/points/0/0/0.mvt", "*/*")]
    [InlineData("/api/tiles/points.json", "application/*")]
    [InlineData("/api/analysis/nearest?lon=1&lat=2&to=points", "application/geo+json")]
    [InlineData("/api/analysis/coverage?to=lines", "text/csv")]
    [InlineData("/api/extracts/points.csv", "text/*")]
    public async Task An_accept_that_covers_the_representation_is_served(string url, string accept)
    {
        var response = await GetAsync(url, accept);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
