namespace Maps.Core.Spatial;

/// <summary>
/// The best <c>k</c> distinct features seen so far during one search, ordered by
/// <see cref="SphereMath.Better"/>. A feature appears once, with its smallest key. Reused per
/// thread, so a search allocates nothing; not thread-safe.
/// </summary>
internal sealed class NearestCandidates
{
    private double[] _keys = new double[4];
    private int[] _ranks = new int[4];
    private int[] _arcs = new int[4];

    public int Count { get; private set; }

    public int Capacity { get; private set; }

    public double MaxKey { get; private set; }

    public void Reset(int k, double maxKey)
    {
        if (_keys.Length < k)
        {
            int size = Math.Max(k, _keys.Length * 2);
            _keys = new double[size];
            _ranks = new int[size];
            _arcs = new int[size];
        }
        Capacity = k;
        MaxKey = maxKey;
        Count = 0;
    }

    /// <summary>Keys above this cannot enter: the worst kept key (plus the tie tolerance) once full, else the distance cap.</summary>
    public double Threshold => Count == Capacity ? Math.Min(MaxKey, _keys[Count - 1] * (1 + SphereMath.TieTolerance)) : MaxKey;

    public double KeyAt(int i) => _keys[i];

    public int RankAt(int i) => _ranks[i];

    public int ArcAt(int i) => _arcs[i];

    public void Offer(double key, int rank, int arc)
    {
        if (key > MaxKey)
            return;
        int count = Count;
        for (int i = 0; i < count; i++)
        {
            if (_ranks[i] != rank)
                continue;
            if (key >= _keys[i])
                return;
            Array.Copy(_keys, i + 1, _keys, i, count - i - 1);
            Array.Copy(_ranks, i + 1, _ranks, i, count - i - 1);
            Array.Copy(_arcs, i + 1, _arcs, i, count - i - 1);
            count--;
            break;
        }
        if (count == Capacity)
        {
            if (!SphereMath.Better(key, rank, _keys[count - 1], _ranks[count - 1]))
            {
                Count = count;
                return;
            }
            count--;
        }
        int j = count;
        while (j > 0 && SphereMath.Better(key, rank, _keys[j - 1], _ranks[j - 1]))
        {
            _keys[j] = _keys[j - 1];
            _ranks[j] = _ranks[j - 1];
            _arcs[j] = _arcs[j - 1];
            j--;
        }
        _keys[j] = key;
        _ranks[j] = rank;
        _arcs[j] = arc;
        Count = count + 1;
    }
}
