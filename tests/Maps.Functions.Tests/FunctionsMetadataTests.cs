using System.Text.Json;
using Maps.Functions.Hosting;
using Maps.Functions.Tests.Support;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Template;
using Microsoft.Extensions.DependencyInjection;

namespace Maps.Functions.Tests;

/// <summary>
/// The functions.metadata that the Worker SDK generates from the <c>[Function]</c> attributes must be
/// the endpoint table (ApiRoutes) and nothing else: same names, routes, methods and auth levels, plus
/// the fallback. And every endpoint must be reached by its own function the way the host matches
/// (first match in function-name order, ASP.NET route templates with inline constraints, methods).
/// </summary>
public sealed class FunctionsMetadataTests(MapsApiFactory factory) : IClassFixture<MapsApiFactory>
{
    private sealed record HostFunction(string Name, string Route, string[] Methods, string AuthLevel);

    private static readonly Lazy<IReadOnlyList<HostFunction>> Generated = new(ReadMetadata);

    /// <summary>The functions in the order the host tries them.</summary>
    private static IReadOnlyList<HostFunction> Functions => Generated.Value;

    [Fact]
    public void Generated_functions_are_exactly_the_endpoint_table_and_the_fallback()
    {
        var expected = ApiRoutes.All
            .Select(e => new HostFunction(e.Name, e.FunctionRoute, e.Methods.Select(m => m.ToLowerInvariant()).Order().ToArray(),
                e.Access == EndpointAccess.FunctionKey ? "Function" : "Anonymous"))
            .Append(new HostFunction(MapsFunctions.FallbackName, "{*path}", ["delete", "get", "head", "options", "patch", "post", "put"], "Anonymous"))
            .OrderBy(f => f.Name, StringComparer.Ordinal).ToArray();
        var actual = Functions.OrderBy(f => f.Name, StringComparer.Ordinal).ToArray();

        Assert.Equal(expected.Select(Describe), actual.Select(Describe));
    }

    [Fact]
    public void Key_protected_functions_are_exactly_those_under_manage()
    {
        Assert.All(Functions, f => Assert.Equal(f.Route.StartsWith("manage", StringComparison.Ordinal) ? "Function" : "Anonymous", f.AuthLevel));
        Assert.Contains(Functions, f => f.AuthLevel == "Function");
    }

    [Fact]
    public void The_fallback_is_tried_last_whatever_the_name_order()
    {
        Assert.Equal(MapsFunctions.FallbackName, Functions.OrderBy(f => f.Name, StringComparer.Ordinal).Last().Name);
        Assert.Equal(MapsFunctions.FallbackName, Functions.OrderBy(f => f.Name, StringComparer.OrdinalIgnoreCase).Last().Name);
    }

    [Fact]
    public void Every_endpoint_and_method_is_reached_first_by_its_own_function_and_by_no_other()
    {
        var resolver = factory.Services.GetRequiredService<IInlineConstraintResolver>();
        foreach (var endpoint in ApiRoutes.All)
        {
            string path = SamplePath(endpoint.Route);
            foreach (var method in endpoint.Methods)
            {
                var reaching = Functions.Where(f => f.Name != MapsFunctions.FallbackName && HostWouldMatch(f, path, method, resolver)).ToArray();
                Assert.True(reaching.Length == 1, $"{method} {path}: reached by {string.Join(", ", reaching.Select(f => f.Name))}");
                Assert.Equal(endpoint.Name, reaching[0].Name);
            }
        }
    }

    [Theory]
    [InlineData("/api", "GetLanding")]
    [InlineData("/api/", "GetLanding")]
    [InlineData("/api/collections", "GetCollections")]
    [InlineData("/api/viewer", "GetViewer")]
    [InlineData("/api/viewer/app.js", "GetViewer")]
    [InlineData("/api/viewer/vendor/maplibre-gl.mjs", "GetViewer")]
    [InlineData("/api/extracts/fibre-links.csv-metadata.json", "GetExtract")]
    [InlineData("/api/no/such/thing", MapsFunctions.FallbackName)]
    [InlineData("/api/collections/x/items/y/z", MapsFunctions.FallbackName)]
    public void The_host_sends_a_get_to_this_function(string path, string function)
    {
        var resolver = factory.Services.GetRequiredService<IInlineConstraintResolver>();

        Assert.Equal(function, Functions.First(f => HostWouldMatch(f, path, "GET", resolver)).Name);
    }

    [Fact]
    public void The_dispatchers_route_matching_agrees_with_the_hosts()
    {
        // The fallback answers 405 and preflights by matching paths itself; it must see the routes as the host does.
        var resolver = factory.Services.GetRequiredService<IInlineConstraintResolver>();
        var samples = ApiRoutes.All.Select(e => SamplePath(e.Route))
            .Concat(["/api/", "/api/collections/", "/api/nope", "/api/collections/a/b/c/d", "/api/tiles/a/1/2.mvt", "/api/extracts/a"]).Distinct();
        foreach (string path in samples)
        {
            foreach (var endpoint in ApiRoutes.All)
            {
                var function = Functions.Single(f => f.Name == endpoint.Name);
                bool host = HostWouldMatch(function with { Methods = ["get"] }, path, "GET", resolver);
                Assert.True(host == endpoint.MatchesPath(path[ApiRoutes.Prefix.Length..]), $"{endpoint.Name} on {path}: host {host}");
            }
        }
    }

    [Fact]
    public void The_only_other_function_is_the_job_queue_trigger_on_the_jobs_queue()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(MetadataFile()));
        var others = doc.RootElement.EnumerateArray()
            .Select(f => (Name: f.GetProperty("name").GetString(), Trigger: f.GetProperty("bindings").EnumerateArray().Single(b => b.GetProperty("direction").GetString() == "In")))
            .Where(f => f.Trigger.GetProperty("type").GetString() != "httpTrigger").ToArray();

        var queue = Assert.Single(others);
        Assert.Equal(JobQueueFunction.Name, queue.Name);
        Assert.Equal("queueTrigger", queue.Trigger.GetProperty("type").GetString());
        Assert.Equal(Maps.Storage.Jobs.AzureJobStore.QueueName, queue.Trigger.GetProperty("queueName").GetString());
    }

    private static string Describe(HostFunction f) => $"{f.Name} {f.AuthLevel} {string.Join(",", f.Methods)} {f.Route}";

    /// <summary>As the host matches: prefix "api", the route template with its inline constraints, and the methods.</summary>
    private static bool HostWouldMatch(HostFunction function, string path, string method, IInlineConstraintResolver resolver)
    {
        if (!function.Methods.Contains(method.ToLowerInvariant()))
            return false;
        var template = TemplateParser.Parse("api/" + function.Route);
        var values = new RouteValueDictionary();
        if (!new TemplateMatcher(template, new RouteValueDictionary()).TryMatch(path, values))
            return false;
        foreach (var parameter in template.Parameters)
        {
            // As ASP.NET Core's OptionalRouteConstraint: an absent optional value passes.
            if (parameter.IsOptional && !values.ContainsKey(parameter.Name!))
                continue;
            foreach (var policy in parameter.InlineConstraints)
            {
                if (!resolver.ResolveConstraint(policy.Constraint)!.Match(null, null, parameter.Name!, values, RouteDirection.IncomingRequest))
                    return false;
            }
        }
        return true;
    }

    /// <summary><c>collections/{collectionId}/items</c> → <c>/api/collections/sample/items</c>.</summary>
    private static string SamplePath(string route) =>
        ApiRoutes.Prefix + "/" + System.Text.RegularExpressions.Regex.Replace(route, @"\{\*?(\w+)[^}]*\}", "sample");

    /// <summary>functions.metadata of the app's build output (the folder the Functions host runs), in the host's order.</summary>
    private static IReadOnlyList<HostFunction> ReadMetadata()
    {
        string file = MetadataFile();
        using var doc = JsonDocument.Parse(File.ReadAllText(file));
        return doc.RootElement.EnumerateArray().Where(f => f.GetProperty("bindings").EnumerateArray().Any(b => b.GetProperty("type").GetString() == "httpTrigger")).Select(f =>
        {
            var trigger = f.GetProperty("bindings").EnumerateArray().Single(b => b.GetProperty("type").GetString() == "httpTrigger");
            return new HostFunction(f.GetProperty("name").GetString()!, trigger.GetProperty("route").GetString()!,
                trigger.GetProperty("methods").EnumerateArray().Select(m => m.GetString()!.ToLowerInvariant()).Order().ToArray(),
                trigger.GetProperty("authLevel").GetString()!);
        }).OrderBy(f => f.Name, StringComparer.OrdinalIgnoreCase).ToArray();
    }

    private static string MetadataFile()
    {
        string configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(root.FullName, "Maps.sln")))
            root = root.Parent ?? throw new DirectoryNotFoundException("No Maps.sln above the test output.");
        return Path.Combine(root.FullName, "functions", "Maps.Functions", "bin", configuration, "net10.0", "functions.metadata");
    }
}
