using System.Net;
using Maps.Functions.Tests.Support;

namespace Maps.Functions.Tests;

public sealed class OgcMetadataTests(MapsApiFactory factory) : IClassFixture<MapsApiFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task Landing_page_links_the_api_definition_conformance_and_data()
    {
        var landing = await HttpAssert.JsonAsync(await _client.GetAsync("/api"));

        var links = landing.GetProperty("links").EnumerateArray().ToArray();
        var serviceDesc = Assert.Single(links, l => l.GetProperty("rel").GetString() == "service-desc");
        Assert.EndsWith("/api/openapi.json", serviceDesc.GetProperty("href").GetString());
        Assert.Equal("application/vnd.oai.openapi+json;version=3.0", serviceDesc.GetProperty("type").GetString());
        foreach (var rel in new[] { "service-doc", "conformance", "data" })
            Assert.Contains(links, l => l.GetProperty("rel").GetString() == rel);
    }

    [Fact]
    public async Task Conformance_declares_core_geojson_oas30_and_html()
    {
        var conformance = await HttpAssert.JsonAsync(await _client.GetAsync("/api/conformance"));

        var classes = conformance.GetProperty("conformsTo").EnumerateArray().Select(c => c.GetString()).ToArray();
        foreach (var name in new[] { "core", "geojson", "oas30", "html" })
            Assert.Contains($"http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/{name}", classes);
    }

    [Fact]
    public async Task Collections_describe_every_layer_with_extent_licence_and_items_link()
    {
        var collections = await HttpAssert.JsonAsync(await _client.GetAsync("/api/collections"));

        var list = collections.GetProperty("collections").EnumerateArray().ToArray();
        Assert.Equal(["lines", "points"], list.Select(c => c.GetProperty("id").GetString()));
        var lines = list[0];
        var bbox = lines.GetProperty("extent").GetProperty("spatial").GetProperty("bbox")[0].EnumerateArray().Select(v => v.GetDouble()).ToArray();
        // The Pacific cable is split at ±180°: the smallest box runs east from -5 across the antimeridian to -170.
        Assert.Equal([-5, -15, -170, 12], bbox);
        var links = lines.GetProperty("links").EnumerateArray().ToArray();
        Assert.Contains(links, l => l.GetProperty("rel").GetString() == "items" && l.GetProperty("type").GetString() == "application/geo+json");
        Assert.Contains(links, l => l.GetProperty("rel").GetString() == "license");
        Assert.Equal("Maps tests", lines.GetProperty("attribution").GetString());
        Assert.Equal("CC0-1.0", lines.GetProperty("license").GetString());
    }

    [Fact]
    public async Task Collection_with_a_date_property_has_a_temporal_extent()
    {
        var points = await HttpAssert.JsonAsync(await _client.GetAsync("/api/collections/points"));

        var interval = points.GetProperty("extent").GetProperty("temporal").GetProperty("interval")[0];
        Assert.Equal("2000-01-01T00:00:00Z", interval[0].GetString());
        Assert.Equal("2024-12-31T23:59:59Z", interval[1].GetString());
        Assert.Equal(["http://www.opengis.net/def/crs/OGC/1.3/CRS84"], points.GetProperty("crs").EnumerateArray().Select(c => c.GetString()));
    }

    [Fact]
    public async Task Queryables_are_a_json_schema_of_the_filterable_properties()
    {
        var schema = await HttpAssert.JsonAsync(await _client.GetAsync("/api/collections/points/queryables"), "application/schema+json");

        var properties = schema.GetProperty("properties");
        Assert.Equal("string", properties.GetProperty("status").GetProperty("type").GetString());
        Assert.Contains("planned", properties.GetProperty("status").GetProperty("enum").EnumerateArray().Select(v => v.GetString()));
        Assert.True(properties.TryGetProperty("country", out _));
        Assert.Equal("array", properties.GetProperty("tags").GetProperty("type").GetString());
        Assert.Equal("string", properties.GetProperty("tags").GetProperty("items").GetProperty("type").GetString());
        Assert.Equal("integer", properties.GetProperty("data_year").GetProperty("type").GetString());
        Assert.Equal("string", properties.GetProperty("name").GetProperty("type").GetString());
        // Every point is a Point, so the geometry's schema is the Point's.
        Assert.Equal("https://geojson.org/schema/Point.json", properties.GetProperty("geometry").GetProperty("$ref").GetString());
    }

    [Fact]
    public async Task The_queryables_page_shows_each_type_with_its_format_or_items()
    {
        string html = await _client.GetStringAsync("/api/collections/points/queryables?f=html");

        Assert.Contains("<td><code>tags</code></td><td>array of string</td>", html);
        Assert.Contains("<td><code>status</code></td><td>string</td>", html);
    }

    [Fact]
    public async Task OpenApi_document_is_version_3_0_and_describes_every_route()
    {
        var response = await _client.GetAsync("/api/openapi.json");
        var doc = await HttpAssert.JsonAsync(response, "application/vnd.oai.openapi+json");

        Assert.StartsWith("3.0", doc.GetProperty("openapi").GetString());
        var paths = doc.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToArray();
        foreach (var path in new[] { "/", "/conformance", "/collections", "/collections/{collectionId}", "/collections/{collectionId}/items",
                     "/collections/{collectionId}/items/{featureId}", "/collections/{collectionId}/queryables" })
            Assert.Contains(path, paths);
        var items = doc.GetProperty("paths").GetProperty("/collections/{collectionId}/items").GetProperty("get");
        var parameterNames = items.GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString()).ToArray();
        Assert.Contains("bbox", parameterNames);
        Assert.Contains("status", parameterNames);
    }

    [Fact]
    public async Task OpenApi_document_is_structurally_valid()
    {
        var doc = await HttpAssert.JsonAsync(await _client.GetAsync("/api/openapi.json"), "application/vnd.oai.openapi+json");

        var schemes = doc.GetProperty("components").GetProperty("securitySchemes");
        foreach (var path in doc.GetProperty("paths").EnumerateObject())
        {
            Assert.DoesNotContain("*", path.Name);
            var templated = System.Text.RegularExpressions.Regex.Matches(path.Name, @"\{([^}]+)\}").Select(m => m.Groups[1].Value).ToHashSet();
            foreach (var operation in path.Value.EnumerateObject())
            {
                var parameters = operation.Value.GetProperty("parameters").EnumerateArray().ToArray();
                var declared = parameters.Where(p => p.GetProperty("in").GetString() == "path").Select(p => p.GetProperty("name").GetString()!).ToHashSet();
                Assert.True(templated.SetEquals(declared), $"{operation.Name} {path.Name}: path parameters {string.Join(",", declared)}");
                var names = parameters.Select(p => p.GetProperty("in").GetString() + ":" + p.GetProperty("name").GetString()).ToArray();
                Assert.Equal(names.Length, names.Distinct().Count());
                Assert.False(string.IsNullOrEmpty(operation.Value.GetProperty("operationId").GetString()));
                if (operation.Value.TryGetProperty("security", out var security))
                    foreach (var requirement in security.EnumerateArray())
                        foreach (var scheme in requirement.EnumerateObject())
                            Assert.True(schemes.TryGetProperty(scheme.Name, out _), $"undefined security scheme {scheme.Name}");
            }
        }
        Assert.True(doc.GetProperty("paths").GetProperty("/analysis/nearest").GetProperty("post").TryGetProperty("requestBody", out _));
        Assert.DoesNotContain(doc.GetProperty("paths").GetProperty("/tiles/{collectionId}.json").GetProperty("get").GetProperty("parameters").EnumerateArray(),
            p => p.GetProperty("name").GetString() == "f");
    }

    [Theory]
    [InlineData("/api")]
    [InlineData("/api/collections")]
    [InlineData("/api/collections/points")]
    [InlineData("/api/collections/points/items?limit=5")]
    [InlineData("/api/collections/points/items/p-0001")]
    [InlineData("/api/collections/points/queryables")]
    public async Task Html_is_served_to_browsers_with_security_headers(string url)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");

        var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Contains("<html", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_landing_page_links_the_viewer_by_its_full_path()
    {
        string html = await _client.GetStringAsync("/api?f=html");

        Assert.Contains("href=\"http://localhost/api/viewer\"", html);
    }

    [Fact]
    public async Task Html_items_page_shows_the_same_features_as_json()
    {
        string html = await _client.GetStringAsync("/api/collections/points/items?limit=3&f=html");
        var json = await HttpAssert.JsonAsync(await _client.GetAsync("/api/collections/points/items?limit=3"), "application/geo+json");

        foreach (var feature in json.GetProperty("features").EnumerateArray())
            Assert.Contains(feature.GetProperty("properties").GetProperty("name").GetString()!, html);
        Assert.Contains("rel=\"next\"", html);
    }

    [Theory]
    [InlineData("/api")]
    [InlineData("/api/conformance")]
    [InlineData("/api/openapi.json")]
    [InlineData("/api/collections")]
    [InlineData("/api/collections/points")]
    [InlineData("/api/collections/points/queryables")]
    public async Task Metadata_answers_304_when_the_etag_matches(string url)
    {
        var first = await _client.GetAsync(url);
        var etag = first.Headers.ETag!;

        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.IfNoneMatch.Add(etag);
        var second = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
        Assert.Empty(await second.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Reads_are_open_to_any_origin()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/collections");
        request.Headers.Add("Origin", "https://planner.example.org");

        var response = await _client.SendAsync(request);

        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
    }

    [Theory]
    [InlineData("/api/collections/nope", HttpStatusCode.NotFound)]
    [InlineData("/api/collections/nope/items", HttpStatusCode.NotFound)]
    [InlineData("/api/collections/points/items/no-such-feature", HttpStatusCode.NotFound)]
    [InlineData("/api/no/such/route", HttpStatusCode.NotFound)]
    [InlineData("/api/collections?f=xml", HttpStatusCode.BadRequest)]
    [InlineData("/api/collections?colour=red", HttpStatusCode.BadRequest)]
    [InlineData("/api/conformance?f=json&f=html", HttpStatusCode.BadRequest)]
    public async Task Bad_requests_get_a_problem_that_says_what_is_wrong(string url, HttpStatusCode status)
    {
        await HttpAssert.ProblemAsync(await _client.GetAsync(url), status);
    }

    [Fact]
    public async Task An_accept_header_naming_only_unsupported_types_is_406()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/collections");
        request.Headers.Add("Accept", "image/png");

        string detail = await HttpAssert.ProblemAsync(await _client.SendAsync(request), HttpStatusCode.NotAcceptable);

        Assert.Contains("image/png", detail);
    }
}
