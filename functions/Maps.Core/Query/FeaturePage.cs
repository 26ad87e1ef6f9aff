using Maps.Core.Layers;

namespace Maps.Core.Query;

/// <summary>One page of a query: its features in id order, how many match in all, and where the next page starts.</summary>
public sealed record FeaturePage(IReadOnlyList<LayerFeature> Features, int NumberMatched, string? NextAfter);
