using System.Text.Json;
using Maps.Functions.FunctionApp;
using Maps.Functions.Hosting;
using Maps.Functions.Tests.Support;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.AspNetCore.Routing.Template;
using Microsoft.Extensions.DependencyInjection;

namespace Maps.Functions.Tests;

/// <summary>
/// The function.json set generated from the route table must reach every handler endpoint
/// through exactly one function, as the Functions host would match it (its route templates and
/// inline constraints are ASP.NET Core's), with the intended auth level.
/// </summary>
public sealed class FunctionManifestTests(MapsApiFactory factory) : IClassFixture<MapsApiFactory>
{
    private IReadOnlyList<RouteEndpoint> HandlerEndpoints() =>
        factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText!.StartsWith("/api", StringComparison.Ordinal)).ToArray();

    private IReadOnlyList<FunctionDefinition> Functions() =>
        FunctionManifest.FromEndpoints([factory.Services.GetRequiredService<EndpointDataSource>()]);

    [Fact]
    public void Every_endpoint_is_reached_by_exactly_one_function_with_the_right_auth_level()
    {
        var functions = Functions();
        var resolver = factory.Services.GetRequiredService<IInlineConstraintResolver>();
        Assert.NotEmpty(HandlerEndpoints());

        foreach (var endpoint in HandlerEndpoints())
        {
            string path = SamplePath(endpoint.RoutePattern);
            var methods = endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()!.HttpMethods;

            var reaching = functions.Where(f => HostWouldMatch(f, path, resolver) && methods.All(m => f.Methods.Contains(m.ToLowerInvariant()))).ToArray();

            var function = Assert.Single(reaching);
            string expectedAuth = endpoint.RoutePattern.RawText!.StartsWith("/api/manage", StringComparison.Ordinal) ? "function" : "anonymous";
            Assert.Equal(expectedAuth, function.AuthLevel);
        }
    }

    [Fact]
    public void Every_function_reaches_some_endpoint()
    {
        var patterns = HandlerEndpoints().Select(e => FunctionManifest.ToFunctionRoute(e.RoutePattern.RawText!)).ToHashSet();

        Assert.All(Functions(), f => Assert.Contains(f.Route, patterns));
    }

    [Fact]
    public void The_landing_route_matches_only_the_prefix_root()
    {
        var resolver = factory.Services.GetRequiredService<IInlineConstraintResolver>();
        var landing = Assert.Single(Functions(), f => f.Name == "GetLanding");

        Assert.True(HostWouldMatch(landing, "/api", resolver));
        Assert.False(HostWouldMatch(landing, "/api/collections", resolver));
    }

    [Theory]
    [InlineData("/api/viewer")]
    [InlineData("/api/viewer/app.js")]
    [InlineData("/api/viewer/vendor/maplibre-gl.mjs")]
    public void The_viewer_page_and_its_files_are_reached_by_one_function(string path)
    {
        var resolver = factory.Services.GetRequiredService<IInlineConstraintResolver>();

        var function = Assert.Single(Functions(), f => HostWouldMatch(f, path, resolver));

        Assert.Equal("GetViewer", function.Name);
        Assert.Equal("anonymous", function.AuthLevel);
    }

    [Fact]
    public void Generated_folders_hold_one_http_trigger_function_json_each()
    {
        string directory = Path.Combine(Path.GetTempPath(), "maps-functions-" + Guid.NewGuid().ToString("N"));
        try
        {
            FunctionManifest.Write(directory, Functions());

            var files = Directory.GetFiles(directory, "function.json", SearchOption.AllDirectories);
            Assert.Equal(Functions().Count, files.Length);
            foreach (var file in files)
            {
                using var doc = JsonDocument.Parse(File.ReadAllText(file));
                var trigger = doc.RootElement.GetProperty("bindings")[0];
                Assert.Equal("httpTrigger", trigger.GetProperty("type").GetString());
                Assert.False(trigger.GetProperty("route").GetString()!.StartsWith("api", StringComparison.Ordinal));
                Assert.Equal("http", doc.RootElement.GetProperty("bindings")[1].GetProperty("type").GetString());
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Theory]
    [InlineData(null, 7071)]
    [InlineData("", 7071)]
    [InlineData("5123", 5123)]
    [InlineData("not-a-port", 7071)]
    [InlineData("70000", 7071)]
    public void Handler_port_comes_from_the_host_variable_else_7071(string? value, int expected)
    {
        Assert.Equal(expected, CustomHandlerPort.Resolve(value));
    }

    /// <summary>Matches a request path against a function route the way the host does: prefix "api", template, inline constraints.</summary>
    private static bool HostWouldMatch(FunctionDefinition function, string path, IInlineConstraintResolver resolver)
    {
        var template = TemplateParser.Parse("api/" + function.Route);
        var matcher = new TemplateMatcher(template, new RouteValueDictionary());
        var values = new RouteValueDictionary();
        if (!matcher.TryMatch(path, values))
            return false;
        foreach (var parameter in template.Parameters)
        {
            // As ASP.NET Core's OptionalRouteConstraint: an absent optional value passes.
            if (parameter.IsOptional && !values.ContainsKey(parameter.Name!))
                continue;
            foreach (var policy in parameter.InlineConstraints)
            {
                var constraint = resolver.ResolveConstraint(policy.Constraint)!;
                if (!constraint.Match(null, null, parameter.Name!, values, RouteDirection.IncomingRequest))
                    return false;
            }
        }
        return true;
    }

    private static string SamplePath(RoutePattern pattern)
    {
        string path = pattern.RawText!;
        foreach (var parameter in pattern.Parameters)
        {
            // "{name...}", or "{*name}" / "{**name}" for a catch-all.
            int start = System.Text.RegularExpressions.Regex.Match(path, @"\{\*{0,2}" + System.Text.RegularExpressions.Regex.Escape(parameter.Name!)).Index;
            int end = path.IndexOf('}', start);
            string sample = parameter.ParameterPolicies.Any(p => p.Content is "int") ? "3" : "sample";
            path = path[..start] + sample + path[(end + 1)..];
        }
        return path;
    }
}
