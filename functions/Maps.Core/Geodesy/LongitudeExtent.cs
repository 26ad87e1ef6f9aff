using NetTopologySuite.Geometries;

namespace Maps.Core.Geodesy;

/// <summary>
/// The smallest longitude interval covering a set of lon/lat envelopes, on the circle: a layer
/// whose features sit either side of ±180° (split there, as RFC 7946 asks) is described by a box
/// with west &gt; east (OGC API bbox convention) instead of one spanning the whole world.
/// O(n log n) in the envelopes.
/// </summary>
public static class LongitudeExtent
{
    /// <summary>
    /// <see cref="Of"/> over each part of each geometry: a cable split at ±180° is one geometry whose
    /// envelope alone spans the world, but whose parts sit on either side of the antimeridian.
    /// </summary>
    public static (double West, double East)? OfParts(IEnumerable<Geometry> geometries) =>
        Of(geometries.SelectMany(g => Enumerable.Range(0, g.NumGeometries).Select(i => g.GetGeometryN(i).EnvelopeInternal)));

    /// <summary>(West, East) of the smallest covering interval; West &gt; East when it crosses ±180°. Null when empty.</summary>
    public static (double West, double East)? Of(IEnumerable<Envelope> envelopes)
    {
        var intervals = envelopes.Where(e => !e.IsNull).Select(e => (e.MinX, e.MaxX)).OrderBy(i => i.MinX).ToArray();
        if (intervals.Length == 0)
            return null;
        double west = intervals[0].MinX, reach = intervals[0].MaxX;
        // The largest gap between the merged intervals; the gap across ±180° is the one a plain box leaves out.
        double wrapGap = 360 - (intervals.Max(i => i.MaxX) - west);
        double bestGap = wrapGap, gapStart = double.NaN, gapEnd = double.NaN;
        foreach (var (minX, maxX) in intervals.Skip(1))
        {
            if (minX > reach && minX - reach > bestGap)
                (bestGap, gapStart, gapEnd) = (minX - reach, reach, minX);
            reach = Math.Max(reach, maxX);
        }
        return double.IsNaN(gapStart) ? (west, reach) : (gapEnd, gapStart);
    }
}
