using System.Globalization;
using System.Net;
using System.Text.Json;
using CsCheck;
using Maps.Functions.Tests.Support;
using static Maps.Functions.Tests.Fuzz.FuzzBodies;

namespace Maps.Functions.Tests.Fuzz;

/// <summary>
/// The analysis endpoints under random parameters and hostile bodies: never a 5xx, every 4xx a
/// problem+json, every 200 well-formed (row-level problems are an <c>error</c> in the row), and the
/// handler keeps answering afterwards.
/// </summary>
public sealed class AnalysisEndpointFuzzTests(AnalysisApiFactory factory) : IClassFixture<AnalysisApiFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    private static readonly Gen<string> Value = Gen.OneOf(
        Gen.String[Gen.Char, 0, 20],
        Gen.Double.Select(d => d.ToString("R", CultureInfo.InvariantCulture)),
        Gen.Long.Select(i => i.ToString(CultureInfo.InvariantCulture)),
        Gen.Int[1, 12].SelectMany(n => Gen.Double[-30_000, 30_000].Array[n, n]).Select(a => string.Join(",", a.Select(v => v.ToString("R", CultureInfo.InvariantCulture)))),
        Pick("points", "lines", "population", "points,lines", "lines,,lines", "nope", "operational", "planned,unknown", "OPERATIONAL", "bogus",
            "NGA", "NGA,GHA", "XXX", "nga", "only", "csv", "json", "1", "0", "-1", "100", "101", "99999999999999999999999", "1e308", "NaN",
            "Infinity", "-0", "180", "-180.000001", "90", "90.0000001", "20100", "20000", "1,2,3,4,5,6,7,8,9,10,11", ",", "", " ", "\u0000", "lat", "lon"));

    private static readonly Gen<string> Name = Gen.OneOf(
        Pick("to", "status", "k", "lon", "lat", "max_distance_km", "threshold_km", "distances", "country", "summary", "f", "code"),
        Gen.String[Gen.Char.AlphaNumeric, 1, 8]);

    private static readonly Gen<string> Query = Gen.Select(Name, Value).Array[0, 6]
        .Select(q => q.Length == 0 ? "" : "?" + string.Join("&", q.Select(p => Uri.EscapeDataString(p.Item1) + "=" + Uri.EscapeDataString(p.Item2))));

    private static readonly Gen<string> PostPath = Pick("/api/analysis/nearest", "/api/analysis/gaps");

    private static readonly Gen<string> ContentType = Pick("text/csv", "application/csv", "application/geo+json", "application/json", "text/csv; charset=utf-8", "text/plain", "");

    [Fact]
    public void Analysis_parameters_never_cause_a_server_error()
    {
        Gen.Select(Pick("GET /api/analysis/nearest", "GET /api/analysis/coverage", "POST /api/analysis/nearest", "POST /api/analysis/gaps"), Query)
            .Sample((route, query) =>
            {
                var (method, path) = (route.Split(' ')[0], route.Split(' ')[1]);
                using var request = new HttpRequestMessage(new HttpMethod(method), path + query);
                if (method == "POST")
                    request.Content = new ByteArrayContent("lat,lon,country\n6.5,3.4,NGA\n91,0,GHA\n"u8.ToArray()) { Headers = { { "Content-Type", "text/csv" } } };
                Check(request, $"{route}{query}");
            }, iter: FuzzIterations.ForHttp(400), threads: 1);

        AssertStillAnswering();
    }

    [Fact]
    public void Csv_bodies_never_cause_a_server_error()
    {
        Gen.Select(PostPath, FuzzBodies.Csv, Pick("", "?to=lines", "?to=points,lines&status=operational", "?lat=lat&lon=lon", "?summary=only", "?threshold_km=1"))
            .Sample((path, body, query) =>
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, path + query)
                {
                    Content = new ByteArrayContent(body) { Headers = { { "Content-Type", "text/csv" } } },
                };
                Check(request, $"{path}{query} {Convert.ToHexString(body)}");
            }, iter: FuzzIterations.ForHttp(400), threads: 1);

        AssertStillAnswering();
    }

    [Fact]
    public void GeoJson_bodies_never_cause_a_server_error()
    {
        Gen.Select(PostPath, GeoJson, Pick("application/geo+json", "application/json"), Pick("", "?to=lines", "?summary=only", "?max_distance_km=100"))
            .Sample((path, body, type, query) =>
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, path + query)
                {
                    Content = new ByteArrayContent(body) { Headers = { { "Content-Type", type } } },
                };
                Check(request, $"{path}{query} {type} {Convert.ToHexString(body)}");
            }, iter: FuzzIterations.ForHttp(400), threads: 1);

        AssertStillAnswering();
    }

    [Fact]
    public void Any_content_type_and_bytes_never_cause_a_server_error()
    {
        Gen.Select(PostPath, Gen.OneOf(FuzzBodies.Csv, GeoJson), ContentType).Sample((path, body, type) =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
            if (type.Length > 0)
                request.Content.Headers.TryAddWithoutValidation("Content-Type", type);
            Check(request, $"{path} {type} {Convert.ToHexString(body)}");
        }, iter: FuzzIterations.ForHttp(200), threads: 1);

        AssertStillAnswering();
    }

    private void Check(HttpRequestMessage request, string what)
    {
        using var response = _client.SendAsync(request).GetAwaiter().GetResult();
        int status = (int)response.StatusCode;
        string body = response.Content.ReadAsStringAsync().GetAwaiter().GetResult();
        Assert.True(status < 500, $"{status} for {what}: {body}");
        string? media = response.Content.Headers.ContentType?.MediaType;
        if (status >= 400)
        {
            Assert.Equal("application/problem+json", media);
            using var problem = JsonDocument.Parse(body);
            Assert.False(string.IsNullOrWhiteSpace(problem.RootElement.GetProperty("detail").GetString()));
        }
        else if (media is "application/json" or "application/geo+json")
        {
            using var _ = JsonDocument.Parse(body);
        }
    }

    private void AssertStillAnswering() =>
        Assert.Equal(HttpStatusCode.OK, _client.GetAsync("/api/analysis/nearest?lon=3.4&lat=6.5&to=lines").GetAwaiter().GetResult().StatusCode);
}
