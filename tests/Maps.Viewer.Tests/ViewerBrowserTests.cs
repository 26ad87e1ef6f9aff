using System.Globalization;
using System.Text.Json;
using Maps.Viewer.Tests.Support;

namespace Maps.Viewer.Tests;

/// <summary>
/// The viewer in a real browser (headless Chromium, one session for the class): it loads without
/// console errors, draws the layers over the country outlines, in planner mode shows exactly
/// the nearest backbone and the profile the API gives for the clicked point, and colours a schools
/// CSV by any profile column of the API's answer. Screenshots land in
/// <c>bin/.../viewer-screenshots/&lt;mode&gt;/</c>. Run standalone and through the Functions host.
/// </summary>
public abstract class ViewerBrowserTests(ViewerSession session)
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromMinutes(3) };

    private JsonElement Report
    {
        get
        {
            if (session.Report.TryGetProperty("fatal", out var fatal))
                Assert.Fail("The browser check could not run: " + fatal.GetString() + "\nWhat the page reported before: " + session.RawReport);
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
    public async Task Every_collection_has_a_legend_toggle_and_the_dense_point_layers_start_off()
    {
        var legend = Report.GetProperty("phases").GetProperty("load").GetProperty("legend").EnumerateArray()
            .ToDictionary(e => e.GetProperty("collection").GetString()!, e => e.GetProperty("checked").GetBoolean());
        var layers = Report.GetProperty("phases").GetProperty("load").GetProperty("layers").EnumerateArray()
            .ToDictionary(e => e.GetProperty("id").GetString()!, e => e.GetProperty("visibility").GetString());
        using var collections = JsonDocument.Parse(await Http.GetStringAsync($"{session.Handler.ApiRoot}/collections?f=json"));
        var served = collections.RootElement.GetProperty("collections").EnumerateArray().Select(c => c.GetProperty("id").GetString()!).ToHashSet();
        string[] hidden = ["schools", "mali-schools", "giga-schools", "population", "cell-sites"];

        Assert.Equal(served, legend.Keys.ToHashSet());
        Assert.All(legend.Where(e => hidden.Contains(e.Key)), e => Assert.False(e.Value, e.Key));
        Assert.All(legend.Where(e => !hidden.Contains(e.Key)), e => Assert.True(e.Value, e.Key));
        Assert.False(legend["schools"]);
        Assert.False(legend["giga-schools"]);
        Assert.Equal("none", layers["schools--points"]);
        Assert.Equal("none", layers["giga-schools--points"]);
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
    public async Task A_schools_csv_is_summarised_per_country_by_distance_to_fibre_from_the_profile_answer()
    {
        var schools = Report.GetProperty("schools");
        Assert.False(schools.GetProperty("error").GetBoolean(), schools.GetProperty("status").GetString());
        var rows = await ProfileOfSchoolsCsvAsync();

        var expected = CountPerCountry(rows, 4, row => row["fiber_node_distance"] is { Length: > 0 } km ? Band(double.Parse(km, CultureInfo.InvariantCulture)) : -1);

        Assert.Equal("fiber_node_distance", schools.GetProperty("colour").GetProperty("column").GetString());
        Assert.Equal(["Country", "≤ 10 km", "≤ 25 km", "≤ 50 km", "> 50 km", "no data", "total"], Strings(schools.GetProperty("header")));
        AssertSummary(expected, schools.GetProperty("rows"));
        Assert.Contains(expected.Values, c => c[0] > 0);
        Assert.Contains(expected.Values, c => c[3] > 0);
        Assert.Equal(10, schools.GetProperty("points").GetArrayLength());
    }

    [Fact]
    public async Task The_colour_by_select_lists_every_numeric_profile_column_of_the_answer_and_proximity()
    {
        var options = Report.GetProperty("schools").GetProperty("options").EnumerateArray().ToArray();
        var rows = await ProfileOfSchoolsCsvAsync();

        var numeric = rows[0].Keys.Where(n => n.EndsWith("_distance", StringComparison.Ordinal) || n.StartsWith("schools_within_", StringComparison.Ordinal) || n.StartsWith("pop_within_", StringComparison.Ordinal) || n == "proximity");
        Assert.Equal(numeric.Order(StringComparer.Ordinal), options.Select(o => o.GetProperty("value").GetString()!).Order(StringComparer.Ordinal));
        // A column without a value in any row (no cell-sites collection ships) is listed but cannot be chosen.
        foreach (var option in options)
        {
            string column = option.GetProperty("value").GetString()!;
            Assert.Equal(rows.All(r => r[column].Length == 0), option.GetProperty("disabled").GetBoolean());
        }
        Assert.Equal("fiber_node_distance", options.Single(o => o.GetProperty("selected").GetBoolean()).GetProperty("value").GetString());
    }

    [Theory]
    [InlineData("schools_within_10km")]
    [InlineData("pop_within_10km")]
    public async Task Colour_by_a_count_column_draws_each_school_in_the_quantile_class_of_its_api_value(string column)
    {
        var phase = ColourPhase(column);
        var rows = await ProfileOfSchoolsCsvAsync();
        var values = rows.Where(r => r[column].Length > 0).Select(r => double.Parse(r[column], CultureInfo.InvariantCulture)).Order().ToArray();
        var classes = phase.GetProperty("colour").GetProperty("classes").EnumerateArray()
            .Select(c => (Max: c.GetProperty("max").GetDouble(), Colour: c.GetProperty("colour").GetString()!, Label: c.GetProperty("label").GetString()!)).ToArray();

        // The class maxima are the values at the 1/5 ... 5/5 quantiles of the answer, repeats merged.
        var maxima = Enumerable.Range(1, 5).Select(i => values[(int)Math.Ceiling(i * values.Length / 5.0) - 1]).Distinct().ToArray();
        Assert.Equal(maxima, classes.Select(c => c.Max));
        Assert.True(classes.Length >= 2, "one class only: " + string.Join(", ", values));
        Assert.Equal(classes.Length, classes.Select(c => c.Colour).Distinct().Count());
        Assert.Equal(column, phase.GetProperty("selected").GetString());
        Assert.Contains($"[\"get\",\"{column}\"]", phase.GetProperty("paint").GetRawText().Replace(" ", ""));
        Assert.Equal([.. classes.Select(c => (c.Label, c.Colour)), ("no data", NoDataColour)], Key(phase));
        int Class(string value) => value.Length == 0 ? -1 : Array.FindIndex(classes, c => double.Parse(value, CultureInfo.InvariantCulture) <= c.Max);
        AssertDrawn(phase, rows, column, value => value.Length == 0 ? NoDataColour : classes[Class(value)].Colour);
        AssertSummary(CountPerCountry(rows, classes.Length, row => Class(row[column])), phase.GetProperty("rows"));
    }

    [Fact]
    public async Task Colour_by_proximity_draws_each_school_in_its_itu_band_and_counts_the_bands_per_country()
    {
        var phase = ColourPhase("proximity");
        var rows = await ProfileOfSchoolsCsvAsync();
        string[] bands = ["within 10km", "10-25km", "25-50km", "50-100km", ">100km"];
        var key = Key(phase);

        Assert.Equal([.. bands, "no data"], key.Select(k => k.Label));
        Assert.Equal(key.Length, key.Select(k => k.Colour).Distinct().Count());
        Assert.Equal(["Country", .. bands, "no data", "total"], Strings(phase.GetProperty("header")));
        AssertDrawn(phase, rows, "proximity", value => value.Length == 0 ? NoDataColour : key[Array.IndexOf(bands, value)].Colour);
        AssertSummary(CountPerCountry(rows, bands.Length, row => Array.IndexOf(bands, row["proximity"])), phase.GetProperty("rows"));
        Assert.Contains(rows, r => r["proximity"] == "within 10km");
        Assert.Contains(rows, r => r["proximity"] == ">100km");
    }

    [Fact]
    public async Task A_click_on_a_fibre_link_opens_a_popup_with_the_features_properties_from_the_api()
    {
        var popup = Report.GetProperty("popup");
        var target = popup.GetProperty("target");
        Assert.True(target.ValueKind == JsonValueKind.Object, "no fibre link was found on the map to click");
        string id = target.GetProperty("id").GetString()!;

        using var feature = JsonDocument.Parse(await Http.GetStringAsync($"{session.Handler.ApiRoot}/collections/fibre-links/items/{Uri.EscapeDataString(id)}"));
        var properties = feature.RootElement.GetProperty("properties");
        var rows = popup.GetProperty("rows").EnumerateArray().ToDictionary(r => r[0].GetString()!, r => r[1].GetString()!);

        // The popup is of the line clicked (lines are drawn above the nodes at this zoom), with its tile attributes.
        Assert.Equal($"{properties.GetProperty("name").GetString()} (fibre-links)", popup.GetProperty("title").GetString());
        Assert.Equal(id, rows["id"]);
        var strings = properties.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.String).ToArray();
        Assert.True(strings.Length >= 4, properties.ToString());
        foreach (var property in strings)
            Assert.Equal(property.Value.GetString(), rows[property.Name]);
    }

    [Fact]
    public void Points_are_drawn_under_the_lines_below_zoom_8_and_above_them_from_it()
    {
        var order = Report.GetProperty("phases").GetProperty("load").GetProperty("layers").EnumerateArray()
            .Select(l => l.GetProperty("id").GetString()!).ToList();
        int firstLine = order.IndexOf("submarine-cables--operational");
        int lastLine = order.IndexOf("fibre-links--unknown");

        Assert.True(firstLine > 0 && lastLine > firstLine, string.Join(", ", order));
        Assert.True(order.IndexOf("transmission-nodes--points-low") < firstLine, "nodes under the lines at low zooms");
        Assert.True(order.IndexOf("transmission-nodes--points") > lastLine, "nodes above the lines from zoom 8");
    }

    [Fact]
    public void The_distance_label_sits_just_above_the_middle_of_the_connector_and_reads_the_apis_distance()
    {
        var planner = Report.GetProperty("planner");
        var label = planner.GetProperty("label");
        Assert.True(label.ValueKind == JsonValueKind.Object, "no distance label");
        double km = double.Parse(planner.GetProperty("distanceKm").GetString()!, CultureInfo.InvariantCulture);

        Assert.Equal((km < 10 ? km.ToString("F2", CultureInfo.InvariantCulture) : km.ToString("F1", CultureInfo.InvariantCulture)) + " km", label.GetProperty("text").GetString());
        Assert.Equal(label.GetProperty("midX").GetDouble(), label.GetProperty("x").GetDouble(), 2.0);
        // Its bottom 10 px above the middle (app.js LABEL_LIFT_PX), so a short connector stays visible.
        Assert.Equal(label.GetProperty("midY").GetDouble() - 10, label.GetProperty("bottom").GetDouble(), 2.0);
    }

    [Fact]
    public async Task Zoom_to_layer_from_the_legend_turns_it_on_and_fits_the_map_to_its_extent()
    {
        var zoom = Report.GetProperty("zoomTo");
        using var collection = JsonDocument.Parse(await Http.GetStringAsync($"{session.Handler.ApiRoot}/collections/{ViewerSession.ZoomToCollection}"));
        var bbox = collection.RootElement.GetProperty("extent").GetProperty("spatial").GetProperty("bbox")[0].EnumerateArray().Select(v => v.GetDouble()).ToArray();
        var bounds = zoom.GetProperty("bounds");
        double west = bounds[0][0].GetDouble(), south = bounds[0][1].GetDouble(), east = bounds[1][0].GetDouble(), north = bounds[1][1].GetDouble();

        Assert.True(zoom.GetProperty("checked").GetBoolean());
        Assert.True(zoom.GetProperty("rendered").GetInt32() > 0, "nothing of the layer drawn after zooming to it");
        // The whole extent is in view, and the view is not much larger than it (fitted, not just panned).
        Assert.True(west <= bbox[0] && south <= bbox[1] && east >= bbox[2] && north >= bbox[3], $"view {bounds} misses extent {string.Join(',', bbox)}");
        Assert.True(east - west < 20 * (bbox[2] - bbox[0]) + 1, $"view {bounds} is far wider than extent {string.Join(',', bbox)}");
    }

    [Fact]
    public async Task The_sample_button_profiles_every_shipped_sample_school_and_summarises_them_as_the_api_does()
    {
        var sample = Report.GetProperty("sample");
        Assert.False(sample.GetProperty("error").GetBoolean(), sample.GetProperty("status").GetString());
        using var collection = JsonDocument.Parse(await Http.GetStringAsync($"{session.Handler.ApiRoot}/collections/{ViewerSession.SampleCollection}"));
        int schools = collection.RootElement.GetProperty("numberOfFeatures").GetInt32();
        string extract = await Http.GetStringAsync($"{session.Handler.ApiRoot}/extracts/{ViewerSession.SampleCollection}.csv");
        using var content = new StringContent(extract, System.Text.Encoding.UTF8, "text/csv");
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{session.Handler.ApiRoot}/analysis/profile?summary=only") { Content = content };
        request.Headers.Accept.ParseAdd("application/json");
        using var response = await Http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        using var summary = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var bands = summary.RootElement.GetProperty("summary").GetProperty("total").GetProperty("proximity");

        Assert.Equal(schools, sample.GetProperty("rows").GetInt32());
        Assert.Equal(schools, sample.GetProperty("drawn").GetInt32());
        var row = Strings(Assert.Single(sample.GetProperty("summary").EnumerateArray()));
        // The viewer's fibre-distance classes (≤ 10, ≤ 25, ≤ 50, > 50 km) against the API's ITU bands, both inclusive at the top.
        Assert.Equal(["MLI",
            bands.GetProperty("within 10km").GetInt32().ToString(), bands.GetProperty("10-25km").GetInt32().ToString(), bands.GetProperty("25-50km").GetInt32().ToString(),
            (bands.GetProperty("50-100km").GetInt32() + bands.GetProperty(">100km").GetInt32()).ToString(), "0", schools.ToString()], row);
    }

    private const string NoDataColour = "#adb5bd";

    /// <summary>The API's answer for the test CSV, one dictionary per data row in order.</summary>
    private async Task<List<Dictionary<string, string>>> ProfileOfSchoolsCsvAsync()
    {
        using var content = new StringContent(ViewerSession.SchoolsCsv, System.Text.Encoding.UTF8, "text/csv");
        using var response = await Http.PostAsync($"{session.Handler.ApiRoot}/analysis/profile", content);
        response.EnsureSuccessStatusCode();
        var rows = Csv.Parse(await response.Content.ReadAsStringAsync());
        return rows.Skip(1).Select(r => rows[0].Zip(r).ToDictionary(p => p.First, p => p.Second)).ToList();
    }

    private JsonElement ColourPhase(string column)
    {
        var schools = Report.GetProperty("schools");
        Assert.False(schools.GetProperty("error").GetBoolean(), schools.GetProperty("status").GetString());
        return Report.GetProperty("colourBy").EnumerateArray().Single(p => p.GetProperty("column").GetString() == column);
    }

    private static (string Label, string Colour)[] Key(JsonElement phase) =>
        phase.GetProperty("key").EnumerateArray().Select(k => (k.GetProperty("label").GetString()!, k.GetProperty("colour").GetString()!)).ToArray();

    /// <summary>
    /// Every drawn school is a rendered feature at its place carrying the API's value, and every school
    /// that no other overlaps has exactly its class's colour at its centre pixel in the screenshot.
    /// </summary>
    private static void AssertDrawn(JsonElement phase, List<Dictionary<string, string>> rows, string column, Func<string, string> colourOf)
    {
        int sampled = 0;
        foreach (var point in phase.GetProperty("points").EnumerateArray())
        {
            int row = point.GetProperty("row").GetInt32();
            string expected = rows[row][column];
            var rendered = point.GetProperty("rendered").EnumerateArray().Single(f => f.GetProperty("row").GetInt32() == row);
            if (expected.Length == 0)
                Assert.False(rendered.TryGetProperty(column, out _), $"row {row}: {column} drawn without a value in the answer");
            else if (column == "proximity")
                Assert.Equal(expected, rendered.GetProperty(column).GetString());
            else
                Assert.Equal(double.Parse(expected, CultureInfo.InvariantCulture), rendered.GetProperty(column).GetDouble());
            if (point.GetProperty("pixel").ValueKind == JsonValueKind.String)
            {
                Assert.Equal(colourOf(expected), point.GetProperty("pixel").GetString());
                sampled++;
            }
        }
        // Tamale, Lome, Sahel, Somewhere, Desert and Gulf stand alone at the fitted view; the Kumasi four overlap.
        Assert.True(sampled >= 5, $"only {sampled} schools could be sampled");
    }

    /// <summary>Per country (the CSV's, else "unknown"): the rows in each class, then those in none ("no data").</summary>
    private static SortedDictionary<string, int[]> CountPerCountry(List<Dictionary<string, string>> rows, int classes, Func<Dictionary<string, string>, int> classOf)
    {
        var counts = new SortedDictionary<string, int[]>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            string key = row["country"].Length == 0 ? "unknown" : row["country"];
            var c = counts.TryGetValue(key, out var found) ? found : counts[key] = new int[classes + 1];
            int i = classOf(row);
            c[i >= 0 ? i : classes]++;
        }
        return counts;
    }

    private static void AssertSummary(SortedDictionary<string, int[]> expected, JsonElement shownRows)
    {
        var shown = shownRows.EnumerateArray().Select(Strings).ToDictionary(r => r[0], r => r[1..].Select(int.Parse).ToArray());
        Assert.Equal(expected.Keys, shown.Keys.Order(StringComparer.Ordinal));
        foreach (var (key, counts) in expected)
            Assert.Equal([.. counts, counts.Sum()], shown[key]);
    }

    private static string[] Strings(JsonElement array) => array.EnumerateArray().Select(e => e.GetString()!).ToArray();

    private static int Band(double km) => km <= 10 ? 0 : km <= 25 ? 1 : km <= 50 ? 2 : 3;
}

public sealed class ViewerStandaloneTests(StandaloneViewerSession session) : ViewerBrowserTests(session), IClassFixture<StandaloneViewerSession>;

public sealed class ViewerFunctionsHostTests(FunctionsHostViewerSession session) : ViewerBrowserTests(session), IClassFixture<FunctionsHostViewerSession>;
