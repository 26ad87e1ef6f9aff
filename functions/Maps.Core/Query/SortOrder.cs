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

    private SortOrder(Layer layer, IReadOnlyList<SortField> keys)
    {
        _layer = layer;
        _readers = keys.Select(k => CqlPropertyReader.For(layer.Metadata.FindQueryable(k.Property)!)).ToArray();
        _descending = keys.Select(k => k.Descending).ToArray();
        int n = layer.Features.Count;
        var values = new CqlValue[_readers.Length][];
        for (int k = 0; k < _readers.Length; k++)
        {
            values[k] = new CqlValue[n];
            for (int i = 0; i < n; i++)
                values[k][i] = _readers[k](layer.Features[i]);
        }
        Order = Enumerable.Range(0, n).ToArray();
        // Positions are in id order already, so position breaks ties by id.
        Array.Sort(Order, (a, b) =>
        {
            for (int k = 0; k < values.Length; k++)
            {
                int c = CompareKey(values[k][a], values[k][b], _descending[k]);
                if (c != 0)
                    return c;
            }
            return a.CompareTo(b);
        });
        Rank = new int[n];
        for (int i = 0; i < n; i++)
            Rank[Order[i]] = i;
    }

    /// <summary>Positions (indexes into <see cref="Layer.Features"/>) in sorted order.</summary>
    public int[] Order { get; }

    /// <summary>Rank[position] = where the feature at that position comes in <see cref="Order"/>.</summary>
    public int[] Rank { get; }

    public static SortOrder For(Layer layer, IReadOnlyList<SortField> keys) =>
        layer.Derived("sort:" + SortField.Format(keys), () => new SortOrder(layer, keys));

    /// <summary>Where in <see cref="Order"/> the first feature after (values, id) comes: binary search.</summary>
    public int StartAfter(IReadOnlyList<CqlValue> values, string id)
    {
        int low = 0, high = Order.Length;
        while (low < high)
        {
            int middle = (low + high) >>> 1;
            if (CompareTo(_layer.Features[Order[middle]], values, id) <= 0)
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
