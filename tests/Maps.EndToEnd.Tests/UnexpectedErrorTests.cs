using System.Net;
using System.Text.Json;
using Maps.EndToEnd.Tests.Support;

namespace Maps.EndToEnd.Tests;

/// <summary>
/// Both modes with a layer directory that is not there: the layers never load, so every request
/// that needs them fails in a way no handler expects. That must be a bare 500 problem+json with a
/// fixed sentence (no exception type, message, stack trace or path), while requests that need no
/// layers still answer, in both modes.
/// </summary>
public sealed class MissingLayersApis : ApiPair
{
    public string Directory { get; } = Path.Combine(Path.GetTempPath(), "maps-e2e-missing-" + Guid.NewGuid().ToString("N"), "layers");

    public MissingLayersApis()
    {
        Set("Maps__DataDirectory", Directory);
        foreach (var api in Both)
            api.ReadinessPath = "/conformance";
    }
}

[CollectionDefinition(Name)]
public sealed class MissingLayersCollection : ICollectionFixture<MissingLayersApis>
{
    public const string Name = "layers that fail to load, both modes";
}

public abstract class UnexpectedErrorTests(MissingLayersApis apis, ApiProcess api)
{
    private static readonly HttpClient Client = new() { Timeout = TimeSpan.FromMinutes(5) };

    [Theory]
    [InlineData("/collections")]
    [InlineData("/collections/cut/items")]
    [InlineData("/analysis/nearest?lon=1&lat=2")]
    public async Task An_unexpected_failure_is_a_bare_500_problem(string path)
    {
        using var response = await Client.GetAsync(api.ApiRoot + path);
        string body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(body);
        Assert.Equal("The server failed to answer this request.", problem.RootElement.GetProperty("detail").GetString());
        Assert.DoesNotContain("Exception", body);
        Assert.DoesNotContain(" at ", body);
        Assert.DoesNotContain(apis.Directory, body);
        Assert.DoesNotContain("layers", body);
    }

    [Fact]
    public async Task What_needs_no_layers_still_answers()
    {
        using var response = await Client.GetAsync(api.ApiRoot + "/conformance");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}

[Collection(MissingLayersCollection.Name)]
public sealed class UnexpectedErrorStandaloneTests(MissingLayersApis apis) : UnexpectedErrorTests(apis, apis.Standalone);

[Collection(MissingLayersCollection.Name)]
public sealed class UnexpectedErrorFunctionsHostTests(MissingLayersApis apis) : UnexpectedErrorTests(apis, apis.Host);
