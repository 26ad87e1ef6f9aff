using System.Globalization;
using System.Net;
using CsCheck;
using Maps.Functions.Tests.Support;

namespace Maps.Functions.Tests.Fuzz;

/// <summary>
/// Random paths and query strings against the read endpoints: never a 5xx, every error a
/// problem+json, and the process keeps answering.
/// </summary>
public sealed class ReadEndpointFuzzTests(MapsApiFactory factory) : IClassFixture<MapsApiFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    private static Gen<string> Pick(params string[] values) => Gen.Int[0, values.Length - 1].Select(i => values[i]);

    /// <summary>CQL2 fragments, well-formed and not, of every kind, joined and cut at random.</summary>
    private static readonly Gen<string> Filter = Gen.Select(
        Pick("status = 'planned'", "S_INTERSECTS(geometry,BBOX(170,-10,-170,10))", "name LIKE '%7_'", "data_year BETWEEN 2001 AND 2010",
            "CASEI(country) IN ('ngA','x')", "A_CONTAINS(tags,('a'))", "T_AFTER(data_year, DATE('2020-01-01'))", "tags = 3", "data_year / 0 > 1",
            "S_WITHIN(geometry, POLYGON((0 0, 10 0, 0 10, 0 0)))", "NOT (name IS NULL)", "((((", "'unterminated", "nope = 1", "geometry = 1",
            "{\"op\":\"=\",\"args\":[{\"property\":\"status\"},\"planned\"]}", "{\"op\":\"s_intersects\",\"args\":[{\"property\":\"geometry\"},{\"bbox\":[0,0,1]}]}",
            "TRUE", "false", "\u0000", "POINT(1 2)", "ACCENTI(name) = accenti('Nöde 1')", "data_year + 'a' = 1"),
        Pick(" AND ", " OR ", " AND NOT ", ")", " ", ","), Gen.Int[0, 60])
        .Select((fragment, join, cut) => (fragment + join + fragment)[..Math.Min(cut, fragment.Length * 2 + join.Length)]);

    private static readonly Gen<string> Value = Gen.OneOf(
        Gen.String[Gen.Char, 0, 30],
        Gen.Double.Select(d => d.ToString("R", CultureInfo.InvariantCulture)),
        Gen.Int.Select(i => i.ToString(CultureInfo.InvariantCulture)),
        Gen.Int[1, 4].SelectMany(n => Gen.Double[-200, 200].Array[n, n]).Select(a => string.Join(",", a.Select(v => v.ToString("R", CultureInfo.InvariantCulture)))),
        Filter,
        Pick("cql2-text", "cql2-json", "cql-text", "name", "-data_year,name", "+status", "-", "tags", "http://www.opengis.net/def/crs/OGC/1.3/CRS84"),
        Pick("operational", "planned", "NGA", "json", "html", "geojson", "xml", "2020-01-01T00:00:00Z/..", "../..", "p-0001", "", "..",
            "99999999999999999999999", "-1", "0", "NaN", "%", "\u0000", "a\"b", "<script>", "1,2,3,4", "170,-10,-170,10"));

    private static readonly Gen<string> Name = Gen.OneOf(
        Pick("bbox", "limit", "after", "datetime", "properties", "f", "status", "country", "tags", "bbox-crs", "k", "lon",
            "filter", "filter", "filter-lang", "filter-crs", "sortby"),
        Gen.String[Gen.Char.AlphaNumeric, 1, 10]);

    private static readonly Gen<string> Path = Gen.OneOf(
        Pick("/api", "/api/conformance", "/api/collections", "/api/collections/points", "/api/collections/lines",
            "/api/collections/points/items", "/api/collections/lines/items", "/api/collections/points/queryables",
            "/api/collections/points/items/p-0001", "/api/openapi.json", "/api/tiles/points.json", "/api/collections/points/sortables",
            "/api/collections/points/tiles/WebMercatorQuad/0/0/0", "/api/extracts/points.csv", "/api/extracts/lines.geojson"),
        Gen.Select(Pick("points", "lines", "nope"), Gen.Int[-2, 30], Gen.Int[-2, 70_000], Gen.Int[-2, 70_000])
            .Select((id, z, x, y) => $"/api/tiles/{id}/{z}/{x}/{y}.mvt"),
        Gen.String[Gen.Char.AlphaNumeric, 0, 12].Select(s => "/api/collections/points/items/" + s));

    private static readonly Gen<string> Url =
        Gen.Select(Path, Gen.Select(Name, Value).Array[0, 5])
            .Select((path, query) => path + (query.Length == 0 ? "" : "?" + string.Join("&",
                query.Select(q => Uri.EscapeDataString(q.Item1) + "=" + Uri.EscapeDataString(q.Item2)))));

    [Fact]
    public void Read_endpoints_never_fail_with_a_server_error()
    {
        Url.Sample(url =>
        {
            var response = _client.GetAsync(url).GetAwaiter().GetResult();
            int status = (int)response.StatusCode;
            Assert.True(status < 500, $"{status} for {url}");
            if (status >= 400)
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }, iter: FuzzIterations.For(1_500));

        Assert.Equal(HttpStatusCode.OK, _client.GetAsync("/api/collections").GetAwaiter().GetResult().StatusCode);
    }
}
