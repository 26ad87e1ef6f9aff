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

/// <summary>
/// Range totals straight from the offers, for sets where every feature is one primitive (bare
/// points): no "seen before" bookkeeping and no per-feature arrays, so a query touches only the
/// tree and the primitives it measures. Weights are read only when they are not all 1.
/// </summary>
internal readonly struct TallyRangeSink(RangeTally tally, double[]? weights) : ISearchSink
{
    public double Threshold => tally.MaxKey;

    public void Offer(double key, int feature, int primitive)
    {
        if (key > tally.MaxKey)
            return;
        double weight = weights is null ? 1 : weights[feature];
        var keys = tally.Keys;
        for (int r = 0; r < tally.Count; r++)
        {
            if (key <= keys[r])
            {
                tally.Counts[r]++;
                tally.Sums[r] += weight;
            }
        }
    }
}

/// <summary>Per-radius counts and sums of one range search (<see cref="TallyRangeSink"/>). Reused per thread.</summary>
internal sealed class RangeTally
{
    public double[] Keys = new double[4];
    public long[] Counts = new long[4];
    public double[] Sums = new double[4];

    public int Count { get; private set; }

    public double MaxKey { get; private set; }

    public void Reset(ReadOnlySpan<double> keys)
    {
        if (Keys.Length < keys.Length)
        {
            Keys = new double[keys.Length];
            Counts = new long[keys.Length];
            Sums = new double[keys.Length];
        }
        Count = keys.Length;
        keys.CopyTo(Keys);
        Array.Clear(Counts, 0, Count);
        Array.Clear(Sums, 0, Count);
        double max = 0;
        foreach (double key in keys)
            max = Math.Max(max, key);
        MaxKey = max;
    }
}
