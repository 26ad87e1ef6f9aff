using System.Net;
using System.Text.Json;
using Maps.Core.Geodesy;
using Maps.Core.Layers;
using Maps.Core.Spatial;
using Maps.Functions.Tests.Digests;

namespace Maps.Functions.Tests.Countries;

/// <summary>
/// The country pages on the shipped layers, each figure against an independent computation: km of fibre summed from
/// each link's own geometry on the sphere (not its stored length_km), counts by brute force over every feature, the
/// population within each distance from the coverage analysis endpoint, and schools within each distance of
/// operational fibre by a brute-force nearest scan over every fibre arc.
/// </summary>
public sealed class CountriesApiTests(ShippedApiFactory factory) : IClassFixture<ShippedApiFactory>
{
    private static readonly string Layers = Path.Combine(Processes.MaliSchools.RepoRoot, "data", "layers");
    private readonly HttpClient _client = factory.CreateClient();

    private static IReadOnlyList<LayerFeature> Features(string id) => Layer.Open(Path.Combine(Layers, id + ".fgb")).ReadAll();

    private async Task<JsonElement> JsonAsync(string url, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var response = await _client.GetAsync(url);
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{url}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement;
    }

    private static double Figure(JsonElement country, string section, string name) =>
        country.GetProperty("sections").TryGetProperty(section, out var figures)
            ? figures.EnumerateArray().Where(f => f.GetProperty("figure").GetString() == name).Select(f => f.GetProperty("value").GetDouble()).DefaultIfEmpty(0).Single()
            : 0;

    [Theory]
    [InlineData("GHA")]
    [InlineData("CIV")]
    [InlineData("MLI")]
    [InlineData("NGA")]
    public async Task Backbone_figures_are_the_sums_and_counts_of_the_features_named_in_the_country(string iso3)
    {
        var country = await JsonAsync($"/api/countries/{iso3}");

        var links = Features("fibre-links").Where(f => f.GetString("country") == iso3).ToArray();
        foreach (var status in links.GroupBy(f => f.GetString("status")))
            Assert.Equal(status.Sum(f => Sphere.LengthKm(f.Geometry)), Figure(country, "fibre", $"km {status.Key}"), 0.001 * status.Count() + 0.01);
        var nodes = Features("transmission-nodes").Where(f => f.GetString("country") == iso3).ToArray();
        foreach (var status in nodes.GroupBy(f => f.GetString("status")))
            Assert.Equal(status.Count(), Figure(country, "nodes", status.Key!));
        foreach (var kind in nodes.GroupBy(f => f.GetString("infrastructure") ?? "unknown"))
            Assert.Equal(kind.Count(), Figure(country, "nodes", $"infrastructure {kind.Key}"));
        Assert.Equal(Features("ixps").Count(f => f.GetString("country") == iso3), Figure(country, "exchange", "IXPs"));
        Assert.Equal(Features("landing-points").Count(f => f.GetString("country") == iso3), Figure(country, "submarine", "landing points"));
        Assert.Equal(Features("earth-stations").Count(f => f.GetString("country") == iso3), Figure(country, "satellite", "earth stations"));
        Assert.True(links.Length + nodes.Length > 0, $"{iso3} has no backbone in the shipped layers");
        Assert.All(country.GetProperty("sections").GetProperty("fibre").EnumerateArray(),
            f => Assert.StartsWith("fibre-links@", Assert.Single(f.GetProperty("sources").EnumerateArray()).GetString()));
    }

    [Theory]
    [InlineData("GHA")]
    [InlineData("MLI")]
    [InlineData("KEN")]
    public async Task Population_within_reach_is_the_coverage_analysis(string iso3)
    {
        var country = await JsonAsync($"/api/countries/{iso3}");
        var coverage = await JsonAsync($"/api/analysis/coverage?country={iso3}&distances=10,25,50,100&to=fibre-links&status=operational");

        var row = coverage.GetProperty("countries").EnumerateArray().Single(c => c.GetProperty("country").GetString() == iso3);
        Assert.Equal(row.GetProperty("population_total").GetDouble(), Figure(country, "population", "total"));
        var within = row.GetProperty("within").EnumerateArray().Select(v => v.GetProperty("population").GetDouble()).ToArray();
        double[] distances = [10, 25, 50, 100];
        for (int i = 0; i < distances.Length; i++)
            Assert.Equal(within[i], Figure(country, "population", $"within {distances[i]:0} km of operational fibre"));
    }

    [Fact]
    public async Task Schools_within_reach_of_fibre_are_counted_by_a_brute_force_scan()
    {
        var country = await JsonAsync("/api/countries/MLI");
        var fibre = Layer.Open(Path.Combine(Layers, "fibre-links.fgb"));
        var scan = BruteForceNearest.FromLayers([fibre], new IndexSelection(["fibre-links"], ["operational"]));

        var distances = Features("mali-schools").Where(f => f.GetString("country") == "MLI")
            .Select(f => scan.NearestDistanceKm(new LonLat(f.Geometry.Coordinate.X, f.Geometry.Coordinate.Y))).ToArray();

        Assert.Equal(distances.Length, Figure(country, "schools: mali-schools", "schools"));
        foreach (double km in new double[] { 1, 3, 10, 25 })
            Assert.Equal(distances.Count(d => d <= km), Figure(country, "schools: mali-schools", $"within {km:0} km of operational fibre"));
        Assert.Equal(distances.Count(d => d > 25), Figure(country, "schools: mali-schools", "beyond 25 km"));
    }

    [Fact]
    public async Task The_list_names_every_country_a_layer_names_and_sorts_by_any_column()
    {
        var list = (await JsonAsync("/api/countries?sortby=-fibre_km_operational")).GetProperty("countries").EnumerateArray().ToArray();

        var named = new[] { "fibre-links", "transmission-nodes", "population", "mali-schools", "ixps", "landing-points" }
            .SelectMany(Features).Select(f => f.GetString("country")).OfType<string>().Where(c => c != "unknown").ToHashSet();
        Assert.Superset(named, list.Select(c => c.GetProperty("iso3").GetString()!).ToHashSet());
        var fibre = list.Select(c => c.GetProperty("fibre_km_operational").GetDouble()).ToArray();
        Assert.Equal(fibre.OrderDescending(), fibre);
        Assert.True(fibre[0] > 1000);
        var byName = (await JsonAsync("/api/countries?sortby=name")).GetProperty("countries").EnumerateArray().Select(c => c.GetProperty("name").GetString()!).ToArray();
        Assert.Equal(byName.Order(StringComparer.Ordinal), byName);
        foreach (string order in new[] { "-name", "+name" })
        {
            var sorted = (await JsonAsync($"/api/countries?sortby={Uri.EscapeDataString(order)}")).GetProperty("countries").EnumerateArray().Select(c => c.GetProperty("name").GetString()!);
            Assert.Equal(order[0] == '-' ? byName.Reverse() : byName, sorted);
        }
        string csv = await _client.GetStringAsync("/api/countries?f=csv");
        Assert.Equal(list.Length + 1, csv.TrimEnd('\n').Split('\n').Length);
    }

    [Theory]
    [InlineData("/api/countries/XYZ", HttpStatusCode.NotFound, "No layer names the country 'XYZ'")]
    [InlineData("/api/countries?sortby=speed", HttpStatusCode.BadRequest, "sortby 'speed' is not a column")]
    [InlineData("/api/countries?limit=3", HttpStatusCode.BadRequest, "limit")]
    public async Task Bad_requests_are_problems_that_say_what_is_wrong(string url, HttpStatusCode status, string detail)
    {
        var response = await _client.GetAsync(url);

        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(detail, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_html_page_shows_each_figure_with_its_source_and_a_map_of_the_backbone()
    {
        var response = await _client.GetAsync("/api/countries/CIV?f=html");
        string html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("id=\"page-map\"", html);
        Assert.Contains("data-collection=\"fibre-links\"", html);
        Assert.Contains("fibre-links@", html);
        Assert.Contains("People within reach of fibre", html);
        Assert.Contains("script-src 'self'", response.Headers.GetValues("Content-Security-Policy").Single());
    }
}
