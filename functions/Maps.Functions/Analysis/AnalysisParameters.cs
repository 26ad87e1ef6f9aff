using System.Globalization;
using System.Text.Json.Nodes;
using Maps.Core.Layers;
using Maps.Functions.Http;
using Maps.Functions.Ogc;

namespace Maps.Functions.Analysis;

/// <summary>
/// Reads and checks the query parameters the analyses share (<c>to</c>, <c>status</c>, <c>k</c>,
/// distances), declared once each (<see cref="QueryParameter"/>), turning every bad value into a 400
/// that says what is allowed.
/// </summary>
public static class AnalysisParameters
{
    /// <summary>The collections searched when <c>to</c> is not given (those of them that are loaded).</summary>
    public static readonly string[] BackboneCollections = ["fibre-links", "transmission-nodes", "microwave-links", "submarine-cables", "landing-points"];

    public static readonly string[] Statuses = ["operational", "under-construction", "planned", "unknown"];

    public const int MaxK = 100;

    public static readonly QueryParameter ToParameter = new("to",
        "Comma-separated collections to search. Default: every loaded backbone collection among " + string.Join(", ", BackboneCollections) + ".")
        { Example = "fibre-links,transmission-nodes" };

    public static readonly QueryParameter StatusParameter = new("status",
        "Comma-separated feature statuses to keep (" + string.Join(", ", Statuses) + "). Default: every status.") { Example = "operational" };

    public static readonly QueryParameter KParameter = new("k", $"Number of nearest features, 1 to {MaxK}; larger values are clamped to {MaxK}. Default 1.")
        { Type = "integer", Minimum = 1, Default = 1 };

    public static readonly QueryParameter MaxDistanceKm = QueryParameter.Number("max_distance_km",
        "Only features within this great-circle distance (km, inclusive). Default: no limit.", 0);

    public static readonly QueryParameter ThresholdKm = QueryParameter.Number("threshold_km",
        "A point is a gap when no backbone feature lies within this distance (km). Default 10.", 0, 20_100, 10);

    public static readonly QueryParameter SummaryParameter = QueryParameter.Choice("summary",
        "'only': answer the per-country summary as JSON without the rows.", "only");

    /// <summary>A batch body's latitude column; a GeoJSON body's positions are its Point geometries.</summary>
    public static readonly QueryParameter LatColumn = new("lat",
        "CSV body: the name of the latitude column. Default: the first of lat, latitude, y, lat_dd, ... found, case-insensitively. Not for a GeoJSON body.");

    public static readonly QueryParameter LonColumn = new("lon",
        "CSV body: the name of the longitude column. Default: the first of lon, lng, long, longitude, x, lon_dd, ... found, case-insensitively. Not for a GeoJSON body.");

    /// <summary><c>to</c>: known collection ids in the order given, or the loaded backbone collections.</summary>
    public static string[] To(IQueryValues query, LayerSet layers)
    {
        string? value = ToParameter.Value(query);
        if (string.IsNullOrWhiteSpace(value))
        {
            var present = BackboneCollections.Where(id => layers.Find(id) is not null).ToArray();
            if (present.Length == 0)
                throw ApiException.BadRequest(
                    $"No backbone collection ({string.Join(", ", BackboneCollections)}) is loaded; name the collections to search with to=. Collections: {string.Join(", ", layers.Layers.Select(l => l.Id))}.");
            return present;
        }
        return Loaded(Split(value), ToParameter, layers);
    }

    /// <summary>The collection ids a parameter names, once each in the order given; a 400 naming the first that is not loaded.</summary>
    public static string[] Loaded(string[] ids, QueryParameter parameter, LayerSet layers)
    {
        foreach (var id in ids)
        {
            if (layers.Find(id) is null)
                throw ApiException.BadRequest(
                    $"Unknown collection '{id}' in {parameter.Name}=. Collections: {string.Join(", ", layers.Layers.Select(l => l.Id))}.");
        }
        return ids.Distinct(StringComparer.Ordinal).ToArray();
    }

    /// <summary><c>status</c>: lower-cased statuses in the order given; empty means every status.</summary>
    public static string[] Status(IQueryValues query)
    {
        string? value = StatusParameter.Value(query);
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
    public static int K(IQueryValues query)
    {
        string? value = KParameter.Value(query);
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

    /// <summary><c>summary=only</c> (any case): true; absent: false; any other value is a 400 saying what <c>only</c> gives.</summary>
    public static bool SummaryOnly(IQueryValues query, string what)
    {
        if (SummaryParameter.Value(query) is not string summary)
            return false;
        return summary.Equals("only", StringComparison.OrdinalIgnoreCase)
            ? true : throw ApiException.BadRequest($"summary='{summary}' is not known; use summary=only for {what} without rows.");
    }

    public static string[] Split(string value) =>
        value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    public static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
