using System.Globalization;
using System.Text.Json.Nodes;
using Maps.Core.Layers;
using Maps.Functions.Http;
using Maps.Functions.Ogc;

namespace Maps.Functions.Analysis;

/// <summary>
/// Reads and checks the query parameters the analyses share (<c>to</c>, <c>status</c>, <c>k</c>,
/// <c>lon</c>/<c>lat</c>, distances), turning every bad value into a 400 that says what is allowed,
/// and registers their OpenAPI descriptions.
/// </summary>
public static class AnalysisParameters
{
    /// <summary>The collections searched when <c>to</c> is not given (those of them that are loaded).</summary>
    public static readonly string[] BackboneCollections = ["fibre-links", "transmission-nodes", "microwave-links", "submarine-cables", "landing-points"];

    public static readonly string[] Statuses = ["operational", "under-construction", "planned", "unknown"];

    public const int MaxK = 100;

    static AnalysisParameters()
    {
        ParameterCatalog.Register("to",
            "Comma-separated collections to search. Default: every loaded backbone collection among " + string.Join(", ", BackboneCollections) + ".",
            new JsonObject { ["type"] = "string", ["example"] = "fibre-links,transmission-nodes" });
        ParameterCatalog.Register("status",
            "Comma-separated feature statuses to keep (" + string.Join(", ", Statuses) + "). Default: every status.",
            new JsonObject { ["type"] = "string", ["example"] = "operational" });
        ParameterCatalog.Register("k", $"Number of nearest features, 1 to {MaxK}; larger values are clamped to {MaxK}. Default 1.",
            new JsonObject { ["type"] = "integer", ["minimum"] = 1, ["default"] = 1 });
        ParameterCatalog.Register("max_distance_km", "Only features within this great-circle distance (km, inclusive).",
            new JsonObject { ["type"] = "number", ["minimum"] = 0 });
        ParameterCatalog.Register("threshold_km", "A point is a gap when no backbone feature lies within this distance (km). Default 10.",
            new JsonObject { ["type"] = "number", ["minimum"] = 0, ["default"] = 10 });
        ParameterCatalog.Register("summary", "'only': answer the per-country summary without the rows.",
            new JsonObject { ["type"] = "string", ["enum"] = new JsonArray("only") });
        ParameterCatalog.Register("country", "Comma-separated ISO 3166-1 alpha-3 codes present in the population layer. Default: every country.",
            new JsonObject { ["type"] = "string", ["example"] = "NGA,GHA" });
        ParameterCatalog.Register("distances", "Comma-separated distances in km (positive, at most 10, each ≤ 20,000). Default 10,25,50,100.",
            new JsonObject { ["type"] = "string", ["default"] = "10,25,50,100" });
    }

    /// <summary>Forces the static registration of the parameter descriptions.</summary>
    public static void Register() { }

    /// <summary><c>to</c>: known collection ids in the order given, or the loaded backbone collections.</summary>
    public static string[] To(HttpRequest request, LayerSet layers)
    {
        string? value = QueryParameters.Single(request, "to");
        if (string.IsNullOrWhiteSpace(value))
        {
            var present = BackboneCollections.Where(id => layers.Find(id) is not null).ToArray();
            if (present.Length == 0)
                throw ApiException.BadRequest(
                    $"No backbone collection ({string.Join(", ", BackboneCollections)}) is loaded; name the collections to search with to=. Collections: {string.Join(", ", layers.Layers.Select(l => l.Id))}.");
            return present;
        }
        var ids = Split(value);
        foreach (var id in ids)
        {
            if (layers.Find(id) is null)
                throw ApiException.BadRequest(
                    $"Unknown collection '{id}' in to=. Collections: {string.Join(", ", layers.Layers.Select(l => l.Id))}.");
        }
        return ids.Distinct(StringComparer.Ordinal).ToArray();
    }

    /// <summary><c>status</c>: lower-cased statuses in the order given; empty means every status.</summary>
    public static string[] Status(HttpRequest request)
    {
        string? value = QueryParameters.Single(request, "status");
        if (string.IsNullOrWhiteSpace(value))
            return [];
        var statuses = Split(value).Select(s => s.ToLowerInvariant()).Distinct(StringComparer.Ordinal).ToArray();
        foreach (var status in statuses)
        {
            if (!Statuses.Contains(status))
                throw ApiException.BadRequest($"Unknown status '{status}'. Statuses: {string.Join(", ", Statuses)}.");
        }
        return statuses;
    }

    /// <summary><c>k</c>: default 1; 0, negative or non-integer is 400; above <see cref="MaxK"/> clamped.</summary>
    public static int K(HttpRequest request)
    {
        string? value = QueryParameters.Single(request, "k");
        if (value is null)
            return 1;
        if (!long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long k) || k < 1)
        {
            // A huge integer is still an integer: clamp it like any other large k.
            if (value.Length > 0 && value.All(char.IsAsciiDigit) && value.TrimStart('0').Length > 0)
                return MaxK;
            throw ApiException.BadRequest($"k must be a positive integer (1 to {MaxK}; larger values are clamped), not '{value}'.");
        }
        return (int)Math.Min(k, MaxK);
    }

    /// <summary>A required finite number within [min, max].</summary>
    public static double RequiredNumber(HttpRequest request, string name, double min, double max)
    {
        string? value = QueryParameters.Single(request, name);
        if (string.IsNullOrWhiteSpace(value))
            throw ApiException.BadRequest($"Query parameter '{name}' is required (a number from {min} to {max}).");
        return Number(name, value, min, max);
    }

    /// <summary><c>summary=only</c> (any case): true; absent: false; any other value is a 400 saying what <c>only</c> gives.</summary>
    public static bool SummaryOnly(HttpRequest request, string what)
    {
        if (QueryParameters.Single(request, "summary") is not string summary)
            return false;
        return summary.Equals("only", StringComparison.OrdinalIgnoreCase)
            ? true : throw ApiException.BadRequest($"summary='{summary}' is not known; use summary=only for {what} without rows.");
    }

    /// <summary>An optional finite number within [min, max].</summary>
    public static double? OptionalNumber(HttpRequest request, string name, double min, double max)
    {
        string? value = QueryParameters.Single(request, name);
        return string.IsNullOrWhiteSpace(value) ? null : Number(name, value, min, max);
    }

    public static double Number(string name, string value, double min, double max)
    {
        if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double number) || !double.IsFinite(number))
            throw ApiException.BadRequest($"Query parameter '{name}' must be a finite number, not '{value}'.");
        if (number < min || number > max)
            throw ApiException.BadRequest(max == double.MaxValue
                ? $"Query parameter '{name}' must be at least {min}, not {value}."
                : $"Query parameter '{name}' must be from {min} to {max}, not {value}.");
        return number;
    }

    public static string[] Split(string value) =>
        value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    public static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
