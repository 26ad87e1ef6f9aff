using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Maps.EndToEnd.Tests.Support;

namespace Maps.EndToEnd.Tests;

/// <summary>
/// GDAL (Debian gdal-bin) opens every extract format downloaded from the real process (standalone, and under the Functions host) and
/// finds exactly the features the items endpoint matches for the same filters.
/// </summary>
public abstract partial class GdalExtractTests(ApiProcess handler) : IDisposable
{
    private static readonly HttpClient Client = new() { Timeout = TimeSpan.FromMinutes(5) };
    private readonly string _work = Directory.CreateTempSubdirectory("maps-gdal-extract-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    private static readonly Dictionary<string, string[]> OpenOptions = new()
    {
        ["csv"] = ["-oo", "GEOM_POSSIBLE_NAMES=wkt", "-oo", "KEEP_GEOM_COLUMNS=NO"],
    };

    private static readonly Dictionary<string, string> Extensions = new()
    {
        ["geojson"] = "geojson", ["geojsonseq"] = "geojsons", ["csv"] = "csv", ["gpkg"] = "gpkg", ["fgb"] = "fgb",
    };

    private async Task<string> DownloadAsync(string collection, string format, string query)
    {
        string path = Path.Combine(_work, $"{collection}-{Guid.NewGuid():N}.{Extensions[format]}");
        using var response = await Client.GetAsync($"{handler.ApiRoot}/extracts/{collection}.{format}?{query}", HttpCompletionOption.ResponseHeadersRead);
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        Assert.EndsWith("." + Extensions[format], response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        await using (var file = File.Create(path))
            await response.Content.CopyToAsync(file);
        return path;
    }

    private async Task<int> NumberMatchedAsync(string collection, string query)
    {
        var page = await Client.GetFromJsonAsync<JsonElement>($"{handler.ApiRoot}/collections/{collection}/items?limit=1&{query}");
        return page.GetProperty("numberMatched").GetInt32();
    }

    [Theory]
    [InlineData("nodes", "geojson", "")]
    [InlineData("nodes", "geojsonseq", "")]
    [InlineData("nodes", "csv", "")]
    [InlineData("nodes", "gpkg", "")]
    [InlineData("nodes", "fgb", "")]
    [InlineData("nodes", "fgb", "status=planned&bbox=-20,-35,55,40&properties=status,name")]
    [InlineData("nodes", "geojson", "status=operational&bbox=170,-60,-170,60")]
    [InlineData("nodes", "geojsonseq", "country=KEN&datetime=2000-01-01T00:00:00Z/..")]
    [InlineData("nodes", "csv", "status=planned&bbox=-20,-35,55,40")]
    [InlineData("nodes", "gpkg", "status=operational&bbox=-20,-35,55,40&properties=name,status")]
    [InlineData("links", "geojson", "")]
    [InlineData("links", "geojsonseq", "bbox=175,-20,-175,0")]
    [InlineData("links", "csv", "status=operational")]
    [InlineData("links", "gpkg", "country=FJI")]
    [InlineData("links", "fgb", "")]
    [InlineData("links", "fgb", "bbox=175,-20,-175,0")]
    public async Task Ogrinfo_opens_the_extract_and_counts_the_items_numberMatched(string collection, string format, string query)
    {
        int expected = await NumberMatchedAsync(collection, query);
        string path = await DownloadAsync(collection, format, query);

        string output = await Gdal.RunAsync("ogrinfo", ["-ro", "-so", "-al", .. OpenOptions.GetValueOrDefault(format, []), path]);

        Assert.Equal(expected, FeatureCount(output));
        Assert.True(expected > 0, "the filter should match features");
    }

    [Fact]
    public async Task A_filtered_GeoPackage_has_exactly_the_filtered_ids_and_its_licence()
    {
        const string query = "status=operational&bbox=-100,-50,100,50";
        var expected = await ItemIdsAsync("nodes", query);
        string path = await DownloadAsync("nodes", "gpkg", query);

        string csv = await Gdal.RunAsync("ogr2ogr", "-f", "CSV", "/vsistdout/", path, "-select", "id");
        string info = await Gdal.RunAsync("ogrinfo", "-ro", "-so", "-al", path);

        var ids = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Skip(1).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(expected.Order(StringComparer.Ordinal), ids);
        Assert.Contains("LICENSE=CC0-1.0", info);
        Assert.Contains("ATTRIBUTION=Maps end-to-end tests", info);
        Assert.Contains("Geometry: Point", info);
    }

    /// <summary>
    /// The FlatGeobuf extract, whole (the layer file's FlatGeobuf part as stored) and filtered (written
    /// for the request): GDAL 3.10 reads the features the items endpoint serves, id for id and value for
    /// value, its spatial index answers a bbox, and the collection's licence is the layer's metadata.
    /// </summary>
    [Theory]
    [InlineData("")]
    [InlineData("status=operational&bbox=-100,-50,100,50")]
    public async Task A_FlatGeobuf_extract_has_the_items_features_its_index_and_its_licence(string query)
    {
        var expected = await Client.GetFromJsonAsync<JsonElement>($"{handler.ApiRoot}/collections/nodes/items?limit=10000&{query}");
        string path = await DownloadAsync("nodes", "fgb", query);

        string geojson = Path.Combine(_work, "from-fgb.geojson");
        await Gdal.RunTrixieAsync("ogr2ogr", "-f", "GeoJSON", geojson, path, "-lco", "RFC7946=YES", "-lco", "ID_FIELD=id");
        string info = await Gdal.RunTrixieAsync("ogrinfo", "-ro", "-so", "-al", path);
        string spatial = await Gdal.RunTrixieAsync("ogrinfo", "-ro", "-so", "-al", "-spat", "0", "-10", "40", "20", path);

        using var read = JsonDocument.Parse(await File.ReadAllTextAsync(geojson));
        var features = read.RootElement.GetProperty("features").EnumerateArray().ToDictionary(f => f.GetProperty("id").GetString()!);
        var served = expected.GetProperty("features").EnumerateArray().ToList();
        Assert.Equal(served.Count, features.Count);
        foreach (var feature in served)
        {
            var copy = features[feature.GetProperty("id").GetString()!];
            Assert.Equal(Coordinates(feature), Coordinates(copy));
            Assert.Equal(feature.GetProperty("properties").GetProperty("name").GetString(), copy.GetProperty("properties").GetProperty("name").GetString());
            Assert.Equal(feature.GetProperty("properties").GetProperty("status").GetString(), copy.GetProperty("properties").GetProperty("status").GetString());
        }
        Assert.Contains("license=CC0-1.0", info);
        Assert.Contains("attribution=Maps end-to-end tests", info);
        int inBox = served.Count(f => f.GetProperty("geometry").GetProperty("coordinates") is var c
            && c[0].GetDouble() is >= 0 and <= 40 && c[1].GetDouble() is >= -10 and <= 20);
        Assert.Equal(inBox, FeatureCount(spatial));
    }

    private static double[] Coordinates(JsonElement point) =>
        point.GetProperty("geometry").GetProperty("coordinates").EnumerateArray().Select(c => c.GetDouble()).ToArray();

    [Fact]
    public async Task The_CSV_extract_keeps_quoted_names_through_GDAL()
    {
        string path = await DownloadAsync("nodes", "csv", "");

        string geojson = Path.Combine(_work, "from-csv.geojson");
        await Gdal.RunAsync("ogr2ogr", "-f", "GeoJSON", geojson, path, "-oo", "GEOM_POSSIBLE_NAMES=wkt", "-oo", "KEEP_GEOM_COLUMNS=NO");

        using var doc = JsonDocument.Parse(await File.ReadAllTextAsync(geojson));
        var first = doc.RootElement.GetProperty("features")[0];
        Assert.Equal("Node \"0\", with comma\nand newline", first.GetProperty("properties").GetProperty("name").GetString());
        Assert.Equal("Point", first.GetProperty("geometry").GetProperty("type").GetString());
    }

    private async Task<List<string>> ItemIdsAsync(string collection, string query)
    {
        var page = await Client.GetFromJsonAsync<JsonElement>($"{handler.ApiRoot}/collections/{collection}/items?limit=10000&{query}");
        Assert.Equal(page.GetProperty("numberMatched").GetInt32(), page.GetProperty("numberReturned").GetInt32());
        return page.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("id").GetString()!).ToList();
    }

    private static int FeatureCount(string ogrinfoOutput)
    {
        var match = FeatureCountLine().Match(ogrinfoOutput);
        Assert.True(match.Success, "no Feature Count in:\n" + ogrinfoOutput);
        return int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"Feature Count: (\d+)")]
    private static partial Regex FeatureCountLine();
}

[Collection(SyntheticCollection.Name)]
public sealed class GdalExtractStandaloneTests(SyntheticApis apis) : GdalExtractTests(apis.Standalone);

[Collection(SyntheticCollection.Name)]
public sealed class GdalExtractFunctionsHostTests(SyntheticApis apis) : GdalExtractTests(apis.Host);
