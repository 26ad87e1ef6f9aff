using System.Net;
using System.Text.Json;
using Maps.Functions.Tests.Support;

namespace Maps.Functions.Tests;

/// <summary>
/// CQL2 filters and sortby through the HTTP API (items, extracts, tiles) on the synthetic points,
/// checked against the source file read directly.
/// </summary>
public sealed class OgcFilterTests(MapsApiFactory factory) : IClassFixture<MapsApiFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    private sealed record SourcePoint(string Id, double Lon, double Lat, string Name, string Status, string Country, int Year, string[] Tags);

    private IReadOnlyList<SourcePoint> SourcePoints()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(factory.DataDirectory, "points" + SyntheticLayers.SourceSuffix)));
        return doc.RootElement.GetProperty("features").EnumerateArray().Select(f =>
        {
            var c = f.GetProperty("geometry").GetProperty("coordinates");
            var p = f.GetProperty("properties");
            return new SourcePoint(f.GetProperty("id").GetString()!, c[0].GetDouble(), c[1].GetDouble(), p.GetProperty("name").GetString()!,
                p.GetProperty("status").GetString()!, p.GetProperty("country").GetString()!, p.GetProperty("data_year").GetInt32(),
                p.GetProperty("tags").EnumerateArray().Select(t => t.GetString()!).ToArray());
        }).ToArray();
    }

    private static string Q(string value) => Uri.EscapeDataString(value);

    /// <summary>Every feature's id from following next links, and the numberMatched of each page.</summary>
    private async Task<(List<string> Ids, HashSet<int> Matched)> WalkAsync(string url)
    {
        var ids = new List<string>();
        var matched = new HashSet<int>();
        string? next = url;
        while (next is not null)
        {
            var page = await HttpAssert.JsonAsync(await _client.GetAsync(next), "application/geo+json");
            matched.Add(page.GetProperty("numberMatched").GetInt32());
            ids.AddRange(page.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("id").GetString()!));
            next = page.GetProperty("links").EnumerateArray().Where(l => l.GetProperty("rel").GetString() == "next")
                .Select(l => new Uri(l.GetProperty("href").GetString()!).PathAndQuery).FirstOrDefault();
        }
        return (ids, matched);
    }

    [Fact]
    public async Task A_text_filter_pages_through_exactly_the_matching_features()
    {
        var expected = SourcePoints().Where(p => p.Status == "planned" && p.Year >= 2010 && p.Lon > 0).Select(p => p.Id).Order(StringComparer.Ordinal).ToList();

        var (ids, matched) = await WalkAsync($"/api/collections/points/items?limit=23&filter={Q("status = 'planned' AND data_year >= 2010 AND S_INTERSECTS(geometry, BBOX(0,-90,180,90))")}");

        Assert.Equal(expected, ids);
        Assert.Equal([expected.Count], matched);
        Assert.True(expected.Count > 23);
    }

    [Fact]
    public async Task Cql2_json_means_what_the_same_text_means()
    {
        string json = """{"op":"and","args":[{"op":"like","args":[{"property":"name"},"Node 1%"]},{"op":"a_contains","args":[{"property":"tags"},["even"]]}]}""";
        var expected = SourcePoints().Where(p => p.Name.StartsWith("Node 1") && p.Tags.Contains("even")).Select(p => p.Id).Order(StringComparer.Ordinal).ToList();

        var (fromJson, _) = await WalkAsync($"/api/collections/points/items?limit=1000&filter-lang=cql2-json&filter={Q(json)}");
        var (fromText, _) = await WalkAsync($"/api/collections/points/items?limit=1000&filter={Q("name LIKE 'Node 1%' AND A_CONTAINS(tags, ('even'))")}");

        Assert.Equal(expected, fromJson);
        Assert.Equal(expected, fromText);
        Assert.NotEmpty(expected);
    }

    [Fact]
    public async Task Filter_bbox_datetime_and_equality_parameters_combine_by_and()
    {
        var expected = SourcePoints()
            .Where(p => p.Country == "KEN" && p.Lat >= -40 && p.Lat <= 40 && p.Year is >= 2005 and <= 2015 && p.Name.EndsWith('7'))
            .Select(p => p.Id).Order(StringComparer.Ordinal).ToList();

        var (ids, _) = await WalkAsync($"/api/collections/points/items?limit=5&country=KEN&bbox=-180,-40,180,40&datetime=2005-01-01/2015-12-31&filter={Q("name LIKE '%7'")}");

        Assert.Equal(expected, ids);
        Assert.NotEmpty(expected);
    }

    [Fact]
    public async Task Sortby_with_a_filter_walks_every_match_once_in_order()
    {
        var expected = SourcePoints().Where(p => p.Status != "unknown")
            .OrderByDescending(p => p.Year).ThenBy(p => p.Name, StringComparer.Ordinal).ThenBy(p => p.Id, StringComparer.Ordinal)
            .Select(p => p.Id).ToList();

        var (ids, matched) = await WalkAsync($"/api/collections/points/items?limit=41&sortby=-data_year,name&filter={Q("status <> 'unknown'")}");

        Assert.Equal(expected, ids);
        Assert.Equal([expected.Count], matched);
    }

    [Fact]
    public async Task The_next_cursor_is_opaque_and_bound_to_its_sort()
    {
        var page = await HttpAssert.JsonAsync(await _client.GetAsync("/api/collections/points/items?limit=3&sortby=name"), "application/geo+json");
        string next = page.GetProperty("links").EnumerateArray().Single(l => l.GetProperty("rel").GetString() == "next").GetProperty("href").GetString()!;
        string cursor = Uri.UnescapeDataString(next[(next.IndexOf("after=", StringComparison.Ordinal) + 6)..].Split('&')[0]);
        Assert.DoesNotContain("p-", cursor);

        string detail = await HttpAssert.ProblemAsync(await _client.GetAsync($"/api/collections/points/items?sortby=-name&after={Q(cursor)}"), HttpStatusCode.BadRequest);
        Assert.Contains("sortby='name'", detail);
    }

    [Theory]
    [InlineData("filter=status%20%3D", "position 9")]
    [InlineData("filter=nope%20%3D%201", "'nope' is not a queryable")]
    [InlineData("filter=data_year%20%3D%20'x'", "same type")]
    [InlineData("filter=S_INTERSECTS(geometry%2C%203)", "geometr")]
    [InlineData("filter=geometry%20%3E%20POINT(1%202)", "orders numbers")]
    [InlineData("filter=tags%20BETWEEN%20('a'%2C'b')%20AND%20('c'%2C'd')", "orders numbers")]
    [InlineData("filter-lang=sql&filter=true", "cql2-text")]
    [InlineData("filter-crs=EPSG:3857&filter=true", "CRS84")]
    [InlineData("filter-lang=cql2-json&filter=%7B%22op%22", "JSON")]
    [InlineData("filter-lang=cql2-json", "need a 'filter'")]
    [InlineData("sortby=tags", "not a sortable")]
    [InlineData("sortby=nope", "not a sortable")]
    [InlineData("after=%21%21", "not a cursor")]
    public async Task Bad_filters_and_sorts_are_400s_that_say_what_is_wrong(string query, string expected)
    {
        string url = $"/api/collections/points/items?{query}";
        if (query.StartsWith("after="))
            url += "&sortby=name";

        string detail = await HttpAssert.ProblemAsync(await _client.GetAsync(url), HttpStatusCode.BadRequest);

        Assert.Contains(expected, detail);
    }

    [Fact]
    public async Task Filter_crs_may_name_crs84()
    {
        var page = await HttpAssert.JsonAsync(await _client.GetAsync(
            $"/api/collections/points/items?filter-crs={Q("http://www.opengis.net/def/crs/OGC/1.3/CRS84")}&filter={Q("S_INTERSECTS(geometry, POLYGON((0 0, 40 0, 40 40, 0 0)))")}"), "application/geo+json");

        int expected = SourcePoints().Count(p => p.Lon >= 0 && p.Lat >= 0 && p.Lat <= p.Lon && p.Lon <= 40);
        Assert.Equal(expected, page.GetProperty("numberMatched").GetInt32());
    }

    [Fact]
    public async Task An_extract_holds_the_filtered_features()
    {
        int expected = SourcePoints().Count(p => p.Status == "operational" && p.Year < 2003);

        string csv = await (await _client.GetAsync($"/api/extracts/points.csv?filter={Q("status = 'operational' AND data_year < 2003")}")).Content.ReadAsStringAsync();

        Assert.Equal(expected, csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length - 1);
        Assert.True(expected > 10);
    }

    [Fact]
    public async Task A_filtered_tile_is_the_tile_or_nothing()
    {
        var whole = await _client.GetAsync("/api/collections/points/tiles/WebMercatorQuad/0/0/0");
        var everything = await _client.GetAsync($"/api/collections/points/tiles/WebMercatorQuad/0/0/0?filter={Q("data_year > 1900")}");
        var nothing = await _client.GetAsync($"/api/collections/points/tiles/WebMercatorQuad/0/0/0?filter={Q("status = 'none'")}");
        var some = await _client.GetAsync($"/api/collections/points/tiles/WebMercatorQuad/0/0/0?filter={Q("status = 'planned'")}");

        byte[] wholeBytes = await whole.Content.ReadAsByteArrayAsync();
        Assert.Equal(wholeBytes, await everything.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.NoContent, nothing.StatusCode);
        Assert.Equal(HttpStatusCode.OK, some.StatusCode);
        Assert.True((await some.Content.ReadAsByteArrayAsync()).Length < wholeBytes.Length);
        Assert.NotEqual(whole.Headers.ETag, some.Headers.ETag);
    }

    [Fact]
    public async Task Sortables_list_the_scalar_queryables()
    {
        var doc = await HttpAssert.JsonAsync(await _client.GetAsync("/api/collections/points/sortables"), "application/schema+json");

        var names = doc.GetProperty("properties").EnumerateObject().Select(p => p.Name).ToHashSet();
        Assert.Superset(new HashSet<string> { "name", "status", "country", "data_year" }, names);
        Assert.DoesNotContain("tags", names);
        Assert.DoesNotContain("geometry", names);
    }

    [Fact]
    public async Task OpenApi_documents_filter_sortby_and_the_page_size_maximum()
    {
        var doc = await HttpAssert.JsonAsync(await _client.GetAsync("/api/openapi.json"), "application/vnd.oai.openapi+json");
        JsonElement Parameter(string path, string name) => doc.GetProperty("paths").GetProperty(path).GetProperty("get").GetProperty("parameters")
            .EnumerateArray().Single(p => p.GetProperty("name").GetString() == name);

        foreach (string name in new[] { "filter", "filter-lang", "filter-crs", "sortby" })
            Assert.Equal("query", Parameter("/collections/{collectionId}/items", name).GetProperty("in").GetString());
        var languages = Parameter("/collections/{collectionId}/items", "filter-lang").GetProperty("schema").GetProperty("enum").EnumerateArray().Select(e => e.GetString());
        Assert.Superset(new HashSet<string?> { "cql2-text", "cql2-json" }, languages.ToHashSet());
        Assert.Equal(10_000, Parameter("/collections/{collectionId}/items", "limit").GetProperty("schema").GetProperty("maximum").GetInt32());
        Assert.Equal("query", Parameter("/collections/{collectionId}/tiles/WebMercatorQuad/{z}/{y}/{x}", "filter").GetProperty("in").GetString());
        Assert.Equal("query", Parameter("/extracts/{collectionId}.{format}", "filter").GetProperty("in").GetString());
    }

    [Fact]
    public async Task Conformance_declares_cql2_and_sorting()
    {
        var doc = await HttpAssert.JsonAsync(await _client.GetAsync("/api/conformance"));
        var classes = doc.GetProperty("conformsTo").EnumerateArray().Select(c => c.GetString()!).ToHashSet();

        foreach (string name in new[] { "basic-cql2", "advanced-comparison-operators", "case-insensitive-comparison", "accent-insensitive-comparison",
                     "basic-spatial-functions", "basic-spatial-functions-plus", "spatial-functions", "temporal-functions", "array-functions",
                     "property-property", "arithmetic", "cql2-text", "cql2-json" })
            Assert.Contains($"http://www.opengis.net/spec/cql2/1.0/conf/{name}", classes);
        Assert.Contains("http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/features-filter", classes);
        Assert.Contains("http://www.opengis.net/spec/ogcapi-features-8/1.0/conf/sorting", classes);
        Assert.DoesNotContain("http://www.opengis.net/spec/cql2/1.0/conf/functions", classes);
    }
}
