using Maps.Core.Query;

namespace Maps.Core.Tests.Query;

public sealed class BoundingBoxTests
{
    [Fact]
    public void A_box_across_the_antimeridian_stands_for_two_envelopes()
    {
        var box = BoundingBox.Parse("170,-10,-170,10");

        var envelopes = box.Envelopes();

        Assert.True(box.CrossesAntimeridian);
        Assert.Equal(2, envelopes.Count);
        Assert.Equal((170.0, 180.0), (envelopes[0].MinX, envelopes[0].MaxX));
        Assert.Equal((-180.0, -170.0), (envelopes[1].MinX, envelopes[1].MaxX));
    }

    [Fact]
    public void The_three_dimensional_form_ignores_heights()
    {
        var box = BoundingBox.Parse("1,2,-100,3,4,100");

        Assert.Equal(new BoundingBox(1, 2, 3, 4), box);
    }

    [Theory]
    [InlineData("1,2,3")]
    [InlineData("1,2,3,4,5")]
    [InlineData("a,2,3,4")]
    [InlineData("1,2,3,Infinity")]
    [InlineData("-181,0,0,1")]
    [InlineData("0,-91,1,1")]
    [InlineData("0,5,1,4")]
    [InlineData("")]
    public void Malformed_boxes_are_rejected_with_the_parameter_named(string text)
    {
        var error = Assert.Throws<InvalidParameterException>(() => BoundingBox.Parse(text));

        Assert.Equal("bbox", error.Parameter);
        Assert.Contains("bbox", error.Message);
    }
}
