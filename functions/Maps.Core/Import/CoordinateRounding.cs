using NetTopologySuite.Geometries;

namespace Maps.Core.Import;

/// <summary>
/// Rounds every coordinate of a geometry to a fixed number of decimals (7 by default: about 1 cm),
/// away from zero at midpoints, so that written layers are stable and small. Copies; never mutates input.
/// </summary>
public static class CoordinateRounding
{
    public const int DefaultDecimals = 7;

    public static double Round(double value, int decimals = DefaultDecimals) =>
        Math.Round(value, decimals, MidpointRounding.AwayFromZero);

    public static Geometry Round(Geometry geometry, int decimals = DefaultDecimals)
    {
        var copy = geometry.Copy();
        copy.Apply(new RoundingFilter(decimals));
        copy.GeometryChanged();
        return copy;
    }

    private sealed class RoundingFilter(int decimals) : IEntireCoordinateSequenceFilter
    {
        public bool Done => false;
        public bool GeometryChanged => true;

        public void Filter(CoordinateSequence seq)
        {
            for (int i = 0; i < seq.Count; i++)
            {
                seq.SetX(i, Round(seq.GetX(i), decimals));
                seq.SetY(i, Round(seq.GetY(i), decimals));
            }
        }
    }
}
