namespace Maps.Core.Spatial;

/// <summary>
/// What one traversal of <see cref="SphericalIndex"/> feeds: every primitive whose key (squared
/// chord) is at most <see cref="Threshold"/> is offered, and the search prunes every box whose lower
/// bound exceeds it. A nearest-k search narrows the threshold as it fills
/// (<see cref="NearestSink"/>); a range search keeps it fixed at the radius (<see cref="RangeSink"/>).
/// Implemented by structs so the JIT specialises the traversal per sink.
/// </summary>
internal interface ISearchSink
{
    double Threshold { get; }

    void Offer(double key, int feature, int primitive);
}

/// <summary>The k nearest distinct features (<see cref="NearestCandidates"/>).</summary>
internal readonly struct NearestSink(NearestCandidates candidates) : ISearchSink
{
    public double Threshold => candidates.Threshold;

    public void Offer(double key, int feature, int primitive) => candidates.Offer(key, feature, primitive);
}

/// <summary>Every distinct feature within a fixed key, each once with its smallest key (<see cref="RangeCollector"/>).</summary>
internal readonly struct RangeSink(RangeCollector collector) : ISearchSink
{
    public double Threshold => collector.MaxKey;

    public void Offer(double key, int feature, int primitive) => collector.Offer(key, feature);
}
