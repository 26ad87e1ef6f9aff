using System.Net;
using System.Text;
using Maps.EndToEnd.Tests.Support;
using Maps.Functions.Hosting;

namespace Maps.EndToEnd.Tests;

/// <summary>
/// Every endpoint of the table answers, standalone and through the Functions host, with the same
/// status, media type and bytes (absolute links aside, which name each process's own port). Every
/// endpoint must have a sample here, so a route cannot exist in one mode only or go untested.
/// </summary>
[Collection(SyntheticCollection.Name)]
public sealed class RouteParityTests(SyntheticApis apis)
{
    private static readonly HttpClient Client = new(new HttpClientHandler { AllowAutoRedirect = false }) { Timeout = TimeSpan.FromMinutes(5) };

    private sealed record Sample(string Method, string PathAndQuery, string? CsvBody = null);

    /// <summary>One request per endpoint, by name; manage requests carry the host key (the host checks it; standalone is given it as Maps:ManageKey).</summary>
    private static readonly Dictionary<string, Sample> Samples = new()
    {
        ["GetLanding"] = new("GET", ""),
        ["GetConformance"] = new("GET", "/conformance"),
        ["GetOpenApi"] = new("GET", "/openapi.json"),
        ["GetDocs"] = new("GET", "/docs"),
        ["GetCollections"] = new("GET", "/collections"),
        ["GetCollection"] = new("GET", "/collections/nodes?f=html"),
        ["GetQueryables"] = new("GET", "/collections/nodes/queryables"),
        ["GetSortables"] = new("GET", "/collections/nodes/sortables"),
        ["GetItems"] = new("GET", "/collections/nodes/items?limit=5&status=operational&bbox=-180,-80,180,80&filter=country%20IN%20('GHA'%2C'NGA')&sortby=-country"),
        ["GetItem"] = new("GET", "/collections/links/items/l-pacific"),
        ["GetCollectionTile"] = new("GET", "/collections/nodes/tiles/WebMercatorQuad/1/0/1?filter-lang=cql2-json&filter=%7B%22op%22%3A%22%3D%22%2C%22args%22%3A%5B%7B%22property%22%3A%22status%22%7D%2C%22operational%22%5D%7D"),
        ["GetTile"] = new("GET", "/tiles/links/0/0/0.mvt"),
        ["GetTileMatrixSets"] = new("GET", "/tileMatrixSets"),
        ["GetTileMatrixSet"] = new("GET", "/tileMatrixSets/WebMercatorQuad"),
        ["GetCollectionTilesets"] = new("GET", "/collections/links/tiles"),
        ["GetCollectionTileset"] = new("GET", "/collections/nodes/tiles/WebMercatorQuad"),
        ["GetTileJson"] = new("GET", "/tiles/nodes.json"),
        ["GetExtract"] = new("GET", "/extracts/nodes.csv?country=GHA"),
        ["GetHealth"] = new("GET", "/health"),
        ["GetAnalysisNearest"] = new("GET", "/analysis/nearest?lon=3.4&lat=6.5&to=nodes,links&k=3"),
        ["PostAnalysisNearest"] = new("POST", "/analysis/nearest?to=nodes,links", "id,lat,lon\na,6.5,3.4\nb,not-a-number,1\nc,-12,179.9\n"),
        ["PostAnalysisGaps"] = new("POST", "/analysis/gaps?to=links&threshold_km=50", "id,lat,lon,country\na,6.5,3.4,NGA\nc,-12,179.9,FJI\n"),
        ["PostAnalysisProfile"] = new("POST", "/analysis/profile?fibre=links&radii=1,50", "id,lat,lon,country\na,6.5,3.4,NGA\nb,6.5,3.4,NGA\nc,-12,179.9,FJI\n"),
        ["GetAnalysisCoverage"] = new("GET", "/analysis/coverage?to=links"),
        ["GetCountries"] = new("GET", "/countries?sortby=-fibre_km"),
        ["GetCountry"] = new("GET", "/countries/GHA"),
        ["GetProcesses"] = new("GET", "/processes"),
        ["GetProcess"] = new("GET", "/processes/profile"),
        ["PostProcessExecution"] = new("POST", "/processes/gaps/execution?to=links&threshold_km=50", "id,lat,lon,country\na,6.5,3.4,NGA\nc,-12,179.9,FJI\n"),
        ["GetJobs"] = new("GET", "/jobs"),
        ["GetJob"] = new("GET", "/jobs/0123456789abcdef0123456789abcdef"),
        ["GetJobResults"] = new("GET", "/jobs/0123456789abcdef0123456789abcdef/results"),
        ["DeleteJob"] = new("DELETE", "/jobs/0123456789abcdef0123456789abcdef"),
        ["GetViewer"] = new("GET", "/viewer/app.js"),
        ["PublishVersion"] = new("POST", "/manage/collections/nodes/versions"),
        ["ListVersions"] = new("GET", "/manage/collections/nodes/versions"),
        ["RollbackCollection"] = new("POST", "/manage/collections/nodes/rollback?version=v1"),
        ["DeleteCollection"] = new("DELETE", "/manage/collections/nodes"),
    };

    [Fact]
    public void Every_endpoint_has_a_sample_and_every_sample_an_endpoint()
    {
        Assert.Equal(ApiRoutes.All.Select(e => e.Name).Order(), Samples.Keys.Order());
    }

    [Fact]
    public async Task Every_endpoint_answers_the_same_in_both_modes()
    {
        foreach (var endpoint in ApiRoutes.All)
        {
            var sample = Samples[endpoint.Name];
            Assert.True(endpoint.Allows(sample.Method), $"{endpoint.Name}: sample method {sample.Method}");
            var standalone = await SendAsync(apis.Standalone, sample);
            var host = await SendAsync(apis.Host, sample);

            string what = $"{endpoint.Name} ({sample.Method} {sample.PathAndQuery})";
            Assert.True((int)standalone.Status < 500, $"{what}: standalone {standalone.Status} {standalone.Text}");
            Assert.False(standalone.Text.Contains("No resource at", StringComparison.Ordinal), $"{what} did not reach its endpoint standalone");
            Assert.Equal(standalone.Status, host.Status);
            Assert.Equal(standalone.ContentType, host.ContentType);
            Assert.True(standalone.Body.SequenceEqual(host.Body), $"{what}: the bodies differ:\n{standalone.Text[..Math.Min(400, standalone.Text.Length)]}\n---\n{host.Text[..Math.Min(400, host.Text.Length)]}");
        }
    }

    [Fact]
    public async Task Every_read_answers_head_with_the_get_status_and_no_body_in_both_modes()
    {
        foreach (var endpoint in ApiRoutes.All.Where(e => e.Allows("HEAD")))
        {
            var sample = Samples[endpoint.Name] with { Method = "HEAD" };
            var get = await SendAsync(apis.Standalone, Samples[endpoint.Name]);
            foreach (var api in apis.Both)
            {
                var head = await SendAsync(api, sample);
                Assert.Equal(get.Status, head.Status);
                Assert.Empty(head.Body);
            }
        }
    }

    private sealed record Answer(HttpStatusCode Status, string? ContentType, byte[] Body)
    {
        public string Text => Encoding.UTF8.GetString(Body);
    }

    private static async Task<Answer> SendAsync(ApiProcess api, Sample sample)
    {
        using var request = new HttpRequestMessage(new HttpMethod(sample.Method), api.ApiRoot + sample.PathAndQuery);
        request.Headers.Add("x-functions-key", FunctionsHostApi.HostKey);
        if (sample.CsvBody is not null)
            request.Content = new StringContent(sample.CsvBody, Encoding.UTF8, "text/csv");
        using var response = await Client.SendAsync(request);
        byte[] body = await response.Content.ReadAsByteArrayAsync();
        // Absolute links name the process's own address; make them comparable.
        // Health's lastRefresh is each process's own clock.
        body = Encoding.UTF8.GetBytes(LastRefresh.Replace(Encoding.UTF8.GetString(body).Replace(api.ApiRoot, "http://maps.test/api", StringComparison.Ordinal), "\"lastRefresh\":\"…\""))
            is var replaced && IsText(response) ? replaced : body;
        return new Answer(response.StatusCode, response.Content.Headers.ContentType?.ToString(), body);
    }

    private static readonly System.Text.RegularExpressions.Regex LastRefresh = new("\"lastRefresh\":\"[^\"]*\"");

    private static bool IsText(HttpResponseMessage response) =>
        response.Content.Headers.ContentType?.MediaType is { } type && (type.StartsWith("text/", StringComparison.Ordinal) || type.Contains("json", StringComparison.Ordinal));
}
