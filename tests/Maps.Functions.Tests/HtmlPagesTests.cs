using System.Net;
using System.Text.RegularExpressions;
using Maps.Functions.Tests.Support;

namespace Maps.Functions.Tests;

/// <summary>
/// What the HTML pages hold for the map script and for people (markup only: the browser tests in
/// tests/Maps.Viewer.Tests draw them): the map element with the right source, coordinates on an
/// item page, the ways to get a collection's data, and a home page that leads with the viewer.
/// </summary>
public sealed partial class HtmlPagesTests(MapsApiFactory factory) : IClassFixture<MapsApiFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    private async Task<string> HtmlAsync(string url)
    {
        var response = await _client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("script-src 'self'", response.Headers.GetValues("Content-Security-Policy").Single());
        string html = await response.Content.ReadAsStringAsync();
        Assert.DoesNotMatch(InlineScript(), html); // the CSP would block it
        return html;
    }

    [Fact]
    public async Task A_collection_page_maps_the_layer_from_its_tiles_and_lists_every_download()
    {
        string html = await HtmlAsync("/api/collections/lines?f=html");
        var collection = await HttpAssert.JsonAsync(await _client.GetAsync("/api/collections/lines"));
        var bbox = collection.GetProperty("extent").GetProperty("spatial").GetProperty("bbox")[0].EnumerateArray()
            .Select(v => v.GetDouble().ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.Contains("<script type=\"module\" src=\"/api/viewer/page-map.js\"></script>", html);
        Assert.Matches("<div id=\"page-map\"[^>]*data-collection=\"lines\"[^>]*data-tilejson=\"/api/tiles/lines.json\"", html);
        // The collection's extent as its JSON gives it (the synthetic lines cross ±180°).
        Assert.Contains($"data-bounds=\"{string.Join(',', bbox)}\"", html);
        foreach (string format in new[] { "geojson", "geojsonseq", "csv", "gpkg" })
            Assert.Contains($"href=\"http://localhost/api/extracts/lines.{format}\"", html);
        Assert.Contains("href=\"http://localhost/api/collections/lines/tiles/WebMercatorQuad\"", html);
        Assert.Contains("href=\"http://localhost/api/viewer?show=lines\"", html);
    }

    [Fact]
    public async Task An_items_page_maps_its_own_features_from_its_json_alternate()
    {
        string html = await HtmlAsync("/api/collections/points/items?limit=3&country=GHA&f=html");

        var map = MapElement().Match(html);
        Assert.True(map.Success, "no #page-map");
        string features = WebUtility.HtmlDecode(Attribute(map.Value, "data-features"));
        var json = await HttpAssert.JsonAsync(await _client.GetAsync("/api/collections/points/items" + features), "application/geo+json");
        var ids = json.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("id").GetString()!).ToArray();
        Assert.Equal(3, ids.Length);
        Assert.All(ids, id => Assert.Contains($">{id}</a>", html));
        Assert.Contains("f=json", features);
        Assert.Contains("country=GHA", features);
    }

    [Fact]
    public async Task An_items_page_has_a_filter_form_that_keeps_the_other_parameters()
    {
        string html = await HtmlAsync("/api/collections/points/items?limit=3&country=GHA&sortby=-name&filter=" + Uri.EscapeDataString("name LIKE 'Node 1%' AND data_year > 2010") + "&f=html");

        var form = Regex.Match(html, "<form class=\"filter\"[^>]*>(.*?)</form>", RegexOptions.Singleline);
        Assert.True(form.Success, "no filter form");
        Assert.Contains("action=\"http://localhost/api/collections/points/items\"", form.Value);
        Assert.Contains("name=\"filter\" size=\"60\" value=\"name LIKE &#39;Node 1%&#39; AND data_year &gt; 2010\"", form.Value);
        Assert.Contains("name=\"sortby\" value=\"-name\"", form.Value);
        Assert.Contains("<input type=\"hidden\" name=\"country\" value=\"GHA\">", form.Value);
        Assert.Contains("<input type=\"hidden\" name=\"limit\" value=\"3\">", form.Value);
        Assert.DoesNotContain("name=\"after\"", form.Value);
        var json = await HttpAssert.JsonAsync(await _client.GetAsync("/api/collections/points/items?limit=3&country=GHA&sortby=-name&filter=" + Uri.EscapeDataString("name LIKE 'Node 1%' AND data_year > 2010")), "application/geo+json");
        Assert.All(json.GetProperty("features").EnumerateArray(), f => Assert.Contains($">{f.GetProperty("id").GetString()}</a>", html));
    }

    [Fact]
    public async Task An_items_page_without_matches_has_no_map()
    {
        string html = await HtmlAsync("/api/collections/points/items?bbox=0,0,0.0001,0.0001&f=html");

        Assert.DoesNotContain("id=\"page-map\"", html);
        Assert.Contains("No feature matches", html);
    }

    [Fact]
    public async Task An_item_page_shows_the_point_coordinates_and_maps_the_feature()
    {
        var feature = await HttpAssert.JsonAsync(await _client.GetAsync("/api/collections/points/items/p-0001"), "application/geo+json");
        var c = feature.GetProperty("geometry").GetProperty("coordinates");

        string html = await HtmlAsync("/api/collections/points/items/p-0001?f=html");

        string lon = c[0].GetDouble().ToString("0.#######", System.Globalization.CultureInfo.InvariantCulture);
        string lat = c[1].GetDouble().ToString("0.#######", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains($"data-lon=\"{lon}\" data-lat=\"{lat}\">{lon}, {lat}</span>", html);
        Assert.Contains("data-features=\"?f=json\"", html);
    }

    [Fact]
    public async Task A_line_item_page_gives_its_ends_bounding_box_and_wkt()
    {
        string html = await HtmlAsync("/api/collections/lines/items/line-africa?f=html");

        Assert.Contains("<dd class=\"coords\">3, 6</dd>", html);
        Assert.Contains("<dd class=\"coords\">8, 12</dd>", html);
        Assert.Contains("3 vertices", html);
        Assert.Contains("LINESTRING (3 6, 7 9, 8 12)", html);
    }

    [Fact]
    public async Task The_home_page_leads_with_the_viewer_and_lists_every_collection_without_raw_link_relations()
    {
        string html = await HtmlAsync("/api?f=html");
        var collections = await HttpAssert.JsonAsync(await _client.GetAsync("/api/collections"));

        int viewer = html.IndexOf("href=\"http://localhost/api/viewer\"", StringComparison.Ordinal);
        Assert.True(viewer > 0 && viewer < html.IndexOf("<h2>Layers</h2>", StringComparison.Ordinal), "the viewer card comes before the layer list");
        foreach (var collection in collections.GetProperty("collections").EnumerateArray())
            Assert.Contains($">{WebUtility.HtmlEncode(collection.GetProperty("title").GetString()!)}</a>", html);
        Assert.DoesNotContain("service-desc", html);
        Assert.DoesNotContain("application/vnd.oai.openapi", html);
    }

    private static string Attribute(string element, string name) =>
        Regex.Match(element, $"{name}=\"([^\"]*)\"").Groups[1].Value;

    [GeneratedRegex("<div id=\"page-map\"[^>]*>")]
    private static partial Regex MapElement();

    [GeneratedRegex("<script(?![^>]*\\bsrc=)[^>]*>")]
    private static partial Regex InlineScript();
}
