using System.Buffers;
using System.Collections.Concurrent;
using System.Text.Json;
using Maps.Core.Geodesy;
using Maps.Core.Layers;
using Maps.Core.Spatial;

namespace Maps.Analysis;

public enum BatchMode { Nearest, Gaps }

/// <summary>The nearest feature's fields a batch answer adds to each row.</summary>
public sealed record NearestFeatureInfo(string Collection, string Id, string? Operator, string? Status);

/// <summary>
/// The engine side of a streamed batch (POST nearest and gaps): answers one chunk of points at a
/// time with <see cref="SphericalIndex.NearestMany"/> on all cores, decides which rows a gaps answer
/// keeps, looks up the nearest feature's operator and status (memoised per request: a batch hits
/// few distinct features) and counts the per-country gap summary. One instance per request; not thread-safe.
/// </summary>
public sealed class BatchAnalysis : IBatchAnswer
{
    /// <summary>Names of the columns (CSV) or properties (GeoJSON) added to every row, in order.</summary>
    public static readonly string[] Columns = ["nearest_collection", "nearest_id", "nearest_operator", "nearest_status", "distance_km", "error"];

    private readonly LayerSet _layers;
    private readonly SphericalIndex _index;
    // Keyed by the id string the index returns (one instance per indexed feature), compared by
    // reference: hashing two id strings per row was a tenth of the time of a million-row answer.
    // Concurrent: a CSV chunk's rows are written on several threads (IBatchAnswer).
    private readonly ConcurrentDictionary<string, NearestFeatureInfo> _features = new(ReferenceEqualityComparer.Instance);
    private readonly ConcurrentDictionary<NearestFeatureInfo, byte[]> _encoded = new(ReferenceEqualityComparer.Instance);
    private readonly List<LonLat> _points = [];
    private readonly double? _maxDistanceKm;

    public BatchAnalysis(LayerSet layers, SphericalIndex index, BatchMode mode, double? maxDistanceKm, double thresholdKm)
    {
        _layers = layers;
        _index = index;
        Mode = mode;
        _maxDistanceKm = mode == BatchMode.Nearest ? maxDistanceKm : null;
        ThresholdKm = thresholdKm;
    }

    public BatchMode Mode { get; }

    public IReadOnlyList<string> AddedColumns => Columns;

    public bool UsesCountry => Mode == BatchMode.Gaps;

    /// <summary>The searched collections and statuses, echoed in answers.</summary>
    public required IReadOnlyList<string> To { get; init; }

    public required IReadOnlyList<string> Statuses { get; init; }

    public double? MaxDistanceKm => _maxDistanceKm;

    public double ThresholdKm { get; }

    /// <summary>The per-country gap counts (gaps only).</summary>
    public GapSummary Gaps { get; } = new();

    public IBatchSummary? Summary => Mode == BatchMode.Gaps ? Gaps : null;

    /// <summary>Queues a valid point of the current chunk; returns its slot for <see cref="Result"/>.</summary>
    public int Add(double lon, double lat)
    {
        _points.Add(new LonLat(lon, lat));
        return _points.Count - 1;
    }

    private NearestResult?[] _results = [];

    /// <summary>Answers every queued point of the chunk (in parallel), ready for <see cref="Result"/>.</summary>
    public void Run(CancellationToken cancellationToken)
    {
        _results = _points.Count == 0 ? [] : _index.NearestMany(_points, _maxDistanceKm, cancellationToken);
        _points.Clear();
    }

    public NearestResult? Result(int slot) => slot >= 0 ? _results[slot] : null;

    /// <summary>
    /// Whether the row goes into the answer, counting it for the summary: every row for nearest;
    /// for gaps, rows beyond the threshold (or with no feature at all) and rows with an error.
    /// </summary>
    public bool Keep(int slot, string? country)
    {
        if (Mode == BatchMode.Nearest)
            return true;
        if (slot < 0)
        {
            Gaps.AddInvalid(country);
            return true;
        }
        bool beyond = Result(slot) is not { } r || r.DistanceKm > ThresholdKm;
        Gaps.Add(country, beyond);
        return beyond;
    }

    public void WriteCsvFields(CsvOutput output, int slot)
    {
        if (Result(slot) is { } result)
        {
            output.Raw(Encoded(Info(result), output.Delimiter));
            output.Number(result.DistanceKm);
        }
        else
        {
            for (int i = 0; i < Columns.Length - 2; i++)
                output.Separator();
        }
    }

    /// <summary>"collection,id,operator,status," ready to copy, once per distinct feature.</summary>
    private byte[] Encoded(NearestFeatureInfo info, byte delimiter) => _encoded.GetOrAdd(info, static (feature, separator) =>
    {
        var buffer = new ArrayBufferWriter<byte>();
        var csv = new CsvOutput(buffer, separator);
        foreach (var value in new[] { feature.Collection, feature.Id, feature.Operator, feature.Status })
        {
            csv.Field(value);
            csv.Separator();
        }
        return buffer.WrittenSpan.ToArray();
    }, delimiter);

    public void WriteJsonProperties(Utf8JsonWriter writer, int slot)
    {
        var result = Result(slot);
        var info = result is { } r ? Info(r) : null;
        JsonOutput.StringOrNull(writer, "nearest_collection", info?.Collection);
        JsonOutput.StringOrNull(writer, "nearest_id", info?.Id);
        JsonOutput.StringOrNull(writer, "nearest_operator", info?.Operator);
        JsonOutput.StringOrNull(writer, "nearest_status", info?.Status);
        JsonOutput.NumberOrNull(writer, "distance_km", result?.DistanceKm);
    }

    public void WriteQuery(Utf8JsonWriter writer)
    {
        JsonOutput.Strings(writer, "to", To);
        JsonOutput.Statuses(writer, Statuses);
        if (Mode == BatchMode.Gaps)
            writer.WriteNumber("threshold_km", ThresholdKm);
        else
            JsonOutput.NumberOrNull(writer, "max_distance_km", MaxDistanceKm);
    }

    /// <summary>A gaps summary document begins with the threshold and the query.</summary>
    public void WriteSummaryHead(Utf8JsonWriter writer)
    {
        writer.WriteNumber("threshold_km", ThresholdKm);
        JsonOutput.Strings(writer, "to", To);
        JsonOutput.Statuses(writer, Statuses);
    }

    public NearestFeatureInfo Info(NearestResult result)
    {
        if (_features.TryGetValue(result.FeatureId, out var info) && ReferenceEquals(info.Collection, result.CollectionId))
            return info;
        var feature = _layers.Find(result.CollectionId)?.Find(result.FeatureId);
        info = new NearestFeatureInfo(result.CollectionId, result.FeatureId, feature?.GetString("operator"), feature?.GetString("status"));
        _features[result.FeatureId] = info;
        return info;
    }

    /// <summary>The row error for a position, or null when it is usable.</summary>
    public static string? CheckPosition(bool hasLon, bool lonParsed, double lon, bool hasLat, bool latParsed, double lat)
    {
        if (!hasLon || !hasLat)
            return !hasLon && !hasLat ? "missing coordinates" : !hasLon ? "missing longitude" : "missing latitude";
        if (!lonParsed)
            return "longitude is not a number";
        if (!latParsed)
            return "latitude is not a number";
        if (!double.IsFinite(lon) || lon < -180 || lon > 180)
            return "longitude out of range [-180, 180]";
        if (!double.IsFinite(lat) || lat < -90 || lat > 90)
            return "latitude out of range [-90, 90]";
        return null;
    }
}

/// <summary>
/// Per-country counts of a gaps answer: usable points, points beyond the threshold, rows with errors.
/// A job's chunks each count theirs; <see cref="Merge"/> adds them up into the whole input's.
/// </summary>
public sealed class GapSummary : IBatchSummary
{
    /// <summary>The counts by country (as the row gave it, trimmed; <see cref="CountryCounts{T}.Unknown"/> when none).</summary>
    public CountryCounts<GapCounts> ByCountry { get; init; } = new();

    public void Add(string? country, bool beyond)
    {
        var counts = ByCountry.For(country);
        counts.Points++;
        if (beyond)
            counts.Beyond++;
    }

    public void AddInvalid(string? country) => ByCountry.For(country).Invalid++;

    /// <summary>Countries in ordinal order.</summary>
    public IEnumerable<GapCount> Countries => ByCountry.Sorted
        .Select(p => new GapCount(p.Key, p.Value.Points, p.Value.Beyond, p.Value.Invalid));

    public GapCount Total => new("total", ByCountry.Values.Sum(c => c.Points), ByCountry.Values.Sum(c => c.Beyond), ByCountry.Values.Sum(c => c.Invalid));

    /// <summary>The counts of both, country by country.</summary>
    public static GapSummary Merge(IEnumerable<GapSummary> parts)
    {
        var merged = new GapSummary();
        foreach (var part in parts)
            merged.ByCountry.Add(part.ByCountry, (sum, counts) =>
            {
                sum.Points += counts.Points;
                sum.Beyond += counts.Beyond;
                sum.Invalid += counts.Invalid;
            });
        return merged;
    }

    /// <summary>The <c>summary</c> array (by country) and the <c>total</c> object.</summary>
    public void WriteMembers(Utf8JsonWriter writer)
    {
        writer.WriteStartArray("summary");
        foreach (var count in Countries)
            WriteCount(writer, count);
        writer.WriteEndArray();
        writer.WritePropertyName("total");
        WriteCount(writer, Total);
    }

    private static void WriteCount(Utf8JsonWriter writer, GapCount count)
    {
        writer.WriteStartObject();
        writer.WriteString("country", count.Country);
        writer.WriteNumber("points", count.Points);
        writer.WriteNumber("beyond_threshold", count.BeyondThreshold);
        writer.WriteNumber("share", count.Share);
        writer.WriteNumber("invalid", count.Invalid);
        writer.WriteEndObject();
    }
}

/// <summary>One country's gap counts, as counted (and stored between a job's chunks).</summary>
public sealed class GapCounts
{
    public long Points { get; set; }

    public long Beyond { get; set; }

    public long Invalid { get; set; }
}

/// <param name="Points">Rows with a usable position.</param>
/// <param name="BeyondThreshold">Of those, the ones with no backbone within the threshold.</param>
/// <param name="Invalid">Rows whose position could not be read (not in Points).</param>
public readonly record struct GapCount(string Country, long Points, long BeyondThreshold, long Invalid)
{
    public double Share => Points > 0 ? (double)BeyondThreshold / Points : 0;
}
