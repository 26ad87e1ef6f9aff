using Maps.Core.Geodesy;
using Maps.Core.Layers.FlatGeobuf;

namespace Maps.Analysis;

/// <summary>
/// The order the profile answers a chunk's points in: along a Hilbert curve over the globe, so that
/// consecutive searches walk the same parts of the index while they are in cache, instead of the
/// input's order (a school list sorted by name jumps across the country every row). Answers are
/// kept by slot, so the order changes no answer, only the time. Nearest on the backbone is not
/// ordered: its index is small enough to stay in cache, and ordering showed no gain there.
/// </summary>
public static class QueryOrder
{
    public static int[] Of(IReadOnlyList<LonLat> points)
    {
        var keys = new uint[points.Count];
        var order = new int[points.Count];
        for (int i = 0; i < keys.Length; i++)
        {
            var (lon, lat) = points[i];
            keys[i] = FgbIndex.Hilbert(lon, lat, lon, lat, -180, -90, 360, 180);
            order[i] = i;
        }
        Array.Sort(keys, order);
        return order;
    }
}
