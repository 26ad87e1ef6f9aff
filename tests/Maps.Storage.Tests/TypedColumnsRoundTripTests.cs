using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Maps.EndToEnd.Tests.Support;
using Maps.Storage.Tests.Support;

namespace Maps.Storage.Tests;

/// <summary>
/// Each column type survives each upload format, as GDAL writes the format: ogr2ogr makes a GeoPackage, a
/// Shapefile, a CSV, a GeoJSON sequence and a GeoJSON (from the GeoPackage, so its date-times carry no zone) out
/// of one GeoJSON with an integer, a real, a string, a date, a date-time and a boolean column. Each is published
/// through the manage API, and every value read back is checked against the source value, and every queryable
/// against the type that format can carry: a Shapefile has no date-time (GDAL writes the date) and keeps a
/// boolean as a one-digit number; a CSV has no booleans.
/// </summary>
public sealed class TypedColumnsRoundTripTests : IDisposable
{
    private const string Metadata = "title=Typed&license=CC0-1.0&attribution=tests&source=ogr2ogr";

    private static readonly (string Id, long? I, double? R, string? S, string? D, string? T, bool? B)[] Rows =
    [
        ("a", 7, 2.5, "Bamako", "2024-02-29", "2024-02-29T13:45:10Z", true),
        ("b", -3, 1.0, "Ségou, river", "1999-12-31", "1999-12-31T23:59:59Z", false),
        ("c", null, null, null, null, null, null),
    ];

    private readonly string _work = Directory.CreateTempSubdirectory("maps-typed-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    public static TheoryData<string> Formats() => ["gpkg", "shapefile", "csv", "geojsonseq", "geojson-from-gpkg"];

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task Each_type_keeps_its_values_and_its_queryable(string format)
    {
        var (bytes, mediaType) = await FixtureAsync(format);
        using var factory = new LocalStore().Factory();
        using var client = factory.CreateClient();
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        var post = new HttpRequestMessage(HttpMethod.Post, $"/api/manage/collections/typed/versions?{Metadata}") { Content = content };
        post.Headers.Add("x-functions-key", StorageApiFactory.Key);
        await ManageApiTests.JsonAsync(await client.SendAsync(post), HttpStatusCode.Created);

        var queryables = (await ManageApiTests.JsonAsync(await client.GetAsync("/api/collections/typed/queryables"), HttpStatusCode.OK)).GetProperty("properties");
        bool shapefile = format == "shapefile", csv = format == "csv";
        Assert.Equal(("integer", null), ManageApiTests.QueryableType(queryables, "i"));
        Assert.Equal(("number", null), ManageApiTests.QueryableType(queryables, "r"));
        Assert.Equal(("string", null), ManageApiTests.QueryableType(queryables, "s"));
        Assert.Equal(("string", "date"), ManageApiTests.QueryableType(queryables, "d"));
        Assert.Equal(shapefile ? ("string", "date") : ("string", "date-time"), ManageApiTests.QueryableType(queryables, "t"));
        Assert.Equal(shapefile ? ("integer", null) : csv ? ("integer", null) : ("boolean", null), ManageApiTests.QueryableType(queryables, "b"));

        var page = await ManageApiTests.JsonAsync(await client.GetAsync("/api/collections/typed/items?limit=10"), HttpStatusCode.OK);
        var byName = page.GetProperty("features").EnumerateArray().ToDictionary(f => f.GetProperty("properties").GetProperty("s").ValueKind == JsonValueKind.Null ? "c" : f.GetProperty("properties").GetProperty("s").GetString()!);
        foreach (var row in Rows)
        {
            Assert.True(byName.ContainsKey(row.S ?? "c"), $"no feature named '{row.S}' among {string.Join(", ", byName.Keys)}");
            var p = byName[row.S ?? "c"].GetProperty("properties");
            Assert.Equal(row.I, Number(p, "i") is { } i ? (long)i : null);
            Assert.Equal(row.R, Number(p, "r"));
            Assert.Equal(row.S, Text(p, "s"));
            Assert.Equal(row.D, Text(p, "d"));
            Assert.Equal(shapefile ? row.T?[..10] : row.T, Text(p, "t") is { } t && !shapefile ? Instant(t) : Text(p, "t"));
            if (shapefile || csv)
                Assert.Equal(row.B is null ? null : row.B.Value ? 1 : 0, Number(p, "b"));
            else
                Assert.Equal(row.B, p.GetProperty("b").ValueKind == JsonValueKind.Null ? null : p.GetProperty("b").GetBoolean());
        }
        var filtered = await ManageApiTests.JsonAsync(await client.GetAsync(
            $"/api/collections/typed/items?filter={Uri.EscapeDataString("d > DATE('2000-01-01') AND r >= 1.0")}"), HttpStatusCode.OK);
        Assert.Equal(1, filtered.GetProperty("numberMatched").GetInt32());
        if (!shapefile)
        {
            var timed = await ManageApiTests.JsonAsync(await client.GetAsync(
                $"/api/collections/typed/items?filter={Uri.EscapeDataString("t < TIMESTAMP('2024-02-29T13:45:11Z') AND t > TIMESTAMP('2024-02-29T13:45:09Z')")}"), HttpStatusCode.OK);
            Assert.Equal(1, timed.GetProperty("numberMatched").GetInt32());
        }
    }

    /// <summary>The source as GeoJSON, then what ogr2ogr makes of it in <paramref name="format"/>.</summary>
    private async Task<(byte[] Bytes, string MediaType)> FixtureAsync(string format)
    {
        string source = Path.Combine(_work, "source.geojson");
        var features = Rows.Select((r, k) => new Dictionary<string, object?>
        {
            ["type"] = "Feature",
            ["geometry"] = new { type = "Point", coordinates = new[] { -7.99 + k, 12.64 + k } },
            ["properties"] = new Dictionary<string, object?> { ["id"] = r.Id, ["i"] = r.I, ["r"] = r.R, ["s"] = r.S, ["d"] = r.D, ["t"] = r.T, ["b"] = r.B },
        });
        await File.WriteAllTextAsync(source, JsonSerializer.Serialize(new { type = "FeatureCollection", features }));
        string gpkg = Path.Combine(_work, "typed.gpkg");
        await Gdal.RunAsync("ogr2ogr", "-f", "GPKG", gpkg, source, "-nln", "typed");
        switch (format)
        {
            case "gpkg":
                return (await File.ReadAllBytesAsync(gpkg), "application/geopackage+sqlite3");
            case "shapefile":
                string folder = Path.Combine(_work, "shp");
                await Gdal.RunAsync("ogr2ogr", "-f", "ESRI Shapefile", folder, source, "-nln", "typed");
                string zip = Path.Combine(_work, "typed.zip");
                ZipFile.CreateFromDirectory(folder, zip);
                return (await File.ReadAllBytesAsync(zip), "application/zip");
            case "csv":
                string csv = Path.Combine(_work, "typed.csv");
                await Gdal.RunAsync("ogr2ogr", "-f", "CSV", csv, gpkg, "-lco", "GEOMETRY=AS_XY");
                return (await File.ReadAllBytesAsync(csv), "text/csv");
            case "geojsonseq":
                string seq = Path.Combine(_work, "typed.geojsonl");
                await Gdal.RunAsync("ogr2ogr", "-f", "GeoJSONSeq", seq, gpkg);
                return (await File.ReadAllBytesAsync(seq), "application/geo+json-seq");
            default:
                string geojson = Path.Combine(_work, "typed-from-gpkg.geojson");
                await Gdal.RunAsync("ogr2ogr", "-f", "GeoJSON", geojson, gpkg, "-sql", "SELECT id, i, r, s, d, substr(t, 1, 19) AS t, b, geom FROM typed");
                return (await File.ReadAllBytesAsync(geojson), "application/geo+json");
        }
    }

    private static double? Number(JsonElement properties, string name) =>
        properties.GetProperty(name) is { ValueKind: JsonValueKind.Number } value ? value.GetDouble() : null;

    private static string? Text(JsonElement properties, string name) =>
        properties.GetProperty(name) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;

    /// <summary>A date-time as its instant in UTC, so GDAL's milliseconds (<c>.000Z</c>) compare with the source's text.</summary>
    private static string Instant(string text) =>
        DateTimeOffset.Parse(text, CultureInfo.InvariantCulture).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
