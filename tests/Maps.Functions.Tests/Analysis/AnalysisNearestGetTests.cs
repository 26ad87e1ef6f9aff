using System.Globalization;
using System.Net;
using System.Text.Json;
using Maps.Core.Geodesy;
using Maps.Functions.Tests.Support;

namespace Maps.Functions.Tests.Analysis;

public sealed class AnalysisNearestGetTests(AnalysisApiFactory factory) : IClassFixture<AnalysisApiFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    private static string F(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private async Task<JsonElement> NearestAsync(string query) =>
        await HttpAssert.JsonAsync(await _client.GetAsync("/api/analysis/nearest?" + query), "application/geo+json");

    [Fact]
    public async Task Nearest_equals_brute_force_for_random_points()
    {
        var brute = factory.Brute(["points", "lines"], "operational");
        var random = new Random(11);

        for (int i = 0; i < 40; i++)
        {
            double lon = Math.Round(random.NextDouble() * 360 - 180, 6), lat = Math.Round(random.NextDouble() * 180 - 90, 6);
            var answer = await NearestAsync($"lon={F(lon)}&lat={F(lat)}&to=points,lines&status=operational&k=3");
            var expected = brute.Nearest(lon, lat, 3);

            var nearest = answer.GetProperty("features").EnumerateArray().Where(f => f.GetProperty("properties").GetProperty("role").GetString() == "nearest").ToArray();
            Assert.Equal(expected.Count, nearest.Length);
            for (int r = 0; r < expected.Count; r++)
            {
                var properties = nearest[r].GetProperty("properties");
                Assert.Equal(expected[r].FeatureId, nearest[r].GetProperty("id").GetString());
                Assert.Equal(expected[r].CollectionId, properties.GetProperty("collection").GetString());
                Assert.Equal(r + 1, properties.GetProperty("rank").GetInt32());
                Assert.Equal(expected[r].DistanceKm, properties.GetProperty("distance_km").GetDouble(), 1e-9);
                Assert.Equal("operational", properties.GetProperty("status").GetString());
            }
        }
    }

    [Fact]
    public async Task Distance_to_a_point_feature_is_the_haversine_distance()
    {
        var answer = await NearestAsync("lon=10.5&lat=20.25&to=points");

        var feature = answer.GetProperty("features")[0];
        var c = feature.GetProperty("geometry").GetProperty("coordinates");
        double expected = Sphere.DistanceKm(10.5, 20.25, c[0].GetDouble(), c[1].GetDouble());
        Assert.Equal(expected, feature.GetProperty("properties").GetProperty("distance_km").GetDouble(), 1e-6 * expected);
    }

    [Fact]
    public async Task Each_result_is_followed_by_its_connector_ending_at_the_closest_point()
    {
        var brute = factory.Brute(["points", "lines"]);

        var answer = await NearestAsync("lon=4&lat=8&to=points,lines&k=4");

        var features = answer.GetProperty("features").EnumerateArray().ToArray();
        var expected = brute.Nearest(4, 8, 4);
        Assert.Equal(2 * expected.Count, features.Length);
        for (int r = 0; r < expected.Count; r++)
        {
            var connector = features[2 * r + 1];
            Assert.False(connector.TryGetProperty("id", out _));
            var properties = connector.GetProperty("properties");
            Assert.Equal("connector", properties.GetProperty("role").GetString());
            Assert.Equal(r + 1, properties.GetProperty("rank").GetInt32());
            Assert.Equal(expected[r].FeatureId, properties.GetProperty("nearest_id").GetString());
            Assert.Equal(expected[r].CollectionId, properties.GetProperty("collection").GetString());
            Assert.Equal("LineString", connector.GetProperty("geometry").GetProperty("type").GetString());
            var coordinates = connector.GetProperty("geometry").GetProperty("coordinates");
            Assert.Equal(4, coordinates[0][0].GetDouble());
            Assert.Equal(8, coordinates[0][1].GetDouble());
            Assert.Equal(expected[r].ClosestLon, coordinates[1][0].GetDouble(), 1e-9);
            Assert.Equal(expected[r].ClosestLat, coordinates[1][1].GetDouble(), 1e-9);
            double length = Sphere.DistanceKm(4, 8, coordinates[1][0].GetDouble(), coordinates[1][1].GetDouble());
            Assert.Equal(properties.GetProperty("distance_km").GetDouble(), length, 1e-6 * Math.Max(1, length));
        }
    }

    [Fact]
    public async Task K_results_are_distinct_and_ordered_by_distance()
    {
        var answer = await NearestAsync("lon=-30&lat=40&to=points&k=25");

        var nearest = answer.GetProperty("features").EnumerateArray().Where(f => f.GetProperty("properties").GetProperty("role").GetString() == "nearest").ToArray();
        Assert.Equal(25, nearest.Length);
        Assert.Equal(25, nearest.Select(f => f.GetProperty("id").GetString()).Distinct().Count());
        var distances = nearest.Select(f => f.GetProperty("properties").GetProperty("distance_km").GetDouble()).ToArray();
        Assert.Equal(distances.Order(), distances);
    }

    [Fact]
    public async Task Without_a_status_the_echo_says_null_for_every_status()
    {
        var answer = await NearestAsync("lon=1.5&lat=2&to=lines");

        Assert.Equal(System.Text.Json.JsonValueKind.Null, answer.GetProperty("query").GetProperty("status").ValueKind);
    }

    [Fact]
    public async Task Query_member_echoes_the_parsed_request()
    {
        var answer = await NearestAsync("lon=1.5&lat=2&to=lines,points&status=Operational,planned&k=500&max_distance_km=20000");

        var query = answer.GetProperty("query");
        Assert.Equal(1.5, query.GetProperty("lon").GetDouble());
        Assert.Equal(2, query.GetProperty("lat").GetDouble());
        Assert.Equal(["lines", "points"], query.GetProperty("to").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["operational", "planned"], query.GetProperty("status").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(100, query.GetProperty("k").GetInt32());
        Assert.Equal(20000, query.GetProperty("max_distance_km").GetDouble());
        Assert.Equal("FeatureCollection", answer.GetProperty("type").GetString());
    }

    [Fact]
    public async Task Antimeridian_query_finds_the_pacific_cable_close_by()
    {
        var answer = await NearestAsync("lon=179.9&lat=-12&to=lines");

        var first = answer.GetProperty("features")[0];
        Assert.Equal("cable-pacific", first.GetProperty("id").GetString());
        Assert.True(first.GetProperty("properties").GetProperty("distance_km").GetDouble() < 5.0);
        var west = await NearestAsync("lon=-179.95&lat=-12.02&to=lines");
        Assert.Equal("cable-pacific", west.GetProperty("features")[0].GetProperty("id").GetString());
        Assert.True(west.GetProperty("features")[0].GetProperty("properties").GetProperty("distance_km").GetDouble() < 5.0);
    }

    [Fact]
    public async Task Max_distance_limits_the_answer()
    {
        var answer = await NearestAsync("lon=60&lat=60&to=lines&k=3&max_distance_km=1");

        Assert.Equal(0, answer.GetProperty("features").GetArrayLength());
    }

    [Theory]
    [InlineData("lat=1&to=points", "lon")]
    [InlineData("lon=1&to=points", "lat")]
    [InlineData("lon=181&lat=1&to=points", "lon")]
    [InlineData("lon=1&lat=-91&to=points", "lat")]
    [InlineData("lon=NaN&lat=1&to=points", "lon")]
    [InlineData("lon=1&lat=1&to=points,rivers", "rivers")]
    [InlineData("lon=1&lat=1&to=points&status=working", "working")]
    [InlineData("lon=1&lat=1&to=points&k=0", "k")]
    [InlineData("lon=1&lat=1&to=points&k=1.5", "k")]
    [InlineData("lon=1&lat=1&to=points&k=-3", "k")]
    [InlineData("lon=1&lat=1&to=points&max_distance_km=-1", "max_distance_km")]
    [InlineData("lon=1&lat=1&to=points&colour=red", "colour")]
    [InlineData("lon=1&lat=1", "to=")]
    public async Task Bad_parameters_are_400_naming_the_problem(string query, string named)
    {
        var response = await _client.GetAsync("/api/analysis/nearest?" + query);

        string detail = await HttpAssert.ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains(named, detail);
    }

    [Fact]
    public async Task Unknown_collection_lists_the_valid_ones()
    {
        var response = await _client.GetAsync("/api/analysis/nearest?lon=1&lat=1&to=rivers");

        string detail = await HttpAssert.ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("lines", detail);
        Assert.Contains("points", detail);
    }
}
