using System.Text.Json.Nodes;

namespace Maps.Functions.Jobs;

/// <summary>
/// Adds up the summaries of a job's chunks into the summary the whole input would have had: counts
/// are summed, per-country lists merged by country (in ordinal order, as the analyses sort them),
/// shares recomputed from the sums; anything else (the query, notes) is the first chunk's. Only
/// the members named <c>summary</c> and <c>total</c> hold counts.
/// </summary>
public static class SummaryMerge
{
    private static readonly string[] Counted = ["summary", "total"];

    public static JsonObject Merge(IReadOnlyList<JsonObject> parts)
    {
        var merged = (JsonObject)parts[0].DeepClone();
        foreach (var part in parts.Skip(1))
        {
            foreach (string name in Counted)
            {
                if (merged[name] is { } mine && part[name] is { } theirs)
                    merged[name] = Add(mine, theirs);
            }
        }
        foreach (string name in Counted)
        {
            if (merged[name] is { } node)
                RecomputeShares(node);
        }
        return merged;
    }

    private static JsonNode Add(JsonNode mine, JsonNode theirs)
    {
        switch (mine, theirs)
        {
            case (JsonObject a, JsonObject b):
                var sum = (JsonObject)a.DeepClone();
                foreach (var (key, value) in b)
                    sum[key] = sum[key] is { } existing && value is not null ? Add(existing, value) : value?.DeepClone();
                return sum;
            case (JsonArray a, JsonArray b) when a.Concat(b).All(e => e is JsonObject o && o["country"] is JsonValue):
                var byCountry = new SortedDictionary<string, JsonNode>(StringComparer.Ordinal);
                foreach (var entry in a.Concat(b))
                {
                    string country = entry!["country"]!.GetValue<string>();
                    byCountry[country] = byCountry.TryGetValue(country, out var seen) ? Add(seen, entry) : entry.DeepClone();
                }
                return new JsonArray(byCountry.Values.ToArray());
            case (JsonValue a, JsonValue b) when a.TryGetValue(out long x) && b.TryGetValue(out long y):
                return JsonValue.Create(x + y);
            case (JsonValue a, JsonValue b) when a.TryGetValue(out double x) && b.TryGetValue(out double y):
                return JsonValue.Create(x + y);
            default:
                return mine.DeepClone();
        }
    }

    /// <summary>A gap count's <c>share</c> is beyond_threshold / points, as <c>GapCount.Share</c> computes it.</summary>
    private static void RecomputeShares(JsonNode node)
    {
        if (node is JsonObject o)
        {
            if (o.ContainsKey("share") && o["points"] is JsonValue p && o["beyond_threshold"] is JsonValue b)
            {
                long points = p.GetValue<long>(), beyond = b.GetValue<long>();
                o["share"] = points > 0 ? (double)beyond / points : 0;
            }
            foreach (var (_, child) in o.ToArray())
            {
                if (child is not null)
                    RecomputeShares(child);
            }
        }
        else if (node is JsonArray array)
        {
            foreach (var child in array)
            {
                if (child is not null)
                    RecomputeShares(child);
            }
        }
    }
}
