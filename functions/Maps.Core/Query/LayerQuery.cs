using Maps.Core.Layers;

namespace Maps.Core.Query;

/// <summary>
/// Runs a <see cref="FeatureQuery"/> over a <see cref="Layer"/> in two steps.
/// <list type="number">
/// <item><b>Count.</b> From the index when the filter is a box or polygon (alone or with one enum
/// equality): whole index nodes inside the region are counted without visiting their features.
/// Otherwise every candidate (the index's for a region, the whole layer without one) is tested, and
/// the matches are kept.</item>
/// <item><b>Page.</b> The features after the cursor in the page's order (the id order, or a
/// <see cref="SortOrder"/>): either by walking that order and testing each feature until the page
/// is full, or by ranking the matches; whichever is expected to test fewer features (walking costs
/// about limit × n / matched tests). Only the page's features are read from the file.</item>
/// </list>
/// </summary>
public static class LayerQuery
{
    public static FeaturePage Execute(Layer layer, FeatureQuery query)
    {
        var filter = FeatureFilter.For(layer, query);
        var order = query.SortBy.Count == 0 ? SortOrder.ById(layer) : SortOrder.For(layer, query.SortBy);
        int start = StartIndex(layer, order, query);
        int n = layer.Count;
        if (filter.IsEmpty)
            return Page(layer, order, query.SortBy, Enumerable.Range(start, Math.Max(0, n - start)), query.Limit, n);

        List<int>? matches = null;
        int matched = filter.CountFromIndex(layer) ?? (matches = AllMatches(layer, filter)).Count;
        if (matched == 0)
            return new FeaturePage([], 0, null);
        double walkCost = (Math.Min((double)query.Limit, matched) + 1) * n / matched;
        double rankCost = matches is not null ? matched : 3.0 * matched;
        if (walkCost < rankCost)
            return Page(layer, order, query.SortBy, Walk(layer, order, filter, start), query.Limit, matched);
        matches ??= AllMatches(layer, filter);
        return Page(layer, order, query.SortBy, Ranked(order, matches, start), query.Limit, matched);
    }

    /// <summary>Every feature of the layer that passes the filter, in id order (streams; no page).</summary>
    public static IEnumerable<LayerFeature> Matching(Layer layer, FeatureFilter filter)
    {
        if (filter.IsEmpty)
            return layer.Features(layer.IdOrder);
        var matches = AllMatches(layer, filter);
        var rank = layer.IdRank;
        matches.Sort((a, b) => rank[a].CompareTo(rank[b]));
        return layer.Features(matches);
    }

    /// <summary>
    /// Positions of the matches, ascending: the region's candidates (or every feature) tested one by
    /// one. Without a region the whole layer is read in order, in large blocks.
    /// </summary>
    private static List<int> AllMatches(Layer layer, FeatureFilter filter)
    {
        var matches = new List<int>();
        if (filter.Candidates(layer) is { } candidates)
        {
            foreach (int position in candidates)
                if (filter.Matches(layer, position))
                    matches.Add(position);
            return matches;
        }
        int p = 0;
        foreach (var feature in layer.All())
        {
            if (filter.Matches(feature))
                matches.Add(p);
            p++;
        }
        return matches;
    }

    /// <summary>Index in the page order of the first feature after the cursor; 0 without one.</summary>
    private static int StartIndex(Layer layer, SortOrder order, FeatureQuery query)
    {
        if (query.After is null)
            return 0;
        var cursor = PageCursor.Decode(query.After, query.SortBy);
        return order.StartAfter(cursor.TypedValues(layer.Metadata, query.SortBy), cursor.Id);
    }

    /// <summary>Order indexes from start on whose feature matches, lazily.</summary>
    private static IEnumerable<int> Walk(Layer layer, SortOrder order, FeatureFilter filter, int start)
    {
        for (int i = start; i < layer.Count; i++)
            if (filter.Matches(layer, order.Order[i]))
                yield return i;
    }

    /// <summary>The matches' order indexes from start on, ascending.</summary>
    private static IEnumerable<int> Ranked(SortOrder order, List<int> matches, int start)
    {
        var ranks = new List<int>(matches.Count);
        foreach (int position in matches)
            if (order.Rank[position] >= start)
                ranks.Add(order.Rank[position]);
        ranks.Sort();
        return ranks;
    }

    /// <summary>The first <paramref name="limit"/> of the order indexes, and a cursor when another follows.</summary>
    private static FeaturePage Page(Layer layer, SortOrder order, IReadOnlyList<SortField> keys, IEnumerable<int> indexes, int limit, int matched)
    {
        var page = new List<LayerFeature>(Math.Min(limit, 1024));
        bool more = false;
        foreach (int index in indexes)
        {
            if (page.Count == limit)
            {
                more = true;
                break;
            }
            page.Add(layer.Feature(order.Order[index]));
        }
        string? next = more ? PageCursor.Encode(keys, page[^1]) : null;
        return new FeaturePage(page, matched, next);
    }
}
