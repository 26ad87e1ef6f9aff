using Microsoft.AspNetCore.Routing.Template;

namespace Maps.Functions.Hosting;

/// <summary>Who may call an endpoint: anyone, or a caller with a function key (the host's, or <c>Maps:ManageKey</c> standalone).</summary>
public enum EndpointAccess { Anonymous, FunctionKey }

/// <summary>Documentation of the request body an endpoint takes, for the OpenAPI definition.</summary>
public sealed record RequestBodyDocs(string Description, IReadOnlyList<string> MediaTypes);

/// <summary>
/// One endpoint of the API, declared once (docs/architecture.md §3.2): its function name, route under
/// <c>/api</c>, methods, access, CORS policy, concurrency limit, documentation and handler. The
/// standalone host maps it, the <c>[Function]</c> of the same name triggers on it (a test compares
/// the generated functions.metadata with this declaration), and the OpenAPI document and landing page
/// are built from it. Cross-cutting checks run in <see cref="ApiDispatcher"/> in both modes.
/// </summary>
public sealed record ApiEndpoint(string Name, string Route, IReadOnlyList<string> Methods, RequestDelegate Handler)
{
    public static readonly string[] ReadMethods = [HttpMethods.Get, HttpMethods.Head];

    /// <summary>
    /// The host cannot bind an empty route (<c>Route = ""</c> means the function's name); an optional
    /// parameter limited to length 0 matches exactly the prefix root, <c>/api</c> and <c>/api/</c>.
    /// </summary>
    public const string RootFunctionRoute = "{root:maxlength(0)?}";

    public EndpointAccess Access { get; init; } = EndpointAccess.Anonymous;

    public string CorsPolicy { get; init; } = CorsPolicies.Read;

    /// <summary>Counted against the per-client concurrency limit (<see cref="ClientConcurrencyLimiter"/>).</summary>
    public bool ConcurrencyLimited { get; init; }

    public string Summary { get; init; } = "";

    /// <summary>The query parameters the endpoint declares: the OpenAPI definition and the process descriptions describe these.</summary>
    public IReadOnlyList<Http.QueryParameter> QueryParameters { get; init; } = [];

    /// <summary>The collections' queryables are documented as equality filters too.</summary>
    public bool QueryablesAsParameters { get; init; }

    public RequestBodyDocs? Body { get; init; }

    /// <summary>False for routes that are not part of the described API (the viewer's files).</summary>
    public bool Described { get; init; } = true;

    /// <summary>The ASP.NET route pattern, with the prefix: <c>/api/collections/{collectionId}</c>.</summary>
    public string Pattern => Route.Length == 0 ? ApiRoutes.Prefix : $"{ApiRoutes.Prefix}/{Route}";

    /// <summary>The route of the function's HttpTrigger (the host adds the <c>api</c> prefix).</summary>
    public string FunctionRoute => Route.Length == 0 ? RootFunctionRoute : Route;

    /// <summary>The route as the OpenAPI definition writes it: <c>/collections/{collectionId}</c>.</summary>
    public string DocumentedPath => "/" + Route.Replace("{*", "{", StringComparison.Ordinal);

    public bool Allows(string method) =>
        Methods.Contains(method, StringComparer.OrdinalIgnoreCase);

    private TemplateMatcher? _matcher;

    /// <summary>Whether a path under <c>/api</c> (e.g. <c>/collections/x</c>) is this endpoint's route, as the routers of both hosts match it.</summary>
    public bool MatchesPath(string pathUnderApi, RouteValueDictionary? values = null)
    {
        _matcher ??= new TemplateMatcher(TemplateParser.Parse(Route), new RouteValueDictionary());
        string path = pathUnderApi.Length > 1 ? pathUnderApi.TrimEnd('/') : pathUnderApi;
        return _matcher.TryMatch(path.Length == 0 ? "/" : path, values ?? new RouteValueDictionary());
    }
}
