using Maps.Core.Geodesy;
using NetTopologySuite.Geometries;

namespace Maps.Core.Tests;

public sealed class LongitudeExtentTests
{
    private static Envelope E(double minX, double maxX) => new(minX, maxX, 0, 1);

    [Fact]
    public void Features_either_side_of_the_antimeridian_give_a_box_across_it()
    {
        var extent = LongitudeExtent.Of([E(170, 180), E(-180, -175), E(175, 179)]);

        Assert.Equal((170.0, -175.0), extent);
    }

    [Fact]
    public void Features_on_one_side_give_a_plain_box()
    {
        Assert.Equal((-26.0, 16.0), LongitudeExtent.Of([E(-26, -10), E(0, 16), E(-5, 2)]));
    }

    [Fact]
    public void A_wide_spread_keeps_the_plain_box_when_its_gap_is_the_widest()
    {
        // Gaps: 20..100 (80°) inside, and 120..(−180+360=180)..−160 wrap (80° + 20°): the wrap gap wins.
        Assert.Equal((-160.0, 120.0), LongitudeExtent.Of([E(-160, 20), E(100, 120)]));
    }

    [Fact]
    public void No_envelopes_give_no_extent()
    {
        Assert.Null(LongitudeExtent.Of([]));
    }
}
