using Maps.Functions.Hosting;

namespace Maps.Functions.Processes;

/// <summary>
/// An OGC API – Processes process over one analysis endpoint: its inputs are the endpoint's query
/// parameters, plus <c>points</c> (the body) for the batch analyses and <c>summary</c> for those with one.
/// Execution runs the endpoint's own handler, so a process answers exactly as the endpoint does.
/// </summary>
public sealed record MapsProcess(string Id, string Title, string Description, string EndpointName, IReadOnlyList<string> Parameters, bool TakesPoints, bool HasSummary)
{
    public ApiEndpoint Endpoint => ApiRoutes.Named(EndpointName);

    /// <summary>Parameters that name CSV columns, which a GeoJSON body must not be given.</summary>
    public static readonly string[] CsvColumnParameters = ["lat", "lon", "id"];

    public IEnumerable<string> InputNames =>
        (TakesPoints ? new[] { ProcessInputs.Points } : []).Concat(Parameters).Concat(HasSummary ? [ProcessInputs.Summary] : []);
}

/// <summary>The four processes, one per analysis.</summary>
public static class ProcessCatalog
{
    public static readonly MapsProcess[] All =
    [
        new("nearest", "Nearest backbone",
            "For every point, the nearest backbone feature (collection, id, operator, status) and its great-circle distance in km. Rows come back in the points' format with their own columns kept.",
            "PostAnalysisNearest", ["to", "status", "max_distance_km", "lat", "lon"], TakesPoints: true, HasSummary: false),
        new("gaps", "Connectivity gaps",
            "The points with no backbone within threshold_km (default 10), with their nearest feature however far; the summary counts them per country.",
            "PostAnalysisGaps", ["threshold_km", "to", "status", "lat", "lon"], TakesPoints: true, HasSummary: true),
        new("profile", "School connectivity profile",
            "Giga's per-school coverage columns: distances to fibre, microwave and each cell technology, schools and population within each radius, the ITU proximity band; the summary counts the bands per country.",
            "PostAnalysisProfile", ["radii", "fibre", "microwave", "cells", "population", "schools", "status", "columns", "lat", "lon", "id"], TakesPoints: true, HasSummary: true),
        new("coverage", "Population coverage",
            "Population within each distance of the backbone, per country, with shares of the country total.",
            "GetAnalysisCoverage", ["country", "distances", "to", "status"], TakesPoints: false, HasSummary: false),
    ];

    public static MapsProcess? Find(string id) => All.FirstOrDefault(p => p.Id == id);
}

public static class ProcessInputs
{
    public const string Points = "points";
    public const string Summary = "summary";
}
