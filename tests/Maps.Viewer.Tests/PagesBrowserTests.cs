using System.Text.Json;
using Maps.Viewer.Tests.Support;

namespace Maps.Viewer.Tests;

/// <summary>
/// The HTML pages in a real browser (headless Chromium), standalone and through the Functions host:
/// they load without console errors or failed requests under their Content-Security-Policy, and their
/// maps draw the layer: the collection page from its vector tiles, the items page exactly the
/// features its JSON alternate holds, the item page its one feature.
/// </summary>
public abstract class PagesBrowserTests(PagesSession session)
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromMinutes(3) };

    private JsonElement Page(string name)
    {
        if (session.Report.TryGetProperty("fatal", out var fatal))
            Assert.Fail("The browser check could not run: " + fatal.GetString() + "\nWhat the page reported before: " + session.RawReport);
        var page = session.Report.GetProperty("pages").GetProperty(name);
        if (page.TryGetProperty("error", out var error))
            Assert.Fail($"{name}: {error.GetString()}");
        return page;
    }

    [Theory]
    [InlineData("landing")]
    [InlineData("collection")]
    [InlineData("items")]
    [InlineData("item")]
    [InlineData("processes")]
    [InlineData("process")]
    [InlineData("jobs")]
    [InlineData("countries")]
    [InlineData("country")]
    public void The_page_loads_with_no_console_errors_page_errors_or_failed_requests_under_its_csp(string name)
    {
        var page = Page(name);

        Assert.Equal(200, page.GetProperty("status").GetInt32());
        Assert.True(page.GetProperty("consoleErrors").GetArrayLength() == 0, "console errors: " + page.GetProperty("consoleErrors"));
        Assert.True(page.GetProperty("pageErrors").GetArrayLength() == 0, "page errors: " + page.GetProperty("pageErrors"));
        Assert.True(page.GetProperty("failedRequests").GetArrayLength() == 0, "failed requests: " + page.GetProperty("failedRequests"));
        var headers = page.GetProperty("headers");
        Assert.Contains("script-src 'self'", headers.GetProperty("content-security-policy").GetString());
        Assert.Equal("nosniff", headers.GetProperty("x-content-type-options").GetString());
        Assert.Equal("DENY", headers.GetProperty("x-frame-options").GetString());
    }

    [Fact]
    public void The_collection_page_draws_the_layer_from_its_tiles()
    {
        var page = Page("collection");
        var map = page.GetProperty("map");

        Assert.Contains("fibre-links--operational", map.GetProperty("layers").EnumerateArray().Select(l => l.GetString()));
        Assert.True(map.GetProperty("rendered").GetInt32() > 100, "rendered features: " + map);
        // Measured about 4,500 of 445,000 map pixels in the fibre colour; a blank or mis-styled layer gives 0.
        Assert.True(page.GetProperty("pixels").GetProperty("layer").GetInt32() > 1000, "fibre pixels: " + page.GetProperty("pixels"));
    }

    [Fact]
    public void The_country_page_draws_the_backbone_and_schools_from_their_tiles_fitted_to_the_country()
    {
        var page = Page("country");
        var map = page.GetProperty("map");
        var bounds = map.GetProperty("bounds");
        var layers = map.GetProperty("layers").EnumerateArray().Select(l => l.GetString()!).ToArray();

        Assert.Contains("fibre-links--operational", layers);
        Assert.Contains(layers, l => l.StartsWith("mali-schools", StringComparison.Ordinal));
        Assert.True(page.GetProperty("pixels").GetProperty("layer").GetInt32() > 1000, "fibre pixels: " + page.GetProperty("pixels"));
        // Mali lies within about 12.2°W–4.3°E: the view is fitted to it, not to the whole layer.
        Assert.InRange(bounds[0][0].GetDouble(), -18, -10);
        Assert.InRange(bounds[1][0].GetDouble(), 2, 9);
    }

    [Fact]
    public async Task The_items_page_draws_exactly_the_features_of_its_json_alternate()
    {
        var page = Page("items");
        using var json = JsonDocument.Parse(await Http.GetStringAsync($"{session.Handler.ApiRoot}/collections/transmission-nodes/items?{PagesSession.ItemsQuery}"));
        int returned = json.RootElement.GetProperty("numberReturned").GetInt32();
        var map = page.GetProperty("map");

        Assert.Equal(returned, map.GetProperty("features").GetInt32());
        Assert.True(map.GetProperty("rendered").GetInt32() >= returned * 9 / 10, "rendered: " + map);
        Assert.True(page.GetProperty("pixels").GetProperty("layer").GetInt32() > 300, "node pixels: " + page.GetProperty("pixels"));
    }

    [Fact]
    public async Task The_item_page_draws_its_feature_in_view()
    {
        var page = Page("item");
        using var feature = JsonDocument.Parse(await Http.GetStringAsync($"{session.Handler.ApiRoot}/collections/fibre-links/items/{Uri.EscapeDataString(session.ItemId)}"));
        var geometry = feature.RootElement.GetProperty("geometry");
        var coordinates = geometry.GetProperty("coordinates");
        var first = geometry.GetProperty("type").GetString() == "LineString" ? coordinates[0] : coordinates[0][0];
        var map = page.GetProperty("map");
        var bounds = map.GetProperty("bounds");

        Assert.Equal(1, map.GetProperty("features").GetInt32());
        Assert.True(map.GetProperty("rendered").GetInt32() >= 1, "the feature is not drawn: " + map); // once per tile it crosses
        Assert.InRange(first[0].GetDouble(), bounds[0][0].GetDouble(), bounds[1][0].GetDouble());
        Assert.InRange(first[1].GetDouble(), bounds[0][1].GetDouble(), bounds[1][1].GetDouble());
        Assert.True(page.GetProperty("pixels").GetProperty("layer").GetInt32() > 100, "fibre pixels: " + page.GetProperty("pixels"));
    }
}

public sealed class PagesStandaloneTests(StandalonePagesSession session) : PagesBrowserTests(session), IClassFixture<StandalonePagesSession>;

public sealed class PagesFunctionsHostTests(FunctionsHostPagesSession session) : PagesBrowserTests(session), IClassFixture<FunctionsHostPagesSession>;
