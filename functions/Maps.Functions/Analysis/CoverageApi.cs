using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Maps.Core.Analysis;
using Maps.Core.Layers;
using Maps.Functions.Hosting;
using Maps.Functions.Http;
using Maps.Functions.Ogc;
using Microsoft.Net.Http.Headers;

namespace Maps.Functions.Analysis;

/// <summary>
/// Population within reach of the backbone (ITU's indicator): <c>GET /api/analysis/coverage</c>,
/// per country and in total, for each requested distance; JSON, or CSV with <c>f=csv</c> or
/// <c>Accept: text/csv</c>.
/// </summary>
public static class CoverageApi
{
    public const int MaxDistances = 10;
    public const double MaxDistanceKm = 20_000;
    private static readonly double[] DefaultDistances = [10, 25, 50, 100];
    private static readonly QueryParameter CountryParameter = new("country",
        "Comma-separated ISO 3166-1 alpha-3 codes present in the population layer. Default: every country.") { Example = "NGA,GHA" };

    private static readonly QueryParameter DistancesParameter = new("distances",
        $"Comma-separated distances in km (positive, at most {MaxDistances}, each at most {MaxDistanceKm:N0}). Default 10,25,50,100.")
        { Type = "array", Items = new() { ["type"] = "number" }, Minimum = 0, Maximum = MaxDistanceKm, MinItems = 1, MaxItems = MaxDistances, Default = new System.Text.Json.Nodes.JsonArray(10, 25, 50, 100) };

    private static readonly QueryParameter FormatParameter = QueryParameter.Choice("f", "Output format: json (default) or csv (overrides Accept).", "json", "csv");

    private static readonly QueryParameter[] Parameters = [CountryParameter, DistancesParameter, AnalysisParameters.ToParameter, AnalysisParameters.StatusParameter, FormatParameter];

    public const string CoverageRoute = "analysis/coverage";

    public static readonly ApiEndpoint[] Endpoints =
    [
        new("GetAnalysisCoverage", CoverageRoute, ApiEndpoint.ReadMethods, c => GetCoverage(c, c.Service<ILayerCatalog>(), c.Service<CoverageService>()))
        {
            ConcurrencyLimited = true, QueryParameters = Parameters,
            Summary = "Population within each distance of the backbone, per country, with shares of the country total.",
        },
    ];

    /// <summary>The collections, statuses, countries and distances of a coverage report, checked.</summary>
    public sealed record CoverageQuery(IReadOnlyList<string> To, IReadOnlyList<string> Statuses, IReadOnlyList<string> Countries, IReadOnlyList<double> Distances);

    /// <summary>The report's parameters, checked (400/404 when wrong), before anything is computed.</summary>
    public static CoverageQuery Read(IQueryValues query, LayerSet layers, CoverageService coverage)
    {
        if (layers.Find(CoverageService.PopulationCollection) is null)
            throw ApiException.NotFound("No 'population' collection is loaded, so coverage cannot be computed.");
        return new(AnalysisParameters.To(query, layers), AnalysisParameters.Status(query), Countries(query, coverage.Countries(layers)), Distances(query));
    }

    public static async Task GetCoverage(HttpContext context, ILayerCatalog catalog, CoverageService coverage)
    {
        var request = context.Request;
        QueryParameters.RequireOnly(request, Parameters);
        var query = QueryValues.Of(request);
        bool csv = WantsCsv(query, request.Headers.Accept);
        Negotiation.RequireAcceptable(request, csv ? MediaTypes.Csv : MediaTypes.Json);
        var layers = await catalog.GetLayersAsync(context.RequestAborted);
        var asked = Read(query, layers, coverage);
        if (Conditional.IsNotModified(context, Conditional.Tag(layers.Version, "coverage", csv ? "csv" : "json", request.QueryString.Value)))
        {
            context.Response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }
        await AnswerAsync(context.Response, asked, csv, layers, coverage, context.RequestAborted);
    }

    /// <summary>The report on an HTTP response (the endpoint, and the process executed synchronously).</summary>
    public static async Task AnswerAsync(HttpResponse response, CoverageQuery query, bool csv, LayerSet layers, CoverageService coverage, CancellationToken cancellationToken)
    {
        response.ContentType = await WriteReportAsync(query, csv, layers, coverage, response.BodyWriter, cancellationToken);
        await response.BodyWriter.FlushAsync(cancellationToken);
    }

    /// <summary>Whether the parameters alone ask for CSV (<c>f=csv</c>), as a process's inputs do.</summary>
    public static bool AsksForCsv(IQueryValues query) => WantsCsv(query, default);

    /// <summary>Computes the report and writes it, as JSON or CSV; returns its media type. No HTTP: a job's chunk writes it to a buffer.</summary>
    public static async Task<string> WriteReportAsync(CoverageQuery query, bool csv, LayerSet layers, CoverageService coverage, IBufferWriter<byte> output,
        CancellationToken cancellationToken)
    {
        var (to, statuses, countries, distances) = query;
        var report = coverage.Calculate(layers, to, statuses, countries, distances, cancellationToken);
        if (csv)
        {
            WriteCsv(output, report);
            return CsvOutput.ContentType;
        }
        await WriteJsonAsync(output, report, to, statuses);
        return MediaTypes.Json;
    }

    private static bool WantsCsv(IQueryValues query, Microsoft.Extensions.Primitives.StringValues accept)
    {
        if (FormatParameter.Value(query) is string f)
        {
            return f.ToLowerInvariant() switch
            {
                "csv" => true,
                "json" => false,
                _ => throw ApiException.BadRequest($"Unknown format f='{f}'; use 'json' or 'csv'."),
            };
        }
        return MediaTypeHeaderValue.TryParseList(accept, out var entries)
            && entries.Where(e => (e.Quality ?? 1) > 0).OrderByDescending(e => e.Quality ?? 1).FirstOrDefault() is { } best
            && best.MediaType.Equals("text/csv", StringComparison.OrdinalIgnoreCase);
    }

    private static string[] Countries(IQueryValues query, IReadOnlyCollection<string> available)
    {
        string? value = CountryParameter.Value(query);
        if (string.IsNullOrWhiteSpace(value))
            return [];
        var countries = AnalysisParameters.Split(value).Select(c => c.ToUpperInvariant()).Distinct(StringComparer.Ordinal).ToArray();
        foreach (var country in countries)
        {
            if (!available.Contains(country))
                throw ApiException.BadRequest(
                    $"Country '{country}' has no points in the population layer. Countries: {string.Join(", ", available.Order(StringComparer.Ordinal))}.");
        }
        return countries;
    }

    private static double[] Distances(IQueryValues query)
    {
        string? value = DistancesParameter.Value(query);
        if (string.IsNullOrWhiteSpace(value))
            return DefaultDistances;
        var parts = AnalysisParameters.Split(value);
        if (parts.Length == 0 || parts.Length > MaxDistances)
            throw ApiException.BadRequest($"distances takes 1 to {MaxDistances} comma-separated values, not {parts.Length}.");
        var distances = parts.Select(p => DistancesParameter.CheckNumber(p)).ToArray();
        if (distances.Any(d => d <= 0))
            throw ApiException.BadRequest("Each of distances must be a positive number of km.");
        return distances.Distinct().Order().ToArray();
    }

    private static async Task WriteJsonAsync(IBufferWriter<byte> output, CoverageReport report, IReadOnlyList<string> to, IReadOnlyList<string> statuses)
    {
        await using var writer = new Utf8JsonWriter(output, JsonDefaults.Writer);
        writer.WriteStartObject();
        JsonOutput.Strings(writer, "to", to);
        JsonOutput.Statuses(writer, statuses);
        writer.WriteStartArray("distances_km");
        foreach (double d in report.DistancesKm)
            writer.WriteNumberValue(d);
        writer.WriteEndArray();
        writer.WriteStartArray("countries");
        foreach (var country in report.Countries)
            WriteCountry(writer, country, report.DistancesKm);
        writer.WriteEndArray();
        writer.WritePropertyName("total");
        WriteCountry(writer, report.Total with { Country = "total" }, report.DistancesKm);
        writer.WriteEndObject();
    }

    private static void WriteCountry(Utf8JsonWriter writer, CountryCoverage country, IReadOnlyList<double> distances)
    {
        writer.WriteStartObject();
        writer.WriteString("country", country.Country);
        writer.WriteNumber("population_total", country.TotalPopulation);
        writer.WriteStartArray("within");
        for (int d = 0; d < distances.Count; d++)
        {
            writer.WriteStartObject();
            writer.WriteNumber("distance_km", distances[d]);
            writer.WriteNumber("population", country.PopulationWithin[d]);
            writer.WriteNumber("share", country.Shares[d]);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <summary>Rows <c>country,distance_km,population_within,population_total,share</c>, countries then a <c>total</c> row per distance.</summary>
    private static void WriteCsv(IBufferWriter<byte> buffer, CoverageReport report)
    {
        var output = new CsvOutput(buffer, (byte)',');
        output.Raw("country,distance_km,population_within,population_total,share"u8);
        output.EndRow();
        foreach (var country in report.Countries.Append(report.Total with { Country = "total" }))
        {
            for (int d = 0; d < report.DistancesKm.Count; d++)
            {
                output.Field(country.Country);
                output.Separator();
                output.Number(report.DistancesKm[d]);
                output.Separator();
                output.Number(country.PopulationWithin[d]);
                output.Separator();
                output.Number(country.TotalPopulation);
                output.Separator();
                output.Number(country.Shares[d]);
                output.EndRow();
            }
        }
    }
}
