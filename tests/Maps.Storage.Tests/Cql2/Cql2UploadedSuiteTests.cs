using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Maps.Storage.Tests.Support;

namespace Maps.Storage.Tests.Cql2;

/// <summary>
/// The CQL2 abstract test suite (OGC 21-065r2 Annex A) on the standard's own GeoPackage, published as a GIS
/// user would publish it: the file as it is, one layer at a time with <c>?layer=</c>, through the manage API.
/// Every predicate and logical combination with a count is sent in CQL2 text and in CQL2 JSON to the items
/// endpoint, and every <c>numberMatched</c> must be the standard's. The columns' declared types must reach the
/// queryables (DATE, DATETIME, BOOLEAN, INTEGER, REAL), and the country whose ring has a vertex at
/// lon 180.00000000000006 is published with that vertex clamped, counted as fixed.
/// </summary>
public abstract class Cql2UploadedSuiteTests
{
    private static readonly string[] LayerNames = ["ne_110m_admin_0_countries", "ne_110m_populated_places_simple", "ne_110m_rivers_lake_centerlines"];

    protected abstract StoreSetup NewStore();

    private static string Cql2File(string name) => Path.Combine(RepoRoot.Path, "tests", "cql2", name);

    private static IEnumerable<string[]> Rows(string file) =>
        File.ReadLines(Cql2File(file)).Where(line => line.Length > 0).Select(line => line.Split('\t'));

    [Fact]
    public async Task The_standards_geopackage_published_as_is_passes_every_counted_test_in_both_encodings()
    {
        using var factory = NewStore().Factory();
        using var client = factory.CreateClient();
        byte[] gpkg = File.ReadAllBytes(Cql2File(Path.Combine("data", "ne110m4cql2.gpkg")));
        var reports = new Dictionary<string, JsonElement>();
        foreach (string layer in LayerNames)
            reports[layer] = await PublishAsync(client, gpkg, layer);

        var countries = reports["ne_110m_admin_0_countries"];
        Assert.Equal(177, countries.GetProperty("written").GetInt32());
        Assert.Equal(0, countries.GetProperty("rejectedCount").GetInt32());
        Assert.True(countries.GetProperty("fixed").EnumerateObject().Single().Value.GetInt32() >= 1);

        var failures = new List<string>();
        int checkedCount = 0;
        foreach (var row in Rows("ats-predicates.tsv"))
        {
            await CheckAsync(client, row[1], row[2], int.Parse(row[3]), failures);
            checkedCount++;
        }
        foreach (var row in Rows("ats-combinations.tsv"))
        {
            string filter = $"(NOT ({row[1]}) AND {row[0]}) OR ({row[2]} and {row[3]}) or not ({row[0]} OR {row[3]})";
            await CheckAsync(client, "ne_110m_populated_places_simple", filter, int.Parse(row[4]), failures);
            checkedCount++;
        }
        Assert.True(failures.Count == 0, $"{failures.Count} of {checkedCount * 2} counts differ from the standard's:\n{string.Join("\n", failures)}");
        Assert.True(checkedCount > 200, $"only {checkedCount} tests");
    }

    [Fact]
    public async Task Declared_column_types_become_the_queryables_and_the_geometry_column_names_the_geometry()
    {
        using var factory = NewStore().Factory();
        using var client = factory.CreateClient();
        byte[] gpkg = File.ReadAllBytes(Cql2File(Path.Combine("data", "ne110m4cql2.gpkg")));
        foreach (string layer in new[] { "ne_110m_populated_places_simple", "ne_110m_admin_0_countries" })
            await PublishAsync(client, gpkg, layer);

        var places = (await ManageApiTests.JsonAsync(await client.GetAsync("/api/collections/ne_110m_populated_places_simple/queryables"), HttpStatusCode.OK)).GetProperty("properties");
        Assert.Equal(("string", "date"), ManageApiTests.QueryableType(places, "date"));
        Assert.Equal(("string", "date-time"), ManageApiTests.QueryableType(places, "start"));
        Assert.Equal(("string", "date-time"), ManageApiTests.QueryableType(places, "end"));
        Assert.Equal(("boolean", null), ManageApiTests.QueryableType(places, "boolean"));
        Assert.Equal(("integer", null), ManageApiTests.QueryableType(places, "pop_max"));
        Assert.Equal(("string", null), ManageApiTests.QueryableType(places, "name"));
        Assert.True(places.TryGetProperty("geom", out _), "the geometry queryable is the GeoPackage's geometry column");
        var countries = (await ManageApiTests.JsonAsync(await client.GetAsync("/api/collections/ne_110m_admin_0_countries/queryables"), HttpStatusCode.OK)).GetProperty("properties");
        Assert.Equal(("number", null), ManageApiTests.QueryableType(countries, "POP_EST"));

        // Each value as the file holds it: SQLite's text and integers, read back here with its own reader.
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Cql2File(Path.Combine("data", "ne110m4cql2.gpkg"))};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT fid, date, start, \"end\", boolean FROM ne_110m_populated_places_simple WHERE start IS NOT NULL";
        using var reader = command.ExecuteReader();
        int rows = 0;
        while (reader.Read())
        {
            var feature = await ManageApiTests.JsonAsync(await client.GetAsync($"/api/collections/ne_110m_populated_places_simple/items/{reader.GetInt64(0)}"), HttpStatusCode.OK);
            var properties = feature.GetProperty("properties");
            Assert.Equal(reader.GetString(1), properties.GetProperty("date").GetString());
            Assert.Equal(reader.GetString(2) + "Z", properties.GetProperty("start").GetString());
            Assert.Equal(reader.GetString(3) + "Z", properties.GetProperty("end").GetString());
            Assert.Equal(reader.GetInt64(4) == 1, properties.GetProperty("boolean").GetBoolean());
            rows++;
        }
        Assert.Equal(3, rows);
    }

    /// <summary>Publishes one layer of the GeoPackage as it is, as a GIS user would: the file, <c>?layer=</c> and the metadata a new collection needs.</summary>
    private static async Task<JsonElement> PublishAsync(HttpClient client, byte[] gpkg, string layer)
    {
        var content = new ByteArrayContent(gpkg);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/geopackage+sqlite3");
        var request = new HttpRequestMessage(HttpMethod.Post,
            $"/api/manage/collections/{layer}/versions?layer={layer}&title={layer}&license=public%20domain&attribution=Natural%20Earth&source=OGC%2021-065r2")
        { Content = content };
        request.Headers.Add("x-functions-key", StorageApiFactory.Key);
        return await ManageApiTests.JsonAsync(await client.SendAsync(request), HttpStatusCode.Created);
    }

    private static async Task CheckAsync(HttpClient client, string layer, string filter, int expected, List<string> failures)
    {
        foreach (var (lang, text) in new[] { ("cql2-text", filter), ("cql2-json", Cql2Json.FromText(filter)) })
        {
            var response = await client.GetAsync($"/api/collections/{layer}/items?limit=1&filter-lang={lang}&filter={Uri.EscapeDataString(text)}");
            string body = await response.Content.ReadAsStringAsync();
            if (response.StatusCode != HttpStatusCode.OK)
            {
                failures.Add($"{lang} {layer}: {filter}: {(int)response.StatusCode} {body[..Math.Min(body.Length, 300)]}");
                continue;
            }
            int matched = JsonDocument.Parse(body).RootElement.GetProperty("numberMatched").GetInt32();
            if (matched != expected)
                failures.Add($"{lang} {layer}: {filter}: {matched}, the standard says {expected}");
        }
    }
}

[Trait("Category", "Azurite")]
[Collection(AzuriteCollection.Name)]
public sealed class AzuriteCql2UploadedSuiteTests(AzuriteFixture azurite) : Cql2UploadedSuiteTests
{
    protected override StoreSetup NewStore() => new AzuriteStore(azurite.NewOptions());
}

public sealed class LocalCql2UploadedSuiteTests : Cql2UploadedSuiteTests
{
    protected override StoreSetup NewStore() => new LocalStore();
}
