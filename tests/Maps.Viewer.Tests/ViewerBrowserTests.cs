using System.Globalization;
using System.Text.Json;
using Maps.Viewer.Tests.Support;

namespace Maps.Viewer.Tests;

/// <summary>
/// The viewer in a real browser (headless Chromium, one session for the class): it loads without
/// console errors, draws the layers over the country outlines, and in planner mode shows exactly
/// the nearest backbone and the profile the API gives for the clicked point. Screenshots land in
/// <c>bin/.../viewer-screenshots/&lt;mode&gt;/</c>. Run standalone and through the Functions host.
/// </summary>
public abstract class ViewerBrowserTests(ViewerSession session)
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(60) };

    private JsonElement Report
    {
        get
        {
            if (session.Report.TryGetProperty("fatal", out var fatal))
                Assert.Fail("The browser check could not run: " + fatal.GetString());
            return session.Report;
        }
    }

    [Fact]
    public void The_page_loads_with_no_console_errors_page_errors_or_failed_requests()
    {
        var report = Report;

        Assert.True(report.GetProperty("consoleErrors").GetArrayLength() == 0, "console errors: " + report.GetProperty("consoleErrors"));
        Assert.True(report.GetProperty("pageErrors").GetArrayLength() == 0, "page errors: " + report.GetProperty("pageErrors"));
        Assert.True(report.GetProperty("failedRequests").GetArrayLength() == 0, "failed requests: " + report.GetProperty("failedRequests"));
    }

    [Fact]
    public void The_map_opens_at_the_view_in_the_url_hash()
    {
        var load = Report.GetProperty("phases").GetProperty("load");
        var center = load.GetProperty("center");

        Assert.Equal(6, load.GetProperty("zoom").GetDouble(), 6);
        Assert.Equal(-1, center[0].GetDouble(), 6);
        Assert.Equal(9, center[1].GetDouble(), 6);
    }

    [Fact]
    public void Fibre_links_are_drawn_in_their_colour()
    {
        var pixels = Report.GetProperty("pixels");

        // Measured about 10,000 of 704,000 map pixels at this view; a blank or mis-styled layer gives 0.
        Assert.True(pixels.GetProperty("fibre").GetInt32() > 3000, "fibre-link pixels: " + pixels);
    }

    [Fact]
    public void Country_outlines_are_drawn_under_the_layers()
    {
        var pixels = Report.GetProperty("pixels");

        // The view is mostly land (Ghana, Togo, Burkina Faso, Côte d'Ivoire) with the Gulf of Guinea at the bottom.
        double share = pixels.GetProperty("country").GetDouble() / pixels.GetProperty("total").GetDouble();
        Assert.InRange(share, 0.4, 0.98);
    }

    [Fact]
    public void Every_collection_has_a_legend_toggle_and_schools_and_population_start_off()
    {
        var legend = Report.GetProperty("phases").GetProperty("load").GetProperty("legend").EnumerateArray()
            .ToDictionary(e => e.GetProperty("collection").GetString()!, e => e.GetProperty("checked").GetBoolean());
        var layers = Report.GetProperty("phases").GetProperty("load").GetProperty("layers").EnumerateArray()
            .ToDictionary(e => e.GetProperty("id").GetString()!, e => e.GetProperty("visibility").GetString());

        Assert.Equal(10, legend.Count);
        Assert.False(legend["schools"]);
        Assert.False(legend["population"]);
        Assert.All(legend.Where(e => e.Key is not "schools" and not "population"), e => Assert.True(e.Value, e.Key));
        Assert.Equal("none", layers["schools--points"]);
        // Lines are split by status so dashes can differ: operational, planned/under construction, unknown.
        Assert.Contains("fibre-links--operational", layers.Keys);
        Assert.Contains("fibre-links--planned", layers.Keys);
        Assert.Contains("fibre-links--unknown", layers.Keys);
    }

    [Fact]
    public async Task A_planner_click_shows_the_nearest_backbone_that_the_api_gives_for_that_point()
    {
        var planner = Report.GetProperty("planner");
        Assert.False(planner.GetProperty("error").GetBoolean(), planner.GetProperty("text").GetString());
        double lon = planner.GetProperty("lastClick").GetProperty("lon").GetDouble();
        double lat = planner.GetProperty("lastClick").GetProperty("lat").GetDouble();

        string url = $"{session.Handler.ApiRoot}/analysis/nearest?lon={ViewerSession.Number(lon)}&lat={ViewerSession.Number(lat)}" +
            "&to=fibre-links,transmission-nodes&status=operational&k=1";
        using var answer = JsonDocument.Parse(await Http.GetStringAsync(url));
        var nearest = answer.RootElement.GetProperty("features").EnumerateArray()
            .Single(f => f.GetProperty("properties").GetProperty("role").GetString() == "nearest");
        double expectedKm = nearest.GetProperty("properties").GetProperty("distance_km").GetDouble();
        double shownKm = double.Parse(planner.GetProperty("distanceKm").GetString()!, CultureInfo.InvariantCulture);

        Assert.Equal(expectedKm, shownKm, 1e-9);
        Assert.Equal(nearest.GetProperty("id").GetString(), planner.GetProperty("featureId").GetString());
        Assert.Equal(nearest.GetProperty("properties").GetProperty("collection").GetString(), planner.GetProperty("collection").GetString());
        Assert.StartsWith("Nearest backbone: ", planner.GetProperty("text").GetString());
        var drawn = planner.GetProperty("drawn").EnumerateArray().Select(e => e.GetString()).ToArray();
        Assert.Contains("nearest", drawn);
        Assert.Contains("connector", drawn);
    }

    [Fact]
    public async Task A_planner_click_shows_the_profile_that_the_api_gives_for_that_point()
    {
        var profile = Report.GetProperty("profile");
        Assert.False(profile.GetProperty("error").GetBoolean(), profile.GetProperty("status").GetString());
        var click = profile.GetProperty("lastProfile").GetProperty("click");
        double lon = click.GetProperty("lon").GetDouble(), lat = click.GetProperty("lat").GetDouble();
        Assert.Equal(Report.GetProperty("planner").GetProperty("lastClick").GetProperty("lon").GetDouble(), lon);

        string point = $$$"""{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[{{{ViewerSession.Number(lon)}}},{{{ViewerSession.Number(lat)}}}]}}]}""";
        using var content = new StringContent(point, System.Text.Encoding.UTF8, "application/geo+json");
        using var response = await Http.PostAsync($"{session.Handler.ApiRoot}/analysis/profile?schools=schools", content);
        response.EnsureSuccessStatusCode();
        using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var expected = answer.RootElement.GetProperty("features")[0].GetProperty("properties");
        var notes = answer.RootElement.GetProperty("query").GetProperty("notes").EnumerateArray().Select(n => n.GetString()!).ToArray();
        var shown = profile.GetProperty("rows").EnumerateArray().ToDictionary(r => r.GetProperty("column").GetString()!);

        // Every distance and within column of the answer has a row; ids and the band ride on the distance rows.
        var numeric = expected.EnumerateObject().Select(p => p.Name)
            .Where(n => n.EndsWith("_distance", StringComparison.Ordinal) || n.StartsWith("schools_within_", StringComparison.Ordinal) || n.StartsWith("pop_within_", StringComparison.Ordinal));
        Assert.Equal(numeric.Order(StringComparer.Ordinal), shown.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(14, shown.Count);
        foreach (var (column, row) in shown)
        {
            var value = expected.GetProperty(column);
            if (value.ValueKind == JsonValueKind.Null)
            {
                Assert.Equal("", row.GetProperty("value").GetString());
                Assert.Equal("no data", row.GetProperty("text").GetString());
            }
            else
            {
                Assert.Equal(value.GetDouble(), double.Parse(row.GetProperty("value").GetString()!, CultureInfo.InvariantCulture), 1e-9);
                Assert.NotEqual("no data", row.GetProperty("text").GetString());
            }
        }
        Assert.Equal(expected.GetProperty("proximity").GetString(), shown["fiber_node_distance"].GetProperty("proximity").GetString());
        Assert.Contains($"({expected.GetProperty("proximity").GetString()})", shown["fiber_node_distance"].GetProperty("text").GetString());
        Assert.Equal(expected.GetProperty("fiber_node_id").GetString(), shown["fiber_node_distance"].GetProperty("featureId").GetString());
        Assert.Equal(expected.GetProperty("microwave_node_id").GetString(), shown["microwave_node_distance"].GetProperty("featureId").GetString());
        Assert.Equal(notes, profile.GetProperty("notes").EnumerateArray().Select(n => n.GetString()!));
        Assert.Equal(notes, profile.GetProperty("lastProfile").GetProperty("notes").EnumerateArray().Select(n => n.GetString()!));
        // No cell-sites collection ships: the four technologies say "no data" with the API's note about them.
        Assert.All(new[] { "NR", "LTE", "UMTS", "GSM" }, tech =>
        {
            var row = shown[$"nearest_{tech}_distance"];
            Assert.Equal("no data", row.GetProperty("text").GetString());
            Assert.Contains(row.GetProperty("title").GetString(), notes);
        });
    }

    [Fact]
    public async Task A_schools_csv_gives_per_country_counts_per_distance_band_from_the_api_answer()
    {
        var schools = Report.GetProperty("schools");
        Assert.False(schools.GetProperty("error").GetBoolean(), schools.GetProperty("status").GetString());

        using var content = new StringContent(ViewerSession.SchoolsCsv, System.Text.Encoding.UTF8, "text/csv");
        var response = await Http.PostAsync($"{session.Handler.ApiRoot}/analysis/nearest?to=fibre-links,transmission-nodes&status=operational", content);
        response.EnsureSuccessStatusCode();
        var rows = Csv.Parse(await response.Content.ReadAsStringAsync());
        var header = rows[0];
        int country = Array.IndexOf(header, "country"), distance = Array.IndexOf(header, "distance_km");
        var expected = new SortedDictionary<string, int[]>(StringComparer.Ordinal);
        foreach (var row in rows.Skip(1))
        {
            string key = row[country].Length == 0 ? "unknown" : row[country];
            var counts = expected.TryGetValue(key, out var c) ? c : expected[key] = new int[5];
            counts[row[distance].Length == 0 ? 4 : Band(double.Parse(row[distance], CultureInfo.InvariantCulture))]++;
        }

        var shown = schools.GetProperty("rows").EnumerateArray()
            .Select(r => r.EnumerateArray().Select(c => c.GetString()!).ToArray())
            .ToDictionary(r => r[0], r => r[1..6].Select(int.Parse).ToArray());
        Assert.Equal(expected.Keys, shown.Keys.Order(StringComparer.Ordinal));
        foreach (var (key, counts) in expected)
            Assert.Equal(counts, shown[key]);
        Assert.Contains(expected.Values, c => c[0] > 0);
        Assert.Contains(expected.Values, c => c[3] > 0);
        Assert.Equal(7, schools.GetProperty("points").GetArrayLength());
    }

    private static int Band(double km) => km <= 10 ? 0 : km <= 25 ? 1 : km <= 50 ? 2 : 3;
}

public sealed class ViewerStandaloneTests(StandaloneViewerSession session) : ViewerBrowserTests(session), IClassFixture<StandaloneViewerSession>;

public sealed class ViewerFunctionsHostTests(FunctionsHostViewerSession session) : ViewerBrowserTests(session), IClassFixture<FunctionsHostViewerSession>;
