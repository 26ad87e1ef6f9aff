using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Maps.Core.Geodesy;
using Maps.Core.Layers;
using Maps.Core.Spatial;
using Maps.Functions.Tests.Support;

namespace Maps.Functions.Tests.Analysis;

/// <summary>
/// POST /api/analysis/profile against an independent oracle: nearest features by brute force over
/// the features the test selects itself, and schools and population within each radius counted
/// with haversine (a second distance formula) over the rows and the population layer.
/// </summary>
public sealed class AnalysisProfileTests(AnalysisApiFactory factory) : IClassFixture<AnalysisApiFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    private const string Sources = "fibre=lines,mixed-nodes&microwave=mixed-nodes&cells=cell-sites&population=population";
    private static readonly double[] Radii = [1, 50, 300];
    private static readonly string[] Bands = ["within 10km", "10-25km", "25-50km", "50-100km", ">100km"];

    private static string F(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private async Task<HttpResponseMessage> PostAsync(string query, string body, string contentType) =>
        await _client.PostAsync("/api/analysis/profile?" + query, new ByteArrayContent(Encoding.UTF8.GetBytes(body)) { Headers = { { "Content-Type", contentType } } });

    private async Task<List<string[]>> PostCsvAsync(string query, string body, char delimiter = ',')
    {
        var response = await PostAsync(query, body, "text/csv");
        string text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        return CsvTable.Parse(text, delimiter);
    }

    private sealed record School(string Id, double Lon, double Lat);

    private static List<School> RandomSchools(int seed, int count)
    {
        var random = new Random(seed);
        var schools = new List<School>();
        for (int i = 0; i < count; i++)
        {
            // Clustered, so that schools have neighbours within the radii; every 9th repeats an earlier id and place.
            if (i % 9 == 8)
            {
                schools.Add(schools[i - 3] with { });
                continue;
            }
            double lon = Math.Round(5 + random.NextDouble() * 4, 5), lat = Math.Round(5 + random.NextDouble() * 4, 5);
            schools.Add(new School($"g-{i}", lon, lat));
        }
        return schools;
    }

    private sealed class Oracle(AnalysisApiFactory factory)
    {
        private readonly Dictionary<string, BruteForceNearest> _brute = [];

        public BruteForceNearest For(string name, Func<string, LayerFeature, bool> keep, params string[] collections)
        {
            if (!_brute.TryGetValue(name, out var brute))
            {
                brute = BruteForceNearest.Build(collections.SelectMany(c => factory.Layers.Find(c)!.ReadAll().Where(f => keep(c, f))
                    .Select(f => new IndexedFeature(c, f.Id, f.Geometry))).ToList());
                _brute.Add(name, brute);
            }
            return brute;
        }
    }

    private static bool Operational(LayerFeature f) => f.GetString("status") == "operational";

    private static readonly (string Prefix, Func<string, LayerFeature, bool> Keep, string[] Collections)[] Roles =
    [
        ("fiber_node", (c, f) => Operational(f) && (f.GetString("infrastructure") ?? "fibre") == "fibre", ["lines", "mixed-nodes"]),
        ("microwave_node", (c, f) => Operational(f) && (f.GetString("infrastructure") ?? "microwave") == "microwave", ["mixed-nodes"]),
        ("nearest_NR", (c, f) => Operational(f) && f.GetString("radio_type") == "5G", ["cell-sites"]),
        ("nearest_LTE", (c, f) => Operational(f) && f.GetString("radio_type") == "4G", ["cell-sites"]),
        ("nearest_UMTS", (c, f) => Operational(f) && f.GetString("radio_type") == "3G", ["cell-sites"]),
        ("nearest_GSM", (c, f) => Operational(f) && f.GetString("radio_type") == "2G", ["cell-sites"]),
    ];

    private static string[] ExpectedColumns(double[] radii) =>
    [
        .. Roles.SelectMany(r => new[] { r.Prefix + "_distance", r.Prefix + "_id" }),
        .. radii.Select(r => $"schools_within_{F(r)}km"),
        .. radii.Select(r => $"pop_within_{F(r)}km"),
        "proximity", "error",
    ];

    /// <summary>Checks one answered row (values by column name) against the oracle.</summary>
    private void AssertProfile(Oracle oracle, IReadOnlyList<School> schools, School school, Func<string, string?> value)
    {
        foreach (var (prefix, keep, collections) in Roles)
        {
            var expected = oracle.For(prefix, keep, collections).Nearest(school.Lon, school.Lat)[0];
            Assert.Equal(expected.FeatureId, value(prefix + "_id"));
            Assert.Equal(expected.DistanceKm, double.Parse(value(prefix + "_distance")!, CultureInfo.InvariantCulture), 1e-9);
            if (prefix == "fiber_node")
                Assert.Equal(Bands[expected.DistanceKm <= 10 ? 0 : expected.DistanceKm <= 25 ? 1 : expected.DistanceKm <= 50 ? 2 : expected.DistanceKm <= 100 ? 3 : 4], value("proximity"));
        }
        var distinct = schools.DistinctBy(s => s.Id).ToList();
        var population = factory.Layers.Find("population")!.ReadAll();
        foreach (double radius in Radii)
        {
            int nearby = distinct.Count(s => Sphere.DistanceKm(school.Lon, school.Lat, s.Lon, s.Lat) <= radius);
            Assert.Equal(nearby, int.Parse(value($"schools_within_{F(radius)}km")!, CultureInfo.InvariantCulture));
            double people = population.Where(p => Sphere.DistanceKm(school.Lon, school.Lat, p.Geometry.Coordinate.X, p.Geometry.Coordinate.Y) <= radius)
                .Sum(p => p.Value("population").Number);
            Assert.Equal(people, double.Parse(value($"pop_within_{F(radius)}km")!, CultureInfo.InvariantCulture));
        }
    }

    [Fact]
    public async Task Csv_rows_get_every_column_as_the_oracle_computes_it()
    {
        var schools = RandomSchools(3, 60);
        var body = new StringBuilder("giga_id_school,school_name,latitude,longitude,country_iso3_code\n");
        foreach (var s in schools)
            body.Append($"{s.Id},\"School {s.Id}, A\",{F(s.Lat)},{F(s.Lon)},NGA\n");
        body.Append("bad,No place,,,NGA\n");

        var rows = await PostCsvAsync($"{Sources}&radii={string.Join(",", Radii.Select(F))}", body.ToString());

        Assert.Equal(["giga_id_school", "school_name", "latitude", "longitude", "country_iso3_code", .. ExpectedColumns(Radii)], rows[0]);
        Assert.Equal(schools.Count + 2, rows.Count);
        var oracle = new Oracle(factory);
        var header = rows[0];
        for (int i = 0; i < schools.Count; i++)
        {
            var row = rows[i + 1];
            Assert.Equal(schools[i].Id, row[0]);
            Assert.Equal("", row[^1]);
            AssertProfile(oracle, schools, schools[i], name => row[Array.IndexOf(header, name)]);
        }
        var bad = rows[^1];
        Assert.Equal("missing coordinates", bad[^1]);
        Assert.All(bad[5..^1], field => Assert.Equal("", field));
        Assert.Contains(schools, s => schools.Count(t => t.Id == s.Id) > 1); // the duplicates were really there
    }

    [Fact]
    public async Task A_geojson_body_gets_the_same_answers_as_properties()
    {
        var schools = RandomSchools(4, 30);
        var features = schools.Select(s => $$$"""{"type":"Feature","id":"{{{s.Id}}}","geometry":{"type":"Point","coordinates":[{{{F(s.Lon)}}},{{{F(s.Lat)}}}]},"properties":{"country":"GHA","fiber_node_distance":-1}}""");
        var response = await PostAsync($"{Sources}&radii={string.Join(",", Radii.Select(F))}", $$"""{"type":"FeatureCollection","features":[{{string.Join(",", features)}}]}""", "application/geo+json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = answer.RootElement;

        var answered = root.GetProperty("features").EnumerateArray().ToList();
        Assert.Equal(schools.Count, answered.Count);
        var oracle = new Oracle(factory);
        for (int i = 0; i < schools.Count; i++)
        {
            var properties = answered[i].GetProperty("properties");
            Assert.Equal(ExpectedColumns(Radii), properties.EnumerateObject().Select(p => p.Name).Where(n => n != "country"));
            AssertProfile(oracle, schools, schools[i], name => properties.GetProperty(name) is { ValueKind: not JsonValueKind.Null } v
                ? v.ValueKind == JsonValueKind.Number ? v.GetRawText() : v.GetString() : null);
        }
        var total = root.GetProperty("summary").GetProperty("total");
        Assert.Equal(schools.Count, total.GetProperty("points").GetInt32());
        Assert.Equal(schools.Count, total.GetProperty("proximity").EnumerateObject().Sum(b => b.Value.GetInt32()));
        Assert.Equal(["lines", "mixed-nodes"], root.GetProperty("query").GetProperty("fibre").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task Missing_default_collections_leave_their_columns_empty_and_say_why()
    {
        var response = await PostAsync("", "lat,lon\n6.5,3.4\n", "text/csv");
        string text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        string notes = string.Join(" ", response.Headers.GetValues("Maps-Profile-Notes"));
        Assert.Contains("fibre-links", notes);   // the synthetic layers have no fibre-links, transmission-nodes or microwave-links
        Assert.Contains("microwave-links", notes);
        Assert.DoesNotContain("cell-sites", notes); // loaded here
        var rows = CsvTable.Parse(text);
        var row = rows[1];
        Assert.Equal("", row[Array.IndexOf(rows[0], "fiber_node_distance")]);
        Assert.Equal("", row[Array.IndexOf(rows[0], "proximity")]);
        Assert.NotEqual("", row[Array.IndexOf(rows[0], "nearest_LTE_id")]);
        Assert.Equal("1", row[Array.IndexOf(rows[0], "schools_within_1km")]);

        var fibreOnly = await PostAsync("columns=fiber_node_distance", "lat,lon\n6.5,3.4\n", "text/csv");
        string fibreNotes = string.Join(" ", fibreOnly.Headers.GetValues("Maps-Profile-Notes"));
        Assert.Contains("fibre-links", fibreNotes);
        Assert.DoesNotContain("microwave-links", fibreNotes); // no microwave column was asked for

        var summary = await PostAsync("summary=only", "lat,lon\n6.5,3.4\n", "text/csv");
        using var json = JsonDocument.Parse(await summary.Content.ReadAsStringAsync());
        Assert.Equal("application/json", summary.Content.Headers.ContentType?.MediaType);
        Assert.Contains(json.RootElement.GetProperty("summary").GetProperty("notes").EnumerateArray(), n => n.GetString()!.Contains("fibre-links"));
        Assert.Equal(1, json.RootElement.GetProperty("summary").GetProperty("total").GetProperty("no_fibre").GetInt32());
    }

    [Fact]
    public async Task A_browser_gets_the_summary_as_a_page_with_the_same_counts()
    {
        var schools = RandomSchools(9, 40);
        string body = "id,lat,lon,country\n" + string.Concat(schools.Select((s, i) => $"{s.Id},{F(s.Lat)},{F(s.Lon)},{(i % 2 == 0 ? "NGA" : "GHA")}\n"));
        var json = await PostAsync(Sources + "&summary=only", body, "text/csv");
        using var document = JsonDocument.Parse(await json.Content.ReadAsStringAsync());
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/analysis/profile?" + Sources + "&summary=only")
        {
            Content = new StringContent(body, Encoding.UTF8, "text/csv"),
            Headers = { { "Accept", "text/html" } },
        };

        var page = await _client.SendAsync(request);
        string html = await page.Content.ReadAsStringAsync();

        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.True(page.Headers.Contains("Content-Security-Policy"));
        foreach (var country in document.RootElement.GetProperty("summary").GetProperty("countries").EnumerateArray())
        {
            string cells = string.Concat(country.GetProperty("proximity").EnumerateObject().Select(b => $"<td>{b.Value.GetInt64():N0}</td>"));
            Assert.Contains($"<tr><td>{country.GetProperty("country").GetString()}</td><td>{country.GetProperty("points").GetInt64():N0}</td>{cells}", html);
        }
        Assert.Equal(40, document.RootElement.GetProperty("summary").GetProperty("total").GetProperty("points").GetInt32());
    }

    [Fact]
    public async Task Columns_choose_a_subset_in_answer_order_and_a_second_run_replaces_the_first_answer()
    {
        var first = await PostCsvAsync($"{Sources}&columns=proximity,fiber_node_distance,pop_within_10km", "name;lat;lon\nA;6,5;3,4\nB;7,25;8,5\n", ';');
        Assert.Equal(["name", "lat", "lon", "fiber_node_distance", "pop_within_10km", "proximity", "error"], first[0]);

        var again = await PostCsvAsync($"{Sources}&columns=proximity,fiber_node_distance,pop_within_10km",
            string.Join("\n", first.Select(r => string.Join(";", r))) + "\n", ';');
        Assert.Equal(first, again);
    }

    [Fact]
    public async Task Schools_of_a_collection_can_be_counted_instead_of_the_request()
    {
        var cells = factory.Layers.Find("cell-sites")!.ReadAll();
        var probe = cells[17].Geometry.Coordinate;
        var rows = await PostCsvAsync($"{Sources}&schools=cell-sites&radii=100&columns=schools_within_100km", $"lat,lon\n{F(probe.Y)},{F(probe.X)}\n");

        int expected = cells.Count(c => Sphere.DistanceKm(probe.X, probe.Y, c.Geometry.Coordinate.X, c.Geometry.Coordinate.Y) <= 100);
        Assert.True(expected > 1);
        Assert.Equal(expected.ToString(CultureInfo.InvariantCulture), rows[1][2]);
    }

    [Theory]
    [InlineData("fibre=nowhere", "Unknown collection 'nowhere' in fibre=")]
    [InlineData("radii=0", "above 0 km")]
    [InlineData("radii=1,x", "radii")]
    [InlineData("radii=1,2,3,4,5,6,7,8,9", "1 to 8")]
    [InlineData("radii=5000", "radii")]
    [InlineData("columns=fiber_node_distance,nope", "Unknown column 'nope'")]
    [InlineData("status=broken", "Unknown status 'broken'")]
    [InlineData("summary=all", "summary=only")]
    [InlineData("cells=", "names no collection")]
    [InlineData("colour=red", "colour")]
    public async Task Bad_parameters_are_400_problems_that_say_what_is_wrong(string query, string expected)
    {
        var response = await PostAsync(query, "lat,lon\n1,2\n", "text/csv");
        string text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(expected, text);
    }

    [Fact]
    public async Task A_malformed_body_is_a_400_before_any_row_is_answered()
    {
        var csv = await PostAsync(Sources, "lat,lon\n1,2\n\"unterminated,3\n", "text/csv");
        Assert.Equal(HttpStatusCode.BadRequest, csv.StatusCode);
        Assert.Contains("quote", await csv.Content.ReadAsStringAsync());

        var json = await PostAsync(Sources, """{"type":"FeatureCollection","features":[{"type":"Feature",""", "application/geo+json");
        Assert.Equal(HttpStatusCode.BadRequest, json.StatusCode);
        Assert.Equal("application/problem+json", json.Content.Headers.ContentType?.MediaType);

        var lines = await PostAsync(Sources + "&lat=y", "{}", "application/geo+json");
        Assert.Equal(HttpStatusCode.BadRequest, lines.StatusCode);
    }
}
