using System.Net;
using System.Net.Http.Headers;
using System.Text;
using CsCheck;
using Maps.Storage.Tests.Support;

namespace Maps.Storage.Tests;

/// <summary>
/// Damaged uploads of every format, through the real handler over a local store: each answer is a
/// 201 or a 4xx problem, never a 5xx, and after every refusal the collection still serves its last
/// good version with nothing left half written.
/// </summary>
public sealed class ManageUploadFuzzTests
{
    private static string FormatsData(string name) => Path.Combine(RepoRoot.Path, "tests", "Maps.Formats.Tests", "Data", name);

    public static TheoryData<string, string, string> Uploads() => new()
    {
        { "geojson", "application/geo+json", "" },
        { "geojsonseq", "application/geo+json-seq", "" },
        { "csv", "text/csv", "" },
        { "gpkg", "application/geopackage+sqlite3", "&geometryType=Geometry" },
        { "shapefile", "application/zip", "" },
        { "ofds", "application/json", "&format=ofds" },
    };

    [Theory]
    [MemberData(nameof(Uploads))]
    public async Task A_damaged_upload_is_never_a_server_error_and_loses_nothing(string format, string mediaType, string query)
    {
        var setup = new LocalStore();
        using var factory = setup.Factory();
        using var client = factory.CreateClient();
        client.DefaultRequestHeaders.Add("x-functions-key", StorageApiFactory.Key);
        byte[] valid = Valid(format);
        string collection = "fuzz-" + format;
        string path = $"/api/manage/collections/{collection}/versions?title=Fuzz&license=CC0-1.0&attribution=tests&source=generated&replace=true{query}";
        var first = await client.PostAsync(path, Content(valid, mediaType));
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        int served = await CountAsync(client, collection);
        var refusals = 0;

        var damage = Gen.Select(Gen.Select(Gen.Int[0, valid.Length - 1], Gen.Byte).Array[0, 6], Gen.Int[0, valid.Length].Nullable());
        await damage.SampleAsync(async d =>
        {
            byte[] bytes = (byte[])valid.Clone();
            foreach (var (at, value) in d.Item1)
                bytes[at] = value;
            if (d.Item2 is { } cut)
                bytes = bytes[..cut];
            using var response = await client.PostAsync(path, Content(bytes, mediaType));
            string body = await response.Content.ReadAsStringAsync();
            Assert.True((int)response.StatusCode < 500, $"{format}: {(int)response.StatusCode} {body}");
            if (response.StatusCode == HttpStatusCode.Created)
            {
                served = await CountAsync(client, collection);
                return;
            }
            refusals++;
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal(served, await CountAsync(client, collection));
        }, iter: 60, threads: 1);

        Assert.True(refusals > 0, "no damaged upload was refused: the fuzz reached nothing");
        Assert.Empty(Directory.Exists(Path.Combine(setup.Directory, "staging", collection))
            ? Directory.EnumerateFileSystemEntries(Path.Combine(setup.Directory, "staging", collection)) : []);
    }

    private static byte[] Valid(string format) => format switch
    {
        "geojson" => GeoJson.Utf8(GeoJson.Collection(GeoJson.Points(20))),
        "geojsonseq" => Encoding.UTF8.GetBytes(string.Concat(GeoJson.Points(20).Select(p => "\u001e" + p + "\n"))),
        "csv" => Encoding.UTF8.GetBytes("id,name,lat,lon\n" + string.Concat(Enumerable.Range(0, 20).Select(i => $"c{i},site {i},{i * 0.5},{i * 0.25}\n"))),
        "gpkg" => File.ReadAllBytes(FormatsData("utm32-gdal.gpkg")),
        "shapefile" => File.ReadAllBytes(FormatsData("utm32-gdal.zip")),
        "ofds" => File.ReadAllBytes(Path.Combine(RepoRoot.Path, "data", "samples", "ofds", "network-package.json")),
        _ => throw new ArgumentOutOfRangeException(nameof(format)),
    };

    private static ByteArrayContent Content(byte[] bytes, string mediaType)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        return content;
    }

    private static async Task<int> CountAsync(HttpClient client, string collection)
    {
        using var response = await client.GetAsync($"/api/collections/{collection}/items?limit=1");
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return System.Text.Json.JsonDocument.Parse(body).RootElement.GetProperty("numberMatched").GetInt32();
    }
}
