using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Maps.Storage.Tests.Support;

namespace Maps.Storage.Tests;

/// <summary>
/// Publishing each upload format over HTTP, and what a bad file does: a 4xx report, the current version
/// still served, nothing stored. The same tests for both stores.
/// </summary>
public abstract class ManageFormatTests
{
    private const string Metadata = "title=Uploaded&license=CC0-1.0&attribution=tests&source=generated";

    protected abstract StoreSetup NewStore();

    private static string FormatsData(string name) => Path.Combine(RepoRoot.Path, "tests", "Maps.Formats.Tests", "Data", name);

    private static string OfdsPackage => Path.Combine(RepoRoot.Path, "data", "samples", "ofds", "network-package.json");

    private static HttpRequestMessage Post(string collection, HttpContent content, string query = Metadata)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/manage/collections/{collection}/versions?{query}") { Content = content };
        request.Headers.Add("x-functions-key", StorageApiFactory.Key);
        return request;
    }

    private static ByteArrayContent Bytes(byte[] bytes, string mediaType)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        return content;
    }

    private static async Task<JsonElement[]> ItemsAsync(HttpClient client, string collection)
    {
        var page = await ManageApiTests.JsonAsync(await client.GetAsync($"/api/collections/{collection}/items?limit=1000"), HttpStatusCode.OK);
        return page.GetProperty("features").EnumerateArray().ToArray();
    }

    [Fact]
    public async Task Csv_and_geojson_sequences_publish_points_with_their_properties()
    {
        using var factory = NewStore().Factory();
        using var client = factory.CreateClient();
        string csv = "id,name,lat,lon,capacity\nn1,Bamako PoP,12.64,-7.99,100\nn2,\"Ségou, river\",13.43,-6.26,\n";
        string seq = "\u001e{\"type\":\"Feature\",\"id\":\"s1\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[-7.99,12.64]},\"properties\":{\"k\":1}}\n"
            + "\u001e{\"type\":\"Feature\",\"id\":\"s2\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[-6.26,13.43]},\"properties\":{\"k\":2}}\n";

        await ManageApiTests.JsonAsync(await client.SendAsync(Post("csv-nodes", Bytes(Encoding.UTF8.GetBytes(csv), "text/csv"))), HttpStatusCode.Created);
        await ManageApiTests.JsonAsync(await client.SendAsync(Post("seq-nodes", Bytes(Encoding.UTF8.GetBytes(seq), "application/geo+json-seq"))), HttpStatusCode.Created);

        var fromCsv = (await ItemsAsync(client, "csv-nodes")).ToDictionary(f => f.GetProperty("id").GetString()!);
        Assert.Equal("Ségou, river", fromCsv["n2"].GetProperty("properties").GetProperty("name").GetString());
        Assert.Equal(100, fromCsv["n1"].GetProperty("properties").GetProperty("capacity").GetInt32());
        Assert.Equal([-7.99, 12.64], fromCsv["n1"].GetProperty("geometry").GetProperty("coordinates").EnumerateArray().Select(c => c.GetDouble()));
        Assert.Equal("MLI", fromCsv["n1"].GetProperty("properties").GetProperty("country").GetString());
        Assert.Equal(["s1", "s2"], (await ItemsAsync(client, "seq-nodes")).Select(f => f.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task A_geopackage_in_utm_is_transformed_and_a_mixed_one_needs_geometryType_Geometry()
    {
        using var factory = NewStore().Factory();
        using var client = factory.CreateClient();
        byte[] bytes = File.ReadAllBytes(FormatsData("utm32-gdal.gpkg"));

        var mixed = await ManageApiTests.ProblemAsync(await client.SendAsync(Post("utm", Bytes(bytes, "application/geopackage+sqlite3"))), HttpStatusCode.UnprocessableEntity);
        await ManageApiTests.JsonAsync(await client.SendAsync(Post("utm", Bytes(bytes, "application/geopackage+sqlite3"), Metadata + "&geometryType=Geometry")),
            HttpStatusCode.Created);

        Assert.Equal(1, mixed.GetProperty("misfits").GetProperty("LineString").GetInt32());
        var features = await ItemsAsync(client, "utm");
        Assert.Equal(3, features.Length);
        AssertAt(features, "Munich PoP", 11.58, 48.15);
    }

    [Fact]
    public async Task A_zipped_shapefile_in_utm_is_transformed()
    {
        using var factory = NewStore().Factory();
        using var client = factory.CreateClient();

        await ManageApiTests.JsonAsync(await client.SendAsync(Post("utm-shp", Bytes(File.ReadAllBytes(FormatsData("utm32-gdal.zip")), "application/zip"))), HttpStatusCode.Created);

        var features = await ItemsAsync(client, "utm-shp");
        Assert.Equal(2, features.Length);
        AssertAt(features, "Munich PoP", 11.58, 48.15);
        AssertAt(features, "Genoa landing", 9.0, 44.4);
    }

    /// <summary>ogr2ogr wrote the test files in UTM 32N from these lon/lat positions; the publish rounds to 7 decimals.</summary>
    private static void AssertAt(JsonElement[] features, string name, double lon, double lat)
    {
        var feature = features.Single(f => f.GetProperty("properties").GetProperty("name").GetString() == name);
        var at = feature.GetProperty("geometry").GetProperty("coordinates").EnumerateArray().Select(c => c.GetDouble()).ToArray();
        Assert.Equal(lon, at[0], 6);
        Assert.Equal(lat, at[1], 6);
    }

    [Fact]
    public async Task An_ofds_network_publishes_its_spans_and_nodes_together_and_a_dangling_span_publishes_neither()
    {
        var setup = NewStore();
        using var factory = setup.Factory();
        using var client = factory.CreateClient();
        byte[] package = File.ReadAllBytes(OfdsPackage);
        var network = JsonDocument.Parse(package).RootElement.GetProperty("networks")[0];

        var report = await ManageApiTests.JsonAsync(await client.SendAsync(Post("ghana", Bytes(package, "application/json"), Metadata + "&format=ofds")), HttpStatusCode.Created);

        Assert.Equal(network.GetProperty("spans").GetArrayLength(), report.GetProperty("written").GetInt32());
        Assert.Equal(network.GetProperty("nodes").GetArrayLength(), report.GetProperty("nodes").GetProperty("written").GetInt32());
        var spans = await ItemsAsync(client, "ghana");
        var nodes = await ItemsAsync(client, "ghana-nodes");
        Assert.Equal(network.GetProperty("spans").EnumerateArray().Select(s => s.GetProperty("id").GetString()).Order(), spans.Select(s => s.GetProperty("id").GetString()).Order());
        Assert.All(nodes, n => Assert.Equal("Point", n.GetProperty("geometry").GetProperty("type").GetString()));
        Assert.All(spans, s => Assert.Equal("MultiLineString", s.GetProperty("geometry").GetProperty("type").GetString()));
        var nodesCollection = await ManageApiTests.JsonAsync(await client.GetAsync("/api/collections/ghana-nodes"), HttpStatusCode.OK);
        Assert.Equal("Uploaded (nodes)", nodesCollection.GetProperty("title").GetString());

        var end = network.GetProperty("spans")[0].GetProperty("end");
        string endId = end.ValueKind == JsonValueKind.String ? end.GetString()! : end.GetProperty("id").GetString()!;
        string dangling = Encoding.UTF8.GetString(package).Replace($"\"end\": \"{endId}\"", "\"end\": \"no-such-node\"");
        Assert.NotEqual(Encoding.UTF8.GetString(package), dangling);
        var refused = await ManageApiTests.ProblemAsync(
            await client.SendAsync(Post("ghana", Bytes(Encoding.UTF8.GetBytes(dangling), "application/json"), "format=ofds&replace=true")), HttpStatusCode.BadRequest);

        Assert.Contains("no-such-node", refused.GetProperty("detail").GetString());
        Assert.Single(await setup.Store().ListVersionsAsync("ghana"));
        Assert.Single(await setup.Store().ListVersionsAsync("ghana-nodes"));
        Assert.Equal(nodes.Length, (await ItemsAsync(client, "ghana-nodes")).Length);
    }

    [Fact]
    public async Task A_multipart_upload_takes_its_metadata_from_a_sidecar_part_sent_before_the_data()
    {
        using var factory = NewStore().Factory();
        using var client = factory.CreateClient();
        string sidecar = """{"title":"Side nodes","license":"CC-BY-4.0","attribution":"a steward","source":"a survey","keywords":["survey"],"geometryType":"MultiPoint"}""";
        using var form = new MultipartFormDataContent
        {
            { new StringContent(sidecar), "metadata", "side.collection.json" },
            { new ByteArrayContent(GeoJson.Utf8(GeoJson.Collection(GeoJson.Points(5)))), "data", "side.geojson" },
        };

        await ManageApiTests.JsonAsync(await client.SendAsync(Post("side", form, "")), HttpStatusCode.Created);

        var collection = await ManageApiTests.JsonAsync(await client.GetAsync("/api/collections/side"), HttpStatusCode.OK);
        Assert.Equal("Side nodes", collection.GetProperty("title").GetString());
        Assert.Equal(["survey"], collection.GetProperty("keywords").EnumerateArray().Select(k => k.GetString()));
        Assert.All(await ItemsAsync(client, "side"), f => Assert.Equal("MultiPoint", f.GetProperty("geometry").GetProperty("type").GetString()));
    }

    [Fact]
    public async Task A_multipart_body_cut_inside_its_data_part_is_a_400_and_publishes_nothing()
    {
        var setup = NewStore();
        using var factory = setup.Factory();
        using var client = factory.CreateClient();
        string body = "--b\r\nContent-Disposition: form-data; name=\"data\"; filename=\"cut.geojson\"\r\n\r\n"
            + GeoJson.Collection(GeoJson.Points(50)); // no closing boundary
        var content = new StringContent(body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=b");

        var problem = await ManageApiTests.ProblemAsync(await client.SendAsync(Post("cut", content)), HttpStatusCode.BadRequest);

        Assert.Contains("cut.geojson", problem.GetProperty("detail").GetString());
        Assert.Empty(await setup.Store().ListVersionsAsync("cut"));
        Assert.Equal(0, await setup.StoredBytesAsync("cut"));
    }

    public static TheoryData<string, string, string, HttpStatusCode> BadUploads() => new()
    {
        { "a GeoPackage that is not one", "application/geopackage+sqlite3", "not-sqlite", HttpStatusCode.BadRequest },
        { "a truncated GeoPackage", "application/geopackage+sqlite3", "truncated-gpkg", HttpStatusCode.BadRequest },
        { "a zip without a .shp", "application/zip", "zip-no-shp", HttpStatusCode.BadRequest },
        { "a shapefile without a .prj", "application/zip", "zip-no-prj", HttpStatusCode.BadRequest },
        { "a truncated GeoJSON", "application/geo+json", "truncated-geojson", HttpStatusCode.BadRequest },
        { "a CSV without coordinates", "text/csv", "csv-no-position", HttpStatusCode.BadRequest },
        { "an unknown media type", "application/x-unknown", "not-sqlite", HttpStatusCode.UnsupportedMediaType },
    };

    [Theory]
    [MemberData(nameof(BadUploads))]
    public async Task A_bad_file_is_a_4xx_report_and_the_current_version_keeps_serving(string what, string mediaType, string body, HttpStatusCode status)
    {
        var setup = NewStore();
        using var factory = setup.Factory();
        using var client = factory.CreateClient();
        await ManageApiTests.JsonAsync(await client.SendAsync(Post("kept", Bytes(GeoJson.Utf8(GeoJson.Collection(GeoJson.Points(4))), "application/geo+json"))), HttpStatusCode.Created);
        long stored = await setup.StoredBytesAsync("kept");

        var problem = await ManageApiTests.ProblemAsync(await client.SendAsync(Post("kept", Bytes(BadBody(body), mediaType), "replace=true")), status);

        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()), what);
        Assert.Equal(4, (await ItemsAsync(client, "kept")).Length);
        Assert.Single(await setup.Store().ListVersionsAsync("kept"));
        Assert.Equal(stored, await setup.StoredBytesAsync("kept"));
    }

    private static byte[] BadBody(string name) => name switch
    {
        "not-sqlite" => Encoding.UTF8.GetBytes("this is not a database, it is a sentence"),
        "truncated-gpkg" => File.ReadAllBytes(FormatsData("utm32-gdal.gpkg"))[..5000],
        "zip-no-shp" => Zip(("readme.txt", "no shapefile here")),
        "zip-no-prj" => WithoutPrj(File.ReadAllBytes(FormatsData("utm32-gdal.zip"))),
        "truncated-geojson" => GeoJson.Utf8(GeoJson.Collection(GeoJson.Points(10)))[..200],
        "csv-no-position" => Encoding.UTF8.GetBytes("id,name\na,b\n"),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    private static byte[] Zip(params (string Name, string Text)[] entries)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
            foreach (var (name, text) in entries)
                using (var stream = zip.CreateEntry(name).Open())
                    stream.Write(Encoding.UTF8.GetBytes(text));
        return buffer.ToArray();
    }

    private static byte[] WithoutPrj(byte[] zipped)
    {
        using var buffer = new MemoryStream();
        buffer.Write(zipped);
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Update, leaveOpen: true))
            foreach (var entry in zip.Entries.Where(e => e.Name.EndsWith(".prj", StringComparison.OrdinalIgnoreCase)).ToArray())
                entry.Delete();
        return buffer.ToArray();
    }
}

[Trait("Category", "Azurite")]
[Collection(AzuriteCollection.Name)]
public sealed class AzuriteManageFormatTests(AzuriteFixture azurite) : ManageFormatTests
{
    protected override StoreSetup NewStore() => new AzuriteStore(azurite.NewOptions());
}

public sealed class LocalManageFormatTests : ManageFormatTests
{
    protected override StoreSetup NewStore() => new LocalStore();
}
