using System.Text.Json;
using System.Text.Json.Nodes;
using Maps.Functions.Hosting;
using Microsoft.AspNetCore.Routing.Patterns;

namespace Maps.Functions.FunctionApp;

/// <summary>
/// Derives the function.json set from the handler's own route table (DESIGN §3: one source of
/// truth): one function per route pattern, methods merged, <c>function</c> auth for anything under
/// <c>/api/manage</c> and <c>anonymous</c> otherwise.
/// </summary>
public static class FunctionManifest
{
    /// <summary>
    /// The host cannot bind an empty route (Azure/Azure-Functions#2473); an optional parameter
    /// limited to length 0 matches exactly the prefix root, <c>/api</c>.
    /// </summary>
    public const string RootRoute = "{root:maxlength(0)?}";

    public static IReadOnlyList<FunctionDefinition> FromEndpoints(IEnumerable<EndpointDataSource> sources)
    {
        var byRoute = new SortedDictionary<string, FunctionDefinition>(StringComparer.Ordinal);
        foreach (var endpoint in sources.SelectMany(s => s.Endpoints).OfType<RouteEndpoint>())
        {
            string pattern = endpoint.RoutePattern.RawText ?? "";
            if (!pattern.StartsWith(ApiRoutes.Prefix, StringComparison.Ordinal))
                continue;
            string route = ToFunctionRoute(pattern);
            var methods = (endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => m.ToLowerInvariant());
            string auth = IsManage(pattern) ? FunctionDefinition.FunctionKey : FunctionDefinition.Anonymous;
            string name = endpoint.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName
                ?? throw new InvalidOperationException($"Endpoint '{pattern}' has no name (.WithName): its function needs one.");
            byRoute[route] = byRoute.TryGetValue(route, out var existing)
                ? existing with { Methods = existing.Methods.Union(methods).Order(StringComparer.Ordinal).ToArray() }
                : new FunctionDefinition(name, route, methods.Order(StringComparer.Ordinal).ToArray(), auth);
        }
        return byRoute.Values.ToArray();
    }

    public static bool IsManage(string pattern) =>
        pattern == ApiRoutes.ManagePrefix || pattern.StartsWith(ApiRoutes.ManagePrefix + "/", StringComparison.Ordinal);

    /// <summary><c>/api/collections/{collectionId}</c> → <c>collections/{collectionId}</c> (the host adds the prefix).</summary>
    public static string ToFunctionRoute(string pattern)
    {
        string route = pattern[ApiRoutes.Prefix.Length..].TrimStart('/');
        return route.Length == 0 ? RootRoute : route;
    }

    public static JsonObject FunctionJson(FunctionDefinition function) => new()
    {
        ["bindings"] = new JsonArray(
            new JsonObject
            {
                ["type"] = "httpTrigger",
                ["direction"] = "in",
                ["name"] = "req",
                ["authLevel"] = function.AuthLevel,
                ["methods"] = new JsonArray(function.Methods.Select(m => (JsonNode?)m).ToArray()),
                ["route"] = function.Route,
            },
            new JsonObject { ["type"] = "http", ["direction"] = "out", ["name"] = "res" }),
    };

    /// <summary>Writes <c>&lt;dir&gt;/&lt;Name&gt;/function.json</c> for every function, replacing older function folders.</summary>
    public static void Write(string outputDirectory, IReadOnlyList<FunctionDefinition> functions)
    {
        Directory.CreateDirectory(outputDirectory);
        foreach (var function in functions)
        {
            string folder = Path.Combine(outputDirectory, function.Name);
            Directory.CreateDirectory(folder);
            File.WriteAllText(Path.Combine(folder, "function.json"),
                FunctionJson(function).ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
        }
    }
}
