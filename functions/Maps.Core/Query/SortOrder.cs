using Maps.Core.Layers;
using Maps.Core.Query.Cql2;

namespace Maps.Core.Query;

/// <summary>
/// A layer's features in the order of a <c>sortby</c>, ties broken by id: the permutation and its
/// inverse, built once per layer and sort (O(n log n)) and then shared by every page. Nulls sort
/// after every value ascending and before every value descending, as in PostgreSQL.
/// </summary>
public sealed class SortOrder
{
    private readonly Func<LayerFeature, CqlValue>[] _readers;
    private readonly bool[] _descending;
    private readonly Layer _layer;

    private SortOrder(Layer layer, int[] order, int[] rank)
    {
        _layer = layer;
        _readers = [];
        _descending = [];
        Order = order;
        Rank = rank;
    }

    private SortOrder(Layer layer, IReadOnlyList<SortField> keys)
    {
        _layer = layer;
        _readers = keys.Select(k => CqlPropertyReader.For(layer.Metadata.FindQueryable(k.Property)!)).ToArray();
        _descending = keys.Select(k => k.Descending).ToArray();
        int n = layer.Count;
        var values = new CqlValue[_readers.Length][];
        for (int k = 0; k < _readers.Length; k++)
            values[k] = new CqlValue[n];
        int position = 0;
        foreach (var feature in layer.All())
        {
            for (int k = 0; k < _readers.Length; k++)
                values[k][position] = _readers[k](feature);
            position++;
        }
        var idRank = layer.IdRank;
        Order = Enumerable.Range(0, n).ToArray();
        Array.Sort(Order, (a, b) =>
        {
            for (int k = 0; k < values.Length; k++)
            {
                int c = CompareKey(values[k][a], values[k][b], _descending[k]);
                if (c != 0)
                    return c;
            }
            return idRank[a].CompareTo(idRank[b]);
        });
        Rank = new int[n];
        for (int i = 0; i < n; i++)
            Rank[Order[i]] = i;
    }

    /// <summary>Positions (indexes into the layer, file order) in sorted order.</summary>
    public int[] Order { get; }

    /// <summary>Rank[position] = where the feature at that position comes in <see cref="Order"/>.</summary>
    public int[] Rank { get; }

    public static SortOrder For(Layer layer, IReadOnlyList<SortField> keys) =>
        layer.Derived("sort:" + SortField.Format(keys), () => new SortOrder(layer, keys));

    /// <summary>The id order (ordinal), the keyset order of unsorted pages.</summary>
    public static SortOrder ById(Layer layer) => layer.Derived("sort:", () => new SortOrder(layer, layer.IdOrder, layer.IdRank));

    /// <summary>Where in <see cref="Order"/> the first feature after (values, id) comes: binary search, reading the features it compares with.</summary>
    public int StartAfter(IReadOnlyList<CqlValue> values, string id)
    {
        if (_readers.Length == 0)
            return _layer.IdUpperBound(id);
        int low = 0, high = Order.Length;
        while (low < high)
        {
            int middle = (low + high) >>> 1;
            if (CompareTo(_layer.Feature(Order[middle]), values, id) <= 0)
                low = middle + 1;
            else
                high = middle;
        }
        return low;
    }

    private int CompareTo(LayerFeature feature, IReadOnlyList<CqlValue> values, string id)
    {
        for (int k = 0; k < _readers.Length; k++)
        {
            int c = CompareKey(_readers[k](feature), values[k], _descending[k]);
            if (c != 0)
                return c;
        }
        return string.CompareOrdinal(feature.Id, id);
    }

    private static int CompareKey(in CqlValue a, in CqlValue b, bool descending)
    {
        if (a.IsNull || b.IsNull)
            return a.IsNull == b.IsNull ? 0 : (a.IsNull ? 1 : -1) * (descending ? -1 : 1);
        int c = CqlValue.Compare(a, b) ?? a.Type.CompareTo(b.Type);
        return descending ? -c : c;
    }
}
