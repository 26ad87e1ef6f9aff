namespace Maps.Core.Spatial;

/// <summary>What a range query answers for one radius: the distinct features within it and the sum of their weights.</summary>
public readonly record struct RangeTotals(long Count, double WeightSum);
