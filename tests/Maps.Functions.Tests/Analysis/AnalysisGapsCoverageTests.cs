using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Maps.Core.Geodesy;
using Maps.Functions.Tests.Support;

namespace Maps.Functions.Tests.Analysis;

public sealed class AnalysisGapsCoverageTests(AnalysisApiFactory factory) : IClassFixture<AnalysisApiFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    private static string F(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static readonly string[] Countries = ["NGA", "GHA", ""];

    private static (string Csv, List<(double Lon, double Lat, string Country)> Points) Schools(int count)
    {
        var random = new Random(3);
        var csv = new StringBuilder("id,lat,lon,country\n");
        var points = new List<(double, double, string)>();
        for (int i = 0; i < count; i++)
        {
            double lon = Math.Round(random.NextDouble() * 20 - 5, 4), lat = Math.Round(random.NextDouble() * 20 - 5, 4);
            string country = Countries[i % 3];
            points.Add((lon, lat, country));
            csv.Append($"s{i},{F(lat)},{F(lon)},{country}\n");
        }
        return (csv.ToString(), points);
    }

    private async Task<HttpResponseMessage> PostAsync(string url, string body, string contentType, string? accept = null)
    {
        var message = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8, contentType) };
        if (accept is not null)
            message.Headers.Add("Accept", accept);
        return await _client.SendAsync(message);
    }

    [Fact]
    public async Task Gaps_are_exactly_the_points_beyond_the_threshold()
    {
        var (csv, points) = Schools(120);
        var brute = factory.Brute(["lines"], "operational");

        var response = await PostAsync("/api/analysis/gaps?threshold_km=150&to=lines&status=operational", csv, "text/csv");

        string text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        var rows = CsvTable.Parse(text);
        var expected = points.Select((p, i) => (Id: $"s{i}", Distance: brute.Nearest(p.Lon, p.Lat)[0].DistanceKm))
            .Where(p => p.Distance > 150).Select(p => p.Id).ToArray();
        Assert.NotEmpty(expected);
        Assert.Equal(expected, rows.Skip(1).Select(r => r[0]));
        Assert.All(rows.Skip(1), r => Assert.True(double.Parse(r[8], CultureInfo.InvariantCulture) > 150));
    }

    [Fact]
    public async Task Gaps_summary_counts_per_country()
    {
        var (csv, points) = Schools(90);
        var brute = factory.Brute(["lines"]);
        var features = points.Select((p, i) =>
            $"{{\"type\":\"Feature\",\"id\":\"s{i}\",\"geometry\":{{\"type\":\"Point\",\"coordinates\":[{F(p.Lon)},{F(p.Lat)}]}},\"properties\":{{\"country\":{(p.Country == "" ? "null" : $"\"{p.Country}\"")}}}}}");
        string geojson = "{\"type\":\"FeatureCollection\",\"features\":[" + string.Join(",", features) + "]}";

        var answer = await HttpAssert.JsonAsync(await PostAsync("/api/analysis/gaps?threshold_km=200&to=lines", geojson, "application/geo+json"), "application/geo+json");
        var summaryOnly = await HttpAssert.JsonAsync(await PostAsync("/api/analysis/gaps?threshold_km=200&to=lines&summary=only", csv, "text/csv", "application/json"));

        foreach (var summary in new[] { answer.GetProperty("summary"), summaryOnly.GetProperty("summary") })
        {
            foreach (var row in summary.EnumerateArray())
            {
                string country = row.GetProperty("country").GetString()!;
                var mine = points.Where(p => (p.Country == "" ? "unknown" : p.Country) == country).ToArray();
                int beyond = mine.Count(p => brute.Nearest(p.Lon, p.Lat)[0].DistanceKm > 200);
                Assert.Equal(mine.Length, row.GetProperty("points").GetInt32());
                Assert.Equal(beyond, row.GetProperty("beyond_threshold").GetInt32());
                Assert.Equal((double)beyond / mine.Length, row.GetProperty("share").GetDouble(), 1e-12);
            }
            Assert.Equal(["GHA", "NGA", "unknown"], summary.EnumerateArray().Select(r => r.GetProperty("country").GetString()));
        }
        Assert.Equal(answer.GetProperty("features").GetArrayLength(), answer.GetProperty("total").GetProperty("beyond_threshold").GetInt32());
    }

    [Fact]
    public async Task Gaps_summary_only_for_csv_is_a_csv_table()
    {
        var (csv, _) = Schools(30);

        var response = await PostAsync("/api/analysis/gaps?threshold_km=100&to=lines&summary=only", csv, "text/csv");

        var rows = CsvTable.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(["country", "points", "beyond_threshold", "share", "invalid"], rows[0]);
        Assert.Equal("total", rows[^1][0]);
        Assert.Equal("30", rows[^1][1]);
    }

    /// <summary>Population per country within each distance, from the population file and brute force.</summary>
    private Dictionary<string, double[]> BruteCoverage(string[] statuses, double[] distances, out Dictionary<string, double> totals)
    {
        var brute = factory.Brute(["points", "lines"], statuses);
        var within = new Dictionary<string, double[]>();
        totals = new Dictionary<string, double>();
        foreach (var feature in factory.Layers.Find("population")!.ReadAll())
        {
            var point = (NetTopologySuite.Geometries.Point)feature.Geometry;
            string country = feature.GetString("country")!;
            double population = feature.Value("population").Number;
            double nearest = brute.NearestDistanceKm(new LonLat(point.X, point.Y));
            if (!within.ContainsKey(country))
            {
                within[country] = new double[distances.Length];
                totals[country] = 0;
            }
            totals[country] += population;
            for (int d = 0; d < distances.Length; d++)
                if (nearest <= distances[d])
                    within[country][d] += population;
        }
        return within;
    }

    [Theory]
    [InlineData("operational")]
    [InlineData("operational,planned")]
    public async Task Coverage_equals_brute_force(string status)
    {
        double[] distances = [50, 100, 250, 500];
        var expected = BruteCoverage(status.Split(','), distances, out var totals);

        var answer = await HttpAssert.JsonAsync(await _client.GetAsync($"/api/analysis/coverage?country=NGA,KEN&distances=500,50,100,250&to=points,lines&status={status}"));

        Assert.Equal(distances, answer.GetProperty("distances_km").EnumerateArray().Select(d => d.GetDouble()));
        var countries = answer.GetProperty("countries").EnumerateArray().ToArray();
        Assert.Equal(["KEN", "NGA"], countries.Select(c => c.GetProperty("country").GetString()));
        foreach (var country in countries)
        {
            string code = country.GetProperty("country").GetString()!;
            Assert.Equal(totals[code], country.GetProperty("population_total").GetDouble());
            var within = country.GetProperty("within").EnumerateArray().ToArray();
            for (int d = 0; d < distances.Length; d++)
            {
                Assert.Equal(distances[d], within[d].GetProperty("distance_km").GetDouble());
                Assert.Equal(expected[code][d], within[d].GetProperty("population").GetDouble());
                Assert.Equal(expected[code][d] / totals[code], within[d].GetProperty("share").GetDouble(), 1e-12);
            }
        }
        Assert.Equal(totals["KEN"] + totals["NGA"], answer.GetProperty("total").GetProperty("population_total").GetDouble());
    }

    [Fact]
    public async Task Planned_network_covers_at_least_as_many_people()
    {
        var operational = await HttpAssert.JsonAsync(await _client.GetAsync("/api/analysis/coverage?distances=100,300&to=points,lines&status=operational"));
        var withPlanned = await HttpAssert.JsonAsync(await _client.GetAsync("/api/analysis/coverage?distances=100,300&to=points,lines&status=operational,planned"));

        for (int d = 0; d < 2; d++)
        {
            double before = operational.GetProperty("total").GetProperty("within")[d].GetProperty("population").GetDouble();
            double after = withPlanned.GetProperty("total").GetProperty("within")[d].GetProperty("population").GetDouble();
            Assert.True(after >= before, $"{after} < {before}");
        }
    }

    [Fact]
    public async Task Coverage_as_csv_has_one_row_per_country_and_distance()
    {
        var response = await _client.GetAsync("/api/analysis/coverage?country=GHA&distances=10,25&to=lines&f=csv");
        var json = await HttpAssert.JsonAsync(await _client.GetAsync("/api/analysis/coverage?country=GHA&distances=10,25&to=lines"));

        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var rows = CsvTable.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(["country", "distance_km", "population_within", "population_total", "share"], rows[0]);
        Assert.Equal(["GHA", "GHA", "total", "total"], rows.Skip(1).Select(r => r[0]));
        Assert.Equal(json.GetProperty("countries")[0].GetProperty("within")[1].GetProperty("population").GetDouble(), double.Parse(rows[2][2], CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("country=XXX&to=lines", "XXX")]
    [InlineData("distances=-5&to=lines", "distances")]
    [InlineData("distances=0&to=lines", "distances")]
    [InlineData("distances=30000&to=lines", "distances")]
    [InlineData("distances=1,2,3,4,5,6,7,8,9,10,11&to=lines", "distances")]
    [InlineData("distances=abc&to=lines", "distances")]
    [InlineData("to=lines&status=built", "built")]
    [InlineData("to=lines&f=xml", "xml")]
    public async Task Coverage_parameter_errors_are_400(string query, string named)
    {
        string detail = await HttpAssert.ProblemAsync(await _client.GetAsync("/api/analysis/coverage?" + query), HttpStatusCode.BadRequest);

        Assert.Contains(named, detail);
    }

    [Theory]
    [InlineData("threshold_km=-1&to=lines", "threshold_km")]
    [InlineData("threshold_km=abc&to=lines", "threshold_km")]
    [InlineData("summary=all&to=lines", "summary")]
    public async Task Gaps_parameter_errors_are_400(string query, string named)
    {
        string detail = await HttpAssert.ProblemAsync(await PostAsync("/api/analysis/gaps?" + query, "lat,lon\n1,2\n", "text/csv"), HttpStatusCode.BadRequest);

        Assert.Contains(named, detail);
    }
}
