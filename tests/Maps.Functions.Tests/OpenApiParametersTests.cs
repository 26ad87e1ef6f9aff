using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Maps.Functions.Hosting;
using Maps.Functions.Tests.Support;

namespace Maps.Functions.Tests;

/// <summary>
/// Each operation's OpenAPI parameters are its own: the endpoint's declaration, with a description
/// and a real schema; what the endpoint accepts is what it documents (its 400 for an unknown
/// parameter lists the same names); the bounds it documents are the bounds it enforces; and the
/// processes describe their inputs as their endpoints do.
/// </summary>
public sealed partial class OpenApiParametersTests(MapsApiFactory factory) : IClassFixture<MapsApiFactory>
{
    private static readonly string[] SchemaTypes = ["string", "integer", "number", "boolean", "array"];
    private readonly HttpClient _client = factory.CreateClient();

    private async Task<JsonElement> DocumentAsync() =>
        await HttpAssert.JsonAsync(await _client.GetAsync("/api/openapi.json"), "application/vnd.oai.openapi+json");

    private static JsonElement Operation(JsonElement doc, ApiEndpoint endpoint, string method) =>
        doc.GetProperty("paths").GetProperty(endpoint.DocumentedPath).GetProperty(method.ToLowerInvariant());

    private static JsonElement[] QueryParameters(JsonElement operation) =>
        operation.GetProperty("parameters").EnumerateArray().Where(p => p.GetProperty("in").GetString() == "query").ToArray();

    [Fact]
    public async Task Every_query_parameter_of_every_operation_has_a_description_and_a_typed_schema()
    {
        var doc = await DocumentAsync();
        int seen = 0;
        foreach (var path in doc.GetProperty("paths").EnumerateObject())
            foreach (var operation in path.Value.EnumerateObject())
                foreach (var parameter in operation.Value.GetProperty("parameters").EnumerateArray())
                {
                    string where = $"{operation.Name} {path.Name} {parameter.GetProperty("name")}";
                    if (parameter.GetProperty("in").GetString() == "query")
                        Assert.False(string.IsNullOrWhiteSpace(parameter.GetProperty("description").GetString()), $"{where}: no description");
                    Assert.Contains(parameter.GetProperty("schema").GetProperty("type").GetString(), SchemaTypes);
                    seen++;
                }
        Assert.True(seen > 100, $"only {seen} parameters described");
    }

    [Fact]
    public async Task Each_operation_documents_its_endpoints_own_declaration()
    {
        var doc = await DocumentAsync();
        foreach (var endpoint in ApiRoutes.All.Where(e => e.Described))
            foreach (var method in endpoint.Methods.Where(m => m != "HEAD"))
            {
                var documented = QueryParameters(Operation(doc, endpoint, method))
                    .Where(p => !p.GetProperty("description").GetString()!.StartsWith("Equality filter on", StringComparison.Ordinal)).ToArray();
                Assert.Equal(endpoint.QueryParameters.Select(p => p.Name), documented.Select(p => p.GetProperty("name").GetString()));
                foreach (var (declared, given) in endpoint.QueryParameters.Zip(documented))
                    Assert.True(JsonNode.DeepEquals(declared.OpenApi(), JsonNode.Parse(given.GetRawText())), $"{endpoint.Name} {declared.Name}: {given}");
            }
    }

    [Fact]
    public async Task What_an_endpoint_accepts_is_what_it_documents()
    {
        var doc = await DocumentAsync();
        int checkedEndpoints = 0;
        var wrong = new List<string>();
        foreach (var endpoint in ApiRoutes.All.Where(e => e.Described && e.Access == EndpointAccess.Anonymous))
            foreach (var method in endpoint.Methods.Where(m => m != "HEAD"))
            {
                string path = "/api/" + RouteValue().Replace(endpoint.Route, m => m.Groups[1].Value switch
                {
                    "collectionId" => "lines",
                    "format" => "geojson",
                    "processId" => "nearest",
                    _ => "0",
                }) + "?zz_not_a_parameter=1";
                using var request = new HttpRequestMessage(new HttpMethod(method), path);
                if (method == "POST")
                    request.Content = new StringContent("id,lat,lon\n", System.Text.Encoding.UTF8, "text/csv");
                using var response = await _client.SendAsync(request);
                string body = await response.Content.ReadAsStringAsync();
                var allowed = AllowedHere().Match(body);
                if (response.StatusCode != HttpStatusCode.BadRequest || !body.Contains("zz_not_a_parameter", StringComparison.Ordinal))
                    continue;
                checkedEndpoints++;
                string[] accepted = allowed.Success ? allowed.Groups[1].Value.Split(", ") : [];
                string[] documented = QueryParameters(Operation(doc, endpoint, method)).Select(p => p.GetProperty("name").GetString()!).ToArray();
                string says = $"{method} {endpoint.Route}: accepts {string.Join(",", accepted.Order())} but documents {string.Join(",", documented.Order())}";
                if (endpoint.QueryablesAsParameters)
                {
                    // The collection's own queryables are accepted too; the document lists every collection's.
                    if (!endpoint.QueryParameters.All(p => accepted.Contains(p.Name)) || !accepted.All(documented.Contains))
                        wrong.Add(says);
                }
                else if (!documented.Order(StringComparer.Ordinal).SequenceEqual(accepted.Order(StringComparer.Ordinal)))
                    wrong.Add(says);
            }
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
        Assert.True(checkedEndpoints >= 20, $"only {checkedEndpoints} endpoints said what they accept");
    }

    [Fact]
    public async Task The_parameters_that_once_shared_a_name_are_each_their_own()
    {
        var doc = await DocumentAsync();
        JsonElement Parameter(string name, string method, string parameter) =>
            Assert.Single(QueryParameters(Operation(doc, ApiRoutes.Named(name), method)), p => p.GetProperty("name").GetString() == parameter);

        Assert.Contains("response", Parameter("GetItems", "GET", "crs").GetProperty("description").GetString());
        Assert.Contains("response", Parameter("GetItem", "GET", "crs").GetProperty("description").GetString());
        Assert.Contains("upload", Parameter("PublishVersion", "POST", "crs").GetProperty("description").GetString());
        foreach (var (name, bound) in new[] { ("lon", 180), ("lat", 90) })
        {
            var point = Parameter("GetAnalysisNearest", "GET", name);
            Assert.True(point.GetProperty("required").GetBoolean());
            Assert.Equal("number", point.GetProperty("schema").GetProperty("type").GetString());
            Assert.Equal(-bound, point.GetProperty("schema").GetProperty("minimum").GetDouble());
            Assert.Equal(bound, point.GetProperty("schema").GetProperty("maximum").GetDouble());
            foreach (var batch in new[] { "PostAnalysisNearest", "PostAnalysisGaps", "PostAnalysisProfile" })
            {
                var column = Parameter(batch, "POST", name);
                Assert.Equal("string", column.GetProperty("schema").GetProperty("type").GetString());
                Assert.Contains("column", column.GetProperty("description").GetString());
                Assert.False(column.GetProperty("required").GetBoolean());
            }
        }
        // The profile looks at operational features unless told; the other analyses at every status.
        Assert.Contains("Default: operational", Parameter("PostAnalysisProfile", "POST", "status").GetProperty("description").GetString());
        Assert.Contains("Default: every status", Parameter("PostAnalysisNearest", "POST", "status").GetProperty("description").GetString());
        // Coverage answers CSV, not HTML.
        Assert.Equal(["json", "csv"], Parameter("GetAnalysisCoverage", "GET", "f").GetProperty("schema").GetProperty("enum").EnumerateArray().Select(e => e.GetString()));
    }

    [Theory]
    [InlineData("lon", 180, -180)]
    [InlineData("lat", 90, -90)]
    public async Task The_documented_bounds_are_the_enforced_ones(string name, double maximum, double minimum)
    {
        var doc = await DocumentAsync();
        var schema = Assert.Single(QueryParameters(Operation(doc, ApiRoutes.Named("GetAnalysisNearest"), "GET")), p => p.GetProperty("name").GetString() == name).GetProperty("schema");
        Assert.Equal(maximum, schema.GetProperty("maximum").GetDouble());
        Assert.Equal(minimum, schema.GetProperty("minimum").GetDouble());
        string other = name == "lon" ? "lat=0" : "lon=0";

        foreach (double inside in new[] { minimum, maximum })
            Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync($"/api/analysis/nearest?{other}&{name}={inside}&to=points")).StatusCode);
        foreach (double outside in new[] { minimum - 1e-9, maximum + 1e-9 })
        {
            string problem = await HttpAssert.ProblemAsync(await _client.GetAsync($"/api/analysis/nearest?{other}&{name}={outside:R}&to=points"), HttpStatusCode.BadRequest);
            Assert.Contains($"'{name}' must be from {minimum} to {maximum}", problem);
        }
        string missing = await HttpAssert.ProblemAsync(await _client.GetAsync($"/api/analysis/nearest?{other}&to=points"), HttpStatusCode.BadRequest);
        Assert.Contains($"'{name}' is required", missing);
    }

    [Fact]
    public async Task A_processes_inputs_are_its_endpoints_parameters()
    {
        var doc = await DocumentAsync();
        foreach (var (process, endpointName) in new[] { ("nearest", "PostAnalysisNearest"), ("gaps", "PostAnalysisGaps"), ("profile", "PostAnalysisProfile"), ("coverage", "GetAnalysisCoverage") })
        {
            var endpoint = ApiRoutes.Named(endpointName);
            var inputs = (await HttpAssert.JsonAsync(await _client.GetAsync($"/api/processes/{process}"))).GetProperty("inputs");
            foreach (var parameter in QueryParameters(Operation(doc, endpoint, endpoint.Methods[0])))
            {
                string name = parameter.GetProperty("name").GetString()!;
                if (name is "f" or "summary")
                    continue;
                var input = inputs.GetProperty(name);
                Assert.Equal(parameter.GetProperty("description").GetString(), input.GetProperty("description").GetString());
                Assert.True(JsonNode.DeepEquals(JsonNode.Parse(parameter.GetProperty("schema").GetRawText()), JsonNode.Parse(input.GetProperty("schema").GetRawText())),
                    $"{process}.{name}: {input.GetProperty("schema")} vs {parameter.GetProperty("schema")}");
            }
        }
    }

    [GeneratedRegex(@"\{\*?([A-Za-z]+)(:[^}]*)?\??\}")]
    private static partial Regex RouteValue();

    [GeneratedRegex(@"Allowed here: ([^.""]+)\.")]
    private static partial Regex AllowedHere();
}
