using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Maps.Functions.Tests.Support;
using Microsoft.Data.Sqlite;

namespace Maps.Functions.Tests;

public sealed class ExtractsTests(ExtractsFixture fixture) : IClassFixture<ExtractsFixture>
{
    private readonly HttpClient _client = fixture.Client;

    private async Task<List<string>> ItemIdsAsync(string collection, string query)
    {
        var ids = new List<string>();
        string? next = $"/api/collections/{collection}/items?limit=97{(query.Length > 0 ? "&" + query : "")}";
        while (next is not null)
        {
            var page = await HttpAssert.JsonAsync(await _client.GetAsync(next), "application/geo+json");
            ids.AddRange(page.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("id").GetString()!));
            next = page.GetProperty("links").EnumerateArray()
                .Where(l => l.GetProperty("rel").GetString() == "next")
                .Select(l => new Uri(l.GetProperty("href").GetString()!).PathAndQuery)
                .FirstOrDefault();
        }
        return ids;
    }

    private async Task<HttpResponseMessage> GetOkAsync(string url)
    {
        var response = await _client.GetAsync(url);
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return response;
    }

    private static string Version(HttpResponseMessage response) => response.Headers.GetValues("X-Maps-Version").Single();

    [Theory]
    [InlineData("geojson", "application/geo+json", "geojson")]
    [InlineData("geojsonseq", "application/geo+json-seq", "geojsons")]
    [InlineData("csv", "text/csv", "csv")]
    [InlineData("gpkg", "application/geopackage+sqlite3", "gpkg")]
    public async Task Each_format_has_its_media_type_and_an_attachment_file_name(string format, string mediaType, string extension)
    {
        var response = await GetOkAsync($"/api/extracts/points.{format}");

        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        var disposition = response.Content.Headers.ContentDisposition!;
        Assert.Equal("attachment", disposition.DispositionType);
        Assert.Equal($"points-{Version(response)[..8]}.{extension}", disposition.FileName!.Trim('"'));
        Assert.NotEmpty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task The_file_name_summarises_the_filters()
    {
        var response = await GetOkAsync("/api/extracts/points.geojson?status=operational&country=NGA&bbox=-10,-10,20,15");

        Assert.Equal($"points-NGA-operational-bbox_-10_-10_20_15-{Version(response)[..8]}.geojson",
            response.Content.Headers.ContentDisposition!.FileName!.Trim('"'));
    }

    [Theory]
    [InlineData("points", "")]
    [InlineData("points", "bbox=-10,-10,20,15")]
    [InlineData("points", "bbox=170,-30,-170,30")] // crosses the antimeridian
    [InlineData("points", "status=operational")]
    [InlineData("points", "datetime=2010-01-01T00:00:00Z/2015-12-31T23:59:59Z")]
    [InlineData("points", "country=NGA&status=operational&bbox=-180,-60,60,60&datetime=2005/..")]
    [InlineData("points", "tags=even")]
    [InlineData("lines", "bbox=175,-20,-175,0")]
    [InlineData("lines", "bbox=-1,0,1,1")]
    public async Task The_GeoJSON_extract_has_exactly_the_features_of_all_item_pages(string collection, string query)
    {
        var expected = await ItemIdsAsync(collection, query);

        var extract = await HttpAssert.JsonAsync(await _client.GetAsync($"/api/extracts/{collection}.geojson?{query}"), "application/geo+json");

        var ids = extract.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("id").GetString()!).ToList();
        Assert.Equal(expected, ids);
    }

    [Fact]
    public async Task Properties_selection_keeps_only_the_chosen_properties()
    {
        var extract = await HttpAssert.JsonAsync(await _client.GetAsync("/api/extracts/points.geojson?properties=status,name&country=GHA"), "application/geo+json");

        var features = extract.GetProperty("features").EnumerateArray().ToList();
        Assert.NotEmpty(features);
        Assert.All(features, f => Assert.Equal(["status", "name"], f.GetProperty("properties").EnumerateObject().Select(p => p.Name)));
    }

    [Fact]
    public async Task The_GeoJSON_extract_carries_licence_attribution_and_version()
    {
        var response = await GetOkAsync("/api/extracts/notes.geojson");
        using var extract = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = extract.RootElement;

        Assert.Equal("FeatureCollection", root.GetProperty("type").GetString());
        Assert.Equal("notes", root.GetProperty("name").GetString());
        Assert.Equal("Notes", root.GetProperty("title").GetString());
        Assert.Equal("CC-BY-4.0", root.GetProperty("license").GetString());
        Assert.Equal("© Maps tests", root.GetProperty("attribution").GetString());
        Assert.Equal("generated", root.GetProperty("source").GetString());
        Assert.Equal(Version(response), root.GetProperty("version").GetString());
        Assert.StartsWith("Maps ", root.GetProperty("generated_by").GetString());
        Assert.Equal("CC-BY-4.0 (https://creativecommons.org/licenses/by/4.0/)", response.Headers.GetValues("X-Maps-License").Single());
        Assert.Equal(Uri.EscapeDataString("©") + " Maps tests", response.Headers.GetValues("X-Maps-Attribution").Single());
        Assert.Contains(response.Headers.GetValues("Link"), l => l.Contains("<https://creativecommons.org/licenses/by/4.0/>; rel=\"license\""));
    }

    [Fact]
    public async Task GeoJSONSeq_is_one_RS_record_per_feature_and_no_metadata_record()
    {
        var expected = await ItemIdsAsync("points", "status=planned");

        byte[] body = await (await GetOkAsync("/api/extracts/points.geojsonseq?status=planned")).Content.ReadAsByteArrayAsync();

        var records = Encoding.UTF8.GetString(body).Split('\u001e').ToList();
        Assert.Equal("", records[0]);
        records.RemoveAt(0);
        Assert.All(records, r => Assert.EndsWith("\n", r));
        var ids = records.Select(r => JsonDocument.Parse(r).RootElement.GetProperty("id").GetString()!).ToList();
        Assert.Equal(expected, ids);
    }

    [Fact]
    public async Task CSV_quotes_awkward_values_and_parses_back()
    {
        string text = await (await GetOkAsync("/api/extracts/notes.csv")).Content.ReadAsStringAsync();

        var rows = Csv.Parse(text);
        Assert.Equal(["id", "extra", "name", "rank", "status", "lon", "lat", "wkt"], rows[0]);
        Assert.Equal(4, rows.Count);
        var first = rows[1];
        Assert.Equal("n-1", first[0]);
        Assert.Equal(ExtractsFixture.TrickyName, first[2]);
        Assert.Equal(["3.5", "6.25", "POINT (3.5 6.25)"], first[5..]);
        Assert.Equal(["n-2", "x;y", "Lagos–Kano é", "3", "operational", "-0.125", "51.5", "POINT (-0.125 51.5)"], rows[2]);
    }

    [Fact]
    public async Task CSV_of_lines_has_wkt_and_no_lon_lat()
    {
        var rows = Csv.Parse(await (await GetOkAsync("/api/extracts/lines.csv?bbox=175,-20,-175,0")).Content.ReadAsStringAsync());

        Assert.Equal(["id", "country", "name", "status", "wkt"], rows[0]);
        Assert.Equal("cable-pacific", rows[1][0]);
        Assert.Equal("MULTILINESTRING ((170 -10, 180 -12), (-180 -12, -170 -15))", rows[1][4]);
        Assert.Equal(2, rows.Count);
    }

    [Fact]
    public async Task CSV_rows_match_the_items_for_the_same_filter()
    {
        var expected = await ItemIdsAsync("points", "bbox=170,-30,-170,30&status=operational");

        var rows = Csv.Parse(await (await GetOkAsync("/api/extracts/points.csv?bbox=170,-30,-170,30&status=operational")).Content.ReadAsStringAsync());

        Assert.Equal(expected, rows.Skip(1).Select(r => r[0]));
    }

    [Fact]
    public async Task CSV_links_its_CSVW_metadata_which_describes_its_columns_and_licence()
    {
        var csv = await GetOkAsync("/api/extracts/notes.csv?status=operational");
        string link = csv.Headers.GetValues("Link").Single(l => l.Contains("rel=\"describedby\""));
        string url = link[1..link.IndexOf('>')];
        var header = Csv.Parse(await csv.Content.ReadAsStringAsync())[0];

        var metadata = await HttpAssert.JsonAsync(await _client.GetAsync(new Uri(url).PathAndQuery), "application/csvm+json");

        Assert.EndsWith("/api/extracts/notes.csv-metadata.json?status=operational", url);
        Assert.Equal("http://www.w3.org/ns/csvw", metadata.GetProperty("@context").GetString());
        Assert.EndsWith("/api/extracts/notes.csv?status=operational", metadata.GetProperty("url").GetString());
        Assert.Equal("https://creativecommons.org/licenses/by/4.0/", metadata.GetProperty("dc:license").GetProperty("@id").GetString());
        Assert.Contains("© Maps tests", metadata.GetProperty("dc:rights").GetString());
        Assert.Equal(header, metadata.GetProperty("tableSchema").GetProperty("columns").EnumerateArray().Select(c => c.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task The_GeoPackage_holds_the_filtered_features_and_the_licence()
    {
        var expected = await ItemIdsAsync("points", "status=operational&bbox=-60,-40,60,40");
        string path = Path.Combine(Path.GetTempPath(), $"extract-{Guid.NewGuid():N}.gpkg");
        await File.WriteAllBytesAsync(path, await (await GetOkAsync("/api/extracts/points.gpkg?status=operational&bbox=-60,-40,60,40")).Content.ReadAsByteArrayAsync());
        try
        {
            using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
            connection.Open();

            Assert.Equal(expected, Query(connection, "SELECT id FROM points ORDER BY fid"));
            Assert.Equal(["POINT"], Query(connection, "SELECT geometry_type_name FROM gpkg_geometry_columns WHERE table_name = 'points'"));
            Assert.Contains("CC0-1.0", Query(connection, "SELECT description FROM gpkg_contents").Single());
            var metadata = Query(connection, "SELECT m.metadata FROM gpkg_metadata m JOIN gpkg_metadata_reference r ON r.md_file_id = m.id WHERE r.table_name = 'points'");
            Assert.Contains(metadata, m => m.Contains("\"dc:license\":\"CC0-1.0 (https://creativecommons.org/publicdomain/zero/1.0/)\""));
            Assert.Equal(["1196444487"], Query(connection, "PRAGMA application_id"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static List<string> Query(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var values = new List<string>();
        while (reader.Read())
            values.Add(Convert.ToString(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture)!);
        return values;
    }

    [Theory]
    [InlineData("geojson")]
    [InlineData("csv")]
    [InlineData("gpkg")]
    public async Task A_matching_If_None_Match_is_304(string format)
    {
        var first = await GetOkAsync($"/api/extracts/points.{format}?status=planned&country=KEN");
        var request = new HttpRequestMessage(HttpMethod.Get, $"/api/extracts/points.{format}?country=KEN&status=planned");
        request.Headers.IfNoneMatch.Add(first.Headers.ETag!);

        var second = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
        Assert.Empty(await second.Content.ReadAsByteArrayAsync());
        Assert.Contains("public", first.Headers.CacheControl!.ToString());
    }

    [Fact]
    public async Task Different_formats_and_filters_have_different_ETags()
    {
        var tags = new HashSet<string>();
        foreach (var url in new[] { "points.geojson", "points.csv", "points.geojson?status=planned", "points.csv?status=planned" })
            tags.Add((await GetOkAsync("/api/extracts/" + url)).Headers.ETag!.Tag);

        Assert.Equal(4, tags.Count);
    }

    [Theory]
    [InlineData("geojson")]
    [InlineData("gpkg")]
    public async Task HEAD_has_the_headers_and_no_body(string format)
    {
        var response = await _client.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"/api/extracts/points.{format}"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotNull(response.Headers.ETag);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.NotNull(response.Content.Headers.ContentType);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task An_unknown_format_is_400_naming_the_formats()
    {
        string detail = await HttpAssert.ProblemAsync(await _client.GetAsync("/api/extracts/points.shp"), HttpStatusCode.BadRequest);

        Assert.Contains("'shp'", detail);
        foreach (var format in new[] { "geojson", "geojsonseq", "csv", "gpkg" })
            Assert.Contains($"points.{format}'", detail);
    }

    [Fact]
    public async Task An_unknown_collection_is_404()
    {
        await HttpAssert.ProblemAsync(await _client.GetAsync("/api/extracts/nope.geojson"), HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("limit=10")]
    [InlineData("after=p-0001")]
    [InlineData("bbox=1,2,3")]
    [InlineData("properties=nope")]
    public async Task Paging_and_malformed_parameters_are_400(string query)
    {
        await HttpAssert.ProblemAsync(await _client.GetAsync($"/api/extracts/points.geojson?{query}"), HttpStatusCode.BadRequest);
    }
}

public sealed class WktTextTests
{
    [Theory]
    [InlineData("POINT (3.5 6.25)")]
    [InlineData("LINESTRING (0.1 0.2, -179.999999 89.123456789012)")]
    [InlineData("MULTILINESTRING ((170 -10, 180 -12), (-180 -12, -170 -15))")]
    [InlineData("POLYGON ((0 0, 1 0, 1 1, 0 0), (0.2 0.1, 0.3 0.1, 0.3 0.2, 0.2 0.1))")]
    [InlineData("MULTIPOINT ((1 2), (3 4))")]
    [InlineData("LINESTRING EMPTY")]
    public void Wkt_matches_WKTWriter_layout_and_round_trips(string wkt)
    {
        var geometry = new NetTopologySuite.IO.WKTReader().Read(wkt);
        var text = new System.Text.StringBuilder();

        Maps.Functions.Extracts.WktText.Append(text, geometry);

        Assert.Equal(wkt, text.ToString());
        Assert.True(geometry.EqualsExact(new NetTopologySuite.IO.WKTReader().Read(text.ToString())));
    }
}
