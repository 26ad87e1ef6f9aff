using Maps.Core.Layers;

namespace Maps.Core.Query;

/// <summary>One page of a query: its features in order, how many match in all, and the cursor of the next page.</summary>
public sealed record FeaturePage(IReadOnlyList<LayerFeature> Features, int NumberMatched, string? NextAfter);
