using Maps.Functions.Hosting;
using Maps.Functions.Http;

namespace Maps.Functions.Processes;

/// <summary>
/// An OGC API – Processes process over one analysis endpoint: its inputs are the endpoint's declared
/// query parameters (not <c>f</c>: the output format is the execute document's), with <c>points</c>
/// (the body) for the batch analyses and <c>summary</c> as a boolean for those with one.
/// Execution runs the endpoint's own handler, so a process answers exactly as the endpoint does.
/// </summary>
public sealed record MapsProcess(string Id, string Title, string Description, string EndpointName)
{
    public ApiEndpoint Endpoint => ApiRoutes.Named(EndpointName);

    /// <summary>The endpoint's parameters that are this process's inputs, as the endpoint declares them.</summary>
    public IEnumerable<QueryParameter> Parameters =>
        Endpoint.QueryParameters.Where(p => p.Name is not ("f" or ProcessInputs.Summary));

    /// <summary>The batch analyses take the points as their body.</summary>
    public bool TakesPoints => Endpoint.Body is not null;

    public bool HasSummary => Endpoint.QueryParameters.Any(p => p.Name == ProcessInputs.Summary);

    public IEnumerable<string> InputNames =>
        (TakesPoints ? new[] { ProcessInputs.Points } : []).Concat(Parameters.Select(p => p.Name)).Concat(HasSummary ? [ProcessInputs.Summary] : []);
}

/// <summary>The four processes, one per analysis.</summary>
public static class ProcessCatalog
{
    public static readonly MapsProcess[] All =
    [
        new("nearest", "Nearest backbone",
            "For every point, the nearest backbone feature (collection, id, operator, status) and its great-circle distance in km. Rows come back in the points' format with their own columns kept.",
            "PostAnalysisNearest"),
        new("gaps", "Connectivity gaps",
            "The points with no backbone within threshold_km (default 10), with their nearest feature however far; the summary counts them per country.",
            "PostAnalysisGaps"),
        new("profile", "School connectivity profile",
            "Giga's per-school coverage columns: distances to fibre, microwave and each cell technology, schools and population within each radius, the ITU proximity band; the summary counts the bands per country.",
            "PostAnalysisProfile"),
        new("coverage", "Population coverage",
            "Population within each distance of the backbone, per country, with shares of the country total.",
            "GetAnalysisCoverage"),
    ];

    public static MapsProcess? Find(string id) => All.FirstOrDefault(p => p.Id == id);
}

public static class ProcessInputs
{
    public const string Points = "points";
    public const string Summary = "summary";
}
