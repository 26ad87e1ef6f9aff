using System.Net;
using System.Text.Json;
using Maps.Functions.Tests.Support;

namespace Maps.Functions.Tests;

public sealed class OgcItemsTests(MapsApiFactory factory) : IClassFixture<MapsApiFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    private sealed record SourcePoint(string Id, double Lon, double Lat, string Status, string Country, int Year);

    /// <summary>The synthetic points read straight from the file, for brute-force expectations.</summary>
    private IReadOnlyList<SourcePoint> SourcePoints()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(factory.DataDirectory, "points" + SyntheticLayers.SourceSuffix)));
        return doc.RootElement.GetProperty("features").EnumerateArray().Select(f =>
        {
            var c = f.GetProperty("geometry").GetProperty("coordinates");
            var p = f.GetProperty("properties");
            return new SourcePoint(f.GetProperty("id").GetString()!, c[0].GetDouble(), c[1].GetDouble(),
                p.GetProperty("status").GetString()!, p.GetProperty("country").GetString()!, p.GetProperty("data_year").GetInt32());
        }).ToArray();
    }

    private async Task<JsonElement> ItemsAsync(string url) =>
        await HttpAssert.JsonAsync(await _client.GetAsync(url), "application/geo+json");

    private async Task<List<string>> AllIdsAsync(string url)
    {
        var ids = new List<string>();
        string? next = url;
        while (next is not null)
        {
            var page = await ItemsAsync(next);
            ids.AddRange(page.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("id").GetString()!));
            next = page.GetProperty("links").EnumerateArray()
                .Where(l => l.GetProperty("rel").GetString() == "next")
                .Select(l => new Uri(l.GetProperty("href").GetString()!).PathAndQuery)
                .FirstOrDefault();
        }
        return ids;
    }

    [Theory]
    [InlineData(-10.0, -10.0, 20.0, 15.0)]
    [InlineData(100.0, 40.0, 140.0, 80.0)]
    [InlineData(170.0, -30.0, -170.0, 30.0)] // crosses the antimeridian
    [InlineData(-180.0, -90.0, 180.0, 90.0)]
    public async Task Bbox_selects_exactly_the_points_inside_it(double west, double south, double east, double north)
    {
        var expected = SourcePoints()
            .Where(p => p.Lat >= south && p.Lat <= north && (west <= east ? p.Lon >= west && p.Lon <= east : p.Lon >= west || p.Lon <= east))
            .Select(p => p.Id).Order(StringComparer.Ordinal).ToList();

        var ids = await AllIdsAsync($"/api/collections/points/items?limit=10000&bbox={west},{south},{east},{north}");

        Assert.Equal(expected, ids);
        Assert.NotEmpty(expected);
    }

    [Fact]
    public async Task Bbox_tests_line_geometry_not_just_its_envelope()
    {
        var page = await ItemsAsync("/api/collections/lines/items?bbox=2,-1,4,1");

        Assert.Equal(0, page.GetProperty("numberMatched").GetInt32());
    }

    [Fact]
    public async Task An_antimeridian_box_finds_the_cable_split_at_180()
    {
        var page = await ItemsAsync("/api/collections/lines/items?bbox=175,-20,-175,0");

        Assert.Equal(["cable-pacific"], page.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task Following_next_links_yields_every_matching_feature_exactly_once()
    {
        var expected = SourcePoints().Where(p => p.Status == "planned").Select(p => p.Id).Order(StringComparer.Ordinal).ToList();

        var ids = await AllIdsAsync("/api/collections/points/items?limit=37&status=planned");

        Assert.Equal(expected, ids);
    }

    [Fact]
    public async Task Unfiltered_paging_also_yields_every_feature_exactly_once()
    {
        var expected = SourcePoints().Select(p => p.Id).Order(StringComparer.Ordinal).ToList();

        var ids = await AllIdsAsync("/api/collections/points/items?limit=37");

        Assert.Equal(expected, ids);
    }

    [Fact]
    public async Task Pages_report_number_matched_and_number_returned()
    {
        var page = await ItemsAsync("/api/collections/points/items?limit=7&country=KEN");

        Assert.Equal(SourcePoints().Count(p => p.Country == "KEN"), page.GetProperty("numberMatched").GetInt32());
        Assert.Equal(7, page.GetProperty("numberReturned").GetInt32());
        Assert.Equal(7, page.GetProperty("features").GetArrayLength());
    }

    [Fact]
    public async Task Limit_defaults_to_100()
    {
        var page = await ItemsAsync("/api/collections/points/items");

        Assert.Equal(100, page.GetProperty("numberReturned").GetInt32());
    }

    [Theory]
    [InlineData("20000")]
    [InlineData("99999999999999999999")]
    public async Task A_large_limit_is_clamped_not_rejected(string limit)
    {
        var page = await ItemsAsync($"/api/collections/points/items?limit={limit}");

        Assert.Equal(SyntheticLayers.PointCount, page.GetProperty("numberReturned").GetInt32());
    }

    [Theory]
    [InlineData("limit=0")]
    [InlineData("limit=-1")]
    [InlineData("limit=abc")]
    [InlineData("limit=1.5")]
    [InlineData("limit=")]
    [InlineData("bbox=1,2,3")]
    [InlineData("bbox=a,b,c,d")]
    [InlineData("bbox=0,10,5,5")]
    [InlineData("bbox=0,-95,5,5")]
    [InlineData("bbox=NaN,0,1,1")]
    [InlineData("datetime=yesterday")]
    [InlineData("datetime=../..")]
    [InlineData("datetime=2020-01-01/2019-01-01")]
    [InlineData("properties=nope")]
    [InlineData("operator=x")]
    [InlineData("bbox-crs=EPSG:3857")]
    [InlineData("status=bogus")]
    public async Task Malformed_or_unknown_item_parameters_are_400(string query)
    {
        string detail = await HttpAssert.ProblemAsync(await _client.GetAsync($"/api/collections/points/items?{query}"), HttpStatusCode.BadRequest);

        Assert.Contains(query.Split('=')[0], detail);
    }

    [Theory]
    [InlineData("2010-01-01T00:00:00Z/2012-12-31T23:59:59Z", 2010, 2012)]
    [InlineData("2015-06-01", 2015, 2015)]
    [InlineData("../2003-01-01T00:00:00Z", 0, 2003)]
    [InlineData("2022-02-01T00:00:00Z/..", 2022, 9999)]
    public async Task Datetime_selects_features_whose_year_overlaps_the_interval(string datetime, int fromYear, int toYear)
    {
        var expected = SourcePoints().Where(p => p.Year >= fromYear && p.Year <= toYear).Select(p => p.Id).Order(StringComparer.Ordinal).ToList();

        var ids = await AllIdsAsync($"/api/collections/points/items?limit=10000&datetime={Uri.EscapeDataString(datetime)}");

        Assert.Equal(expected, ids);
    }

    [Fact]
    public async Task Property_filters_combine_with_and()
    {
        var expected = SourcePoints().Where(p => p.Status == "operational" && p.Country == "NGA").Select(p => p.Id).ToList();

        var ids = await AllIdsAsync("/api/collections/points/items?limit=10000&status=operational&country=nga");

        Assert.Equal(expected, ids);
    }

    [Fact]
    public async Task A_filter_on_an_array_property_matches_any_element()
    {
        var page = await ItemsAsync("/api/collections/points/items?tags=even&limit=1");

        Assert.Equal(SyntheticLayers.PointCount / 2, page.GetProperty("numberMatched").GetInt32());
    }

    [Fact]
    public async Task Properties_selects_the_returned_properties()
    {
        var page = await ItemsAsync("/api/collections/points/items?limit=3&properties=name,status");

        foreach (var feature in page.GetProperty("features").EnumerateArray())
        {
            Assert.Equal(["name", "status"], feature.GetProperty("properties").EnumerateObject().Select(p => p.Name));
            Assert.Equal("Point", feature.GetProperty("geometry").GetProperty("type").GetString());
        }
    }

    [Fact]
    public async Task A_single_feature_is_served_with_its_links()
    {
        var feature = await ItemsAsync("/api/collections/points/items/p-0042");

        Assert.Equal("p-0042", feature.GetProperty("id").GetString());
        Assert.Equal("Node 42", feature.GetProperty("properties").GetProperty("name").GetString());
        Assert.Contains(feature.GetProperty("links").EnumerateArray(), l => l.GetProperty("rel").GetString() == "collection");
    }

    [Fact]
    public async Task Items_answer_304_for_the_same_query_and_200_for_another()
    {
        var first = await _client.GetAsync("/api/collections/points/items?limit=5");

        var same = new HttpRequestMessage(HttpMethod.Get, "/api/collections/points/items?limit=5");
        same.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        var other = new HttpRequestMessage(HttpMethod.Get, "/api/collections/points/items?limit=6");
        other.Headers.IfNoneMatch.Add(first.Headers.ETag!);

        Assert.Equal(HttpStatusCode.NotModified, (await _client.SendAsync(same)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _client.SendAsync(other)).StatusCode);
    }

    [Fact]
    public async Task Head_returns_the_headers_without_a_body()
    {
        var response = await _client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/api/collections/points/items"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotNull(response.Headers.ETag);
    }

    [Theory]
    [InlineData("/api/collections/points/items?limit=2&crs=http://www.opengis.net/def/crs/OGC/1.3/CRS84")]
    [InlineData("/api/collections/points/items/p-0001?crs=http://www.opengis.net/def/crs/OGC/1.3/CRS84")]
    public async Task The_crs_parameter_names_CRS84_as_gdal_sends_it_and_responses_say_their_crs(string url)
    {
        var response = await _client.GetAsync(url);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("<http://www.opengis.net/def/crs/OGC/1.3/CRS84>", response.Headers.GetValues("Content-Crs").Single());
    }

    [Theory]
    [InlineData("/api/collections/points/items?crs=http://www.opengis.net/def/crs/EPSG/0/3857")]
    [InlineData("/api/collections/points/items/p-0001?crs=EPSG:4326")]
    [InlineData("/api/extracts/points.geojson?crs=EPSG:4326")]
    public async Task Another_crs_is_a_400_that_names_the_parameter(string url)
    {
        string detail = await HttpAssert.ProblemAsync(await _client.GetAsync(url), HttpStatusCode.BadRequest);

        Assert.Contains("crs=http://www.opengis.net/def/crs/OGC/1.3/CRS84", detail);
    }
}
