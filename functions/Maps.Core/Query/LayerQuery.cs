using Maps.Core.Layers;

namespace Maps.Core.Query;

/// <summary>
/// Runs a <see cref="FeatureQuery"/> over a <see cref="Layer"/>. Candidates come from the STR-tree
/// when there is a bbox, from the whole layer otherwise; every candidate is then tested exactly.
/// Cost: O(candidates) per page, since numberMatched counts every match.
/// </summary>
public static class LayerQuery
{
    public static FeaturePage Execute(Layer layer, FeatureQuery query)
    {
        var filter = new FeatureFilter(query);
        if (filter.IsEmpty)
            return UnfilteredPage(layer, query);
        var page = new List<LayerFeature>(Math.Min(query.Limit, 1024));
        int matched = 0;
        string? nextAfter = null;
        foreach (var feature in Matching(layer, filter))
        {
            matched++;
            if (query.After is not null && string.CompareOrdinal(feature.Id, query.After) <= 0)
                continue;
            if (page.Count < query.Limit)
                page.Add(feature);
            else
                nextAfter ??= page[^1].Id;
        }
        return new FeaturePage(page, matched, nextAfter);
    }

    /// <summary>No filter: the count is the layer's, and the page starts by binary search on the id order. O(log n + limit).</summary>
    private static FeaturePage UnfilteredPage(Layer layer, FeatureQuery query)
    {
        var features = layer.Features;
        int start = 0;
        if (query.After is not null)
        {
            int low = 0, high = features.Count;
            while (low < high)
            {
                int middle = (low + high) >>> 1;
                if (string.CompareOrdinal(features[middle].Id, query.After) <= 0)
                    low = middle + 1;
                else
                    high = middle;
            }
            start = low;
        }
        int count = (int)Math.Min((long)query.Limit, features.Count - start);
        var page = new LayerFeature[count];
        for (int i = 0; i < count; i++)
            page[i] = features[start + i];
        string? next = start + count < features.Count && count > 0 ? page[^1].Id : null;
        return new FeaturePage(page, features.Count, next);
    }

    /// <summary>Every feature of the layer that passes the filter, in id order (streams; no page).</summary>
    public static IEnumerable<LayerFeature> Matching(Layer layer, FeatureFilter filter)
    {
        if (filter.Boxes is null)
        {
            foreach (var feature in layer.Features)
                if (filter.Matches(feature))
                    yield return feature;
            yield break;
        }
        foreach (int position in CandidatePositions(layer, filter.Boxes))
        {
            var feature = layer.Features[position];
            if (filter.Matches(feature))
                yield return feature;
        }
    }

    private static IEnumerable<int> CandidatePositions(Layer layer, IReadOnlyList<NetTopologySuite.Geometries.Envelope> boxes)
    {
        if (boxes.Count == 1)
            return layer.PositionsIntersecting(boxes[0]);
        var union = new SortedSet<int>();
        foreach (var box in boxes)
            union.UnionWith(layer.PositionsIntersecting(box));
        return union;
    }
}
