namespace Maps.Core.Spatial;

/// <summary>
/// What one traversal of <see cref="SphericalIndex"/> feeds: every primitive whose key (squared
/// chord) is at most <see cref="ThresholdIn"/> is offered, and the search prunes every box whose lower
/// bound exceeds it. A nearest-k search narrows the threshold as it fills
/// (<see cref="NearestSink"/>); a range search keeps it fixed at the radius (<see cref="RangeSink"/>).
/// Implemented by structs so the JIT specialises the traversal per sink.
/// <para>
/// A sink that <see cref="TakesWholeNodes"/> also gets every node whose box it could take whole
/// (<see cref="Enter"/>), with a small integer scope carried down the tree: what the sink still
/// needs from that subtree (for a range sink, how many of its radii are still open). Other sinks
/// ignore scopes; their branches are removed by the JIT.
/// </para>
/// </summary>
internal interface ISearchSink
{
    /// <summary>The scope of the root (at most <see cref="SphericalIndex.MaxScope"/>).</summary>
    int InitialScope { get; }

    /// <summary>Keys above this cannot count within a subtree of this scope.</summary>
    double ThresholdIn(int scope);

    /// <summary>A primitive of a leaf of this scope whose key is within <see cref="ThresholdIn"/>.</summary>
    void Offer(double key, int feature, int primitive, int scope);

    bool TakesWholeNodes { get; }

    /// <summary>Whether offers narrow the threshold (a nearest search), so that measuring one leaf early prunes most of the queue.</summary>
    bool Narrows { get; }

    /// <summary>
    /// A node is reached with the scope of its parent and the largest key anything in its box can
    /// have; the sink takes what it can whole and returns the narrowed scope (0: nothing left to visit).
    /// </summary>
    int Enter(int node, double upperBound, int scope);
}

/// <summary>The k nearest distinct features (<see cref="NearestCandidates"/>).</summary>
internal readonly struct NearestSink(NearestCandidates candidates) : ISearchSink
{
    public int InitialScope => 1;

    public double ThresholdIn(int scope) => candidates.Threshold;

    public void Offer(double key, int feature, int primitive, int scope) => candidates.Offer(key, feature, primitive);

    public bool TakesWholeNodes => false;

    public bool Narrows => true;

    public int Enter(int node, double upperBound, int scope) => scope;
}

/// <summary>Every distinct feature within a fixed key, each once with its smallest key (<see cref="RangeCollector"/>).</summary>
internal readonly struct RangeSink(RangeCollector collector) : ISearchSink
{
    public int InitialScope => 1;

    public double ThresholdIn(int scope) => collector.MaxKey;

    public void Offer(double key, int feature, int primitive, int scope) => collector.Offer(key, feature);

    public bool TakesWholeNodes => false;

    public bool Narrows => false;

    public int Enter(int node, double upperBound, int scope) => scope;
}

/// <summary>
/// Range totals of sets where every feature is one primitive (bare points), for several radii in
/// one search. The radii are sorted; the scope of a subtree is how many of them (the smallest) are
/// still open there. A node whose whole box lies within radius r is added from its subtree totals
/// to r and every larger radius, and only the smaller radii are looked for below it, so the inside
/// of a large radius is not visited point by point. No "seen before" bookkeeping is needed, and
/// weights are read only when they are not all 1.
/// </summary>
internal readonly struct TallyRangeSink(RangeTally tally, double[]? weights, int[] subtreeCounts, double[] subtreeWeights) : ISearchSink
{
    public int InitialScope => tally.Count;

    public double ThresholdIn(int scope) => tally.Keys[scope - 1];

    public bool TakesWholeNodes => true;

    public bool Narrows => false;

    public int Enter(int node, double upperBound, int scope)
    {
        var keys = tally.Keys;
        int first = scope;
        while (first > 0 && upperBound <= keys[first - 1])
            first--;
        for (int r = first; r < scope; r++)
        {
            tally.Counts[r] += subtreeCounts[node];
            tally.Sums[r] += subtreeWeights[node];
        }
        return first;
    }

    public void Offer(double key, int feature, int primitive, int scope)
    {
        double weight = weights is null ? 1 : weights[feature];
        var keys = tally.Keys;
        for (int r = scope - 1; r >= 0 && key <= keys[r]; r--)
        {
            tally.Counts[r]++;
            tally.Sums[r] += weight;
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

    /// <summary>For each sorted position, the index of the radius in the caller's order.</summary>
    public int[] Order = new int[4];

    /// <summary>Starts a search for these radius keys, kept in ascending order (<see cref="Order"/> maps back).</summary>
    public void Reset(ReadOnlySpan<double> keys)
    {
        if (Keys.Length < keys.Length)
        {
            Keys = new double[keys.Length];
            Counts = new long[keys.Length];
            Sums = new double[keys.Length];
            Order = new int[keys.Length];
        }
        Count = keys.Length;
        keys.CopyTo(Keys);
        for (int i = 0; i < Count; i++)
            Order[i] = i;
        Keys.AsSpan(0, Count).Sort(Order.AsSpan(0, Count));
        Array.Clear(Counts, 0, Count);
        Array.Clear(Sums, 0, Count);
    }
}
