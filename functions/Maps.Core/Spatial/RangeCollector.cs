namespace Maps.Core.Spatial;

/// <summary>
/// The distinct features within a fixed key during one range search, each with the smallest key
/// of its primitives, so a line with many arcs inside the radius counts once. A per-feature stamp
/// (the search number that last touched it) makes "seen before" O(1) without clearing between
/// searches. Reused per thread; not thread-safe.
/// </summary>
internal sealed class RangeCollector
{
    private int[] _stamps = [];
    private double[] _best = [];
    private int[] _touched = new int[64];
    private int _stamp;

    public double MaxKey { get; private set; }

    /// <summary>Features found by the current search (their ranks, in the order found).</summary>
    public ReadOnlySpan<int> Touched => _touched.AsSpan(0, Count);

    public int Count { get; private set; }

    /// <summary>The smallest key seen for a feature of <see cref="Touched"/>.</summary>
    public double KeyOf(int feature) => _best[feature];

    public void Reset(int featureCount, double maxKey)
    {
        if (_stamps.Length < featureCount)
        {
            _stamps = new int[featureCount];
            _best = new double[featureCount];
            _stamp = 0;
        }
        if (++_stamp == int.MaxValue)
        {
            Array.Clear(_stamps);
            _stamp = 1;
        }
        MaxKey = maxKey;
        Count = 0;
    }

    public void Offer(double key, int feature)
    {
        if (key > MaxKey)
            return;
        if (_stamps[feature] == _stamp)
        {
            if (key < _best[feature])
                _best[feature] = key;
            return;
        }
        _stamps[feature] = _stamp;
        _best[feature] = key;
        if (Count == _touched.Length)
            Array.Resize(ref _touched, Count * 2);
        _touched[Count++] = feature;
    }
}
