using Maps.Core.Import;

namespace Maps.Formats.Tests.Ofds;

/// <summary>
/// The reader keeps OFDS status codes as given and the publisher normalises them: every code of the
/// standard's nodeStatus and spanStatus codelists lands where it should. "decommissioned" and "inactive"
/// (built but not yet lit) are none of operational, under construction or planned, so they are unknown.
/// </summary>
public sealed class OfdsStatusTests
{
    [Theory]
    [InlineData("operational", StatusNormaliser.Operational)]
    [InlineData("underConstruction", StatusNormaliser.UnderConstruction)]
    [InlineData("planned", StatusNormaliser.Planned)]
    [InlineData("proposed", StatusNormaliser.Planned)]
    [InlineData("decommissioned", StatusNormaliser.Unknown)]
    [InlineData("inactive", StatusNormaliser.Unknown)]
    public void Ofds_status_codes_normalise(string code, string expected) =>
        Assert.Equal(expected, StatusNormaliser.Normalise(code));
}
