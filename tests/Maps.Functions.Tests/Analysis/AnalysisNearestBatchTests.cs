using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Maps.Functions.Tests.Support;

namespace Maps.Functions.Tests.Analysis;

public sealed class AnalysisNearestBatchTests(AnalysisApiFactory factory) : IClassFixture<AnalysisApiFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    private static string F(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private async Task<HttpResponseMessage> PostAsync(string url, string body, string contentType) =>
        await _client.PostAsync(url, new ByteArrayContent(Encoding.UTF8.GetBytes(body)) { Headers = { { "Content-Type", contentType } } });

    private async Task<List<string[]>> PostCsvAsync(string query, string body, char delimiter = ',')
    {
        var response = await PostAsync("/api/analysis/nearest?" + query, body, "text/csv");
        string text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        return CsvTable.Parse(text, delimiter);
    }

    private static readonly string[] Added = ["nearest_collection", "nearest_id", "nearest_operator", "nearest_status", "distance_km", "error"];

    [Fact]
    public async Task Csv_rows_keep_their_columns_and_get_the_same_answer_as_get_nearest()
    {
        var random = new Random(5);
        var body = new StringBuilder("id,name,lat,lon,extra\n");
        var points = new List<(double Lon, double Lat)>();
        for (int i = 0; i < 30; i++)
        {
            double lon = Math.Round(random.NextDouble() * 360 - 180, 5), lat = Math.Round(random.NextDouble() * 170 - 85, 5);
            points.Add((lon, lat));
            body.Append($"s{i},\"School, {i} \"\"A\"\"\",{F(lat)},{F(lon)},\"two\nlines\"\n");
        }

        var rows = await PostCsvAsync("to=points,lines&status=operational", body.ToString());

        Assert.Equal(["id", "name", "lat", "lon", "extra", .. Added], rows[0]);
        Assert.Equal(31, rows.Count);
        for (int i = 0; i < points.Count; i++)
        {
            var row = rows[i + 1];
            Assert.Equal([$"s{i}", $"School, {i} \"A\"", F(points[i].Lat), F(points[i].Lon), "two\nlines"], row[..5]);
            using var single = JsonDocument.Parse(await _client.GetStringAsync($"/api/analysis/nearest?lon={F(points[i].Lon)}&lat={F(points[i].Lat)}&to=points,lines&status=operational"));
            var nearest = single.RootElement.GetProperty("features")[0];
            Assert.Equal(nearest.GetProperty("properties").GetProperty("collection").GetString(), row[5]);
            Assert.Equal(nearest.GetProperty("id").GetString(), row[6]);
            Assert.Equal("operational", row[8]);
            Assert.Equal(nearest.GetProperty("properties").GetProperty("distance_km").GetDouble(), double.Parse(row[9], CultureInfo.InvariantCulture));
            Assert.Equal("", row[10]);
        }
    }

    [Fact]
    public async Task Csv_with_bom_semicolons_and_crlf_is_read_and_answered_with_semicolons()
    {
        string body = "\uFEFFName;Latitude;Longitude\r\n\"A;1\";6,5;3\r\nB;6.5;3.25\r\n";

        var rows = await PostCsvAsync("to=lines", body, ';');

        Assert.Equal(["Name", "Latitude", "Longitude", .. Added], rows[0]);
        Assert.Equal(["A;1", "6,5", "3", "lines", "line-africa"], rows[1][..5]);
        Assert.Equal("", rows[1][^1]);
        Assert.Equal(["B", "6.5", "3.25", "lines", "line-africa"], rows[2][..5]);
        Assert.Equal("", rows[2][^1]);
    }

    [Theory]
    [InlineData(';')]
    [InlineData('\t')]
    public async Task Decimal_commas_of_a_semicolon_or_tab_file_read_as_the_same_numbers(char delimiter)
    {
        var random = new Random(11);
        var points = Enumerable.Range(0, 25)
            .Select(_ => (Lon: Math.Round(random.NextDouble() * 60 - 20, 5), Lat: Math.Round(random.NextDouble() * 50 - 20, 5))).ToArray();
        string d = delimiter.ToString();
        string withCommas = $"id{d}lat{d}lon\n" + string.Concat(points.Select((p, i) => $"s{i}{d}{F(p.Lat).Replace('.', ',')}{d}{F(p.Lon).Replace('.', ',')}\n"));

        var rows = await PostCsvAsync("to=lines", withCommas, delimiter);

        var brute = factory.Brute(["lines"]);
        for (int i = 0; i < points.Length; i++)
        {
            var row = rows[i + 1];
            Assert.Equal("", row[^1]);
            double expected = brute.Nearest(points[i].Lon, points[i].Lat)[0].DistanceKm;
            Assert.Equal(expected, double.Parse(row[^2], CultureInfo.InvariantCulture), 9);
        }
    }

    [Theory]
    [InlineData("id,lat,lon\na,\"6,5\",3\n", "latitude is not a number")]
    [InlineData("id;lat;lon\na;6,5,1;3\n", "latitude is not a number")]
    [InlineData("id;lat;lon\na;6.5,1;3\n", "latitude is not a number")]
    public async Task A_comma_is_a_decimal_point_only_where_it_cannot_be_anything_else(string body, string error)
    {
        var rows = await PostCsvAsync("to=lines", body, body[2]);

        Assert.Equal(error, rows[1][^1]);
    }

    [Fact]
    public async Task Bad_rows_get_an_error_and_do_not_fail_the_batch()
    {
        string body = "id,lat,lon\na,1,2\nb,,2\nc,95,2\nd,1,abc\ne,1,-181\nf\ng,8,4\n";

        var rows = await PostCsvAsync("to=lines", body);

        Assert.Equal(8, rows.Count);
        Assert.Equal(["", "missing latitude", "latitude out of range [-90, 90]", "longitude is not a number", "longitude out of range [-180, 180]", "missing coordinates", ""],
            rows.Skip(1).Select(r => r[^1]));
        Assert.Equal("f", rows[6][0]);
        Assert.Equal("", rows[2][4]);
        Assert.NotEqual("", rows[7][4]);
    }

    [Fact]
    public async Task Columns_can_be_named_by_parameter()
    {
        string body = "where_n,where_e,lat\n8,4,not-this\n";

        var rows = await PostCsvAsync("to=lines&lat=WHERE_N&lon=where_e", body);

        Assert.Equal("line-africa", rows[1][4]);
        Assert.Equal("", rows[1][^1]);
    }

    [Theory]
    [InlineData("name,lat\nA,1\n", "", "longitude")]
    [InlineData("name,lat,lon\nA,1,2\n", "&lat=northing", "northing")]
    [InlineData("", "", "empty")]
    public async Task Missing_columns_are_400(string body, string query, string named)
    {
        var response = await PostAsync("/api/analysis/nearest?to=lines" + query, body, "text/csv");

        string detail = await HttpAssert.ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains(named, detail);
    }

    [Fact]
    public async Task Ragged_rows_keep_the_added_columns_under_their_header()
    {
        var rows = await PostCsvAsync("to=points", "name,lat,lon\nshort,1\nlong,1,2,surplus\nfine,1,2\n");

        Assert.All(rows, row => Assert.Equal(3 + Added.Length, row.Length));
        Assert.Equal(["short", "1", ""], rows[1][..3]);
        Assert.Contains("longitude", rows[1][^1]);
        Assert.Equal(["long", "1", "2"], rows[2][..3]);
        Assert.Contains("4 fields", rows[2][^1]);
        Assert.Equal("", rows[2][3]);
        Assert.Equal("", rows[3][^1]);
        Assert.Equal("points", rows[3][3]);
    }

    [Fact]
    public async Task Wrong_content_type_is_415()
    {
        var response = await PostAsync("/api/analysis/nearest?to=lines", "lat,lon\n1,2\n", "application/xml");

        string detail = await HttpAssert.ProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
        Assert.Contains("application/xml", detail);
        Assert.Contains("text/csv", detail);
    }

    [Fact]
    public async Task Bodies_over_the_limit_are_413()
    {
        var body = new StringBuilder("lat,lon\n");
        while (body.Length <= AnalysisApiFactory.MaxBodyBytes)
            body.Append("1.000000,2.000000\n");

        var response = await PostAsync("/api/analysis/nearest?to=lines", body.ToString(), "text/csv");

        await HttpAssert.ProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
    }

    private static byte[] Gzip(string text)
    {
        using var output = new MemoryStream();
        using (var gzip = new System.IO.Compression.GZipStream(output, System.IO.Compression.CompressionLevel.SmallestSize, leaveOpen: true))
            gzip.Write(Encoding.UTF8.GetBytes(text));
        return output.ToArray();
    }

    private async Task<HttpResponseMessage> PostGzipAsync(string url, byte[] body, string contentType) =>
        await _client.PostAsync(url, new ByteArrayContent(body) { Headers = { { "Content-Type", contentType }, { "Content-Encoding", "gzip" } } });

    [Fact]
    public async Task A_gzip_body_gets_the_answer_of_the_plain_one()
    {
        var body = new StringBuilder("id,lat,lon\n");
        for (int i = 0; i < 50; i++)
            body.Append(CultureInfo.InvariantCulture, $"r{i},{-20 + i * 0.9:F4},{-10 + i * 1.1:F4}\n");

        var plain = await PostCsvAsync("to=points,lines", body.ToString());
        var packed = await PostGzipAsync("/api/analysis/nearest?to=points,lines", Gzip(body.ToString()), "text/csv");

        string text = await packed.Content.ReadAsStringAsync();
        Assert.True(packed.IsSuccessStatusCode, text);
        Assert.Equal(plain, CsvTable.Parse(text, ','));
    }

    [Fact]
    public async Task A_gzip_body_over_the_limit_once_decoded_is_413_and_bad_gzip_is_400()
    {
        var body = new StringBuilder("lat,lon\n");
        while (body.Length <= AnalysisApiFactory.MaxBodyBytes)
            body.Append("1.000000,2.000000\n");
        var packed = Gzip(body.ToString());
        Assert.True(packed.Length < AnalysisApiFactory.MaxBodyBytes / 10);

        await HttpAssert.ProblemAsync(await PostGzipAsync("/api/analysis/nearest?to=lines", packed, "text/csv"), HttpStatusCode.RequestEntityTooLarge);
        string detail = await HttpAssert.ProblemAsync(await PostGzipAsync("/api/analysis/nearest?to=lines", Encoding.UTF8.GetBytes("lat,lon\n1,2\n"), "text/csv"), HttpStatusCode.BadRequest);
        Assert.Contains("gzip", detail);
    }

    [Fact]
    public async Task Unterminated_quote_after_output_started_ends_with_an_error_row()
    {
        var body = new StringBuilder("id,lat,lon\n");
        for (int i = 0; i < 20; i++)
            body.Append($"r{i},8,4\n");
        body.Append("bad,\"8,4\n");

        var rows = await PostCsvAsync("to=lines", body.ToString());

        Assert.Equal(22, rows.Count);
        Assert.All(rows.Skip(1).Take(20), r => Assert.Equal("line-africa", r[4]));
        Assert.StartsWith("request body error:", rows[^1][^1]);
        Assert.Equal(9, rows[^1].Length);
    }

    private static string GeoJsonBody(IEnumerable<string> features) =>
        "{\"type\":\"FeatureCollection\",\"name\":\"schools\",\"features\":[" + string.Join(",", features) + "]}";

    [Fact]
    public async Task GeoJson_round_trip_keeps_ids_geometry_and_properties_in_order()
    {
        var features = Enumerable.Range(0, 20).Select(i =>
            $"{{\"type\":\"Feature\",\"id\":{(i % 2 == 0 ? $"\"f{i}\"" : i.ToString())},\"geometry\":{{\"type\":\"Point\",\"coordinates\":[{F(3 + i * 0.1)},{F(6 + i * 0.2)}]}},\"properties\":{{\"z\":1,\"a\":\"x{i}\",\"nested\":{{\"k\":[1,2]}}}}}}").ToList();
        features.Add("{\"type\":\"Feature\",\"geometry\":{\"type\":\"LineString\",\"coordinates\":[[0,0],[1,1]]},\"properties\":null}");

        var response = await PostAsync("/api/analysis/nearest?to=lines", GeoJsonBody(features), "application/geo+json");

        var answer = await HttpAssert.JsonAsync(response, "application/geo+json");
        var output = answer.GetProperty("features").EnumerateArray().ToArray();
        Assert.Equal(21, output.Length);
        for (int i = 0; i < 20; i++)
        {
            using var input = JsonDocument.Parse(features[i]);
            Assert.Equal(input.RootElement.GetProperty("id").GetRawText(), output[i].GetProperty("id").GetRawText());
            Assert.Equal(input.RootElement.GetProperty("geometry").GetRawText(), output[i].GetProperty("geometry").GetRawText());
            var names = output[i].GetProperty("properties").EnumerateObject().Select(p => p.Name).ToArray();
            Assert.Equal(["z", "a", "nested", .. Added], names);
            Assert.Equal($"x{i}", output[i].GetProperty("properties").GetProperty("a").GetString());
            Assert.Equal("lines", output[i].GetProperty("properties").GetProperty("nearest_collection").GetString());
            Assert.Equal(JsonValueKind.Null, output[i].GetProperty("properties").GetProperty("error").ValueKind);
        }
        Assert.Equal("geometry is a LineString, not a Point", output[20].GetProperty("properties").GetProperty("error").GetString());
        Assert.Equal(["lines"], answer.GetProperty("query").GetProperty("to").EnumerateArray().Select(e => e.GetString()));
        Assert.False(answer.TryGetProperty("error", out _));
    }

    [Fact]
    public async Task Truncated_geojson_before_output_is_400()
    {
        string body = GeoJsonBody(["{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[1,2]},\"properties\":{}}"]);

        var response = await PostAsync("/api/analysis/nearest?to=lines", body[..^10], "application/geo+json");

        await HttpAssert.ProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Truncated_geojson_after_output_started_closes_the_collection_with_an_error_member()
    {
        var features = Enumerable.Range(0, 30).Select(i => $"{{\"type\":\"Feature\",\"id\":{i},\"geometry\":{{\"type\":\"Point\",\"coordinates\":[4,8]}},\"properties\":{{}}}}");
        string body = GeoJsonBody(features);

        var response = await PostAsync("/api/analysis/nearest?to=lines", body[..(body.Length - 40)], "application/geo+json");

        var answer = await HttpAssert.JsonAsync(response, "application/geo+json");
        Assert.Contains("not read", answer.GetProperty("error").GetString());
        Assert.InRange(answer.GetProperty("features").GetArrayLength(), AnalysisApiFactory.ChunkRows, 29);
    }

    [Theory]
    [InlineData("[1,2]")]
    [InlineData("{\"type\":\"Feature\",\"geometry\":null}")]
    [InlineData("{\"type\":\"FeatureCollection\"}")]
    public async Task Not_a_feature_collection_is_400(string body)
    {
        var response = await PostAsync("/api/analysis/nearest?to=lines", body, "application/json");

        await HttpAssert.ProblemAsync(response, HttpStatusCode.BadRequest);
    }
}
