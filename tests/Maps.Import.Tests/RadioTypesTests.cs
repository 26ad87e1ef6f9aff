using Maps.Core.Import;
using NetTopologySuite.Geometries;

namespace Maps.Import.Tests;

public sealed class RadioTypesTests
{
    [Theory]
    [InlineData("2G", "2G")]
    [InlineData("3g", "3G")]
    [InlineData(" 4g ", "4G")]
    [InlineData("5G", "5G")]
    [InlineData("GSM", "2G")]
    [InlineData("gsm", "2G")]
    [InlineData("EDGE", "2G")]
    [InlineData("UMTS", "3G")]
    [InlineData("WCDMA", "3G")]
    [InlineData("HSPA+", "3G")]
    [InlineData("CDMA", "3G")]
    [InlineData("CDMA2000", "3G")]
    [InlineData("TD-SCDMA", "3G")]
    [InlineData("LTE", "4G")]
    [InlineData("lte", "4G")]
    [InlineData("LTE-A", "4G")]
    [InlineData("LTE Advanced", "4G")]
    [InlineData("LTE-A Pro", "4G")]
    [InlineData("4G+", "4G")]
    [InlineData("NR", "5G")]
    [InlineData("nr", "5G")]
    [InlineData("5G NR", "5G")]
    [InlineData("NR NSA", "5G")]
    [InlineData("5G_SA", "5G")]
    public void Radio_technologies_map_to_ITU_radio_types(string value, string expected)
    {
        Assert.Equal(expected, RadioTypes.Normalise(value));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("WiMAX")]
    [InlineData("2G/3G")]
    [InlineData("LTE,NR")]
    [InlineData("4")]
    [InlineData("6G")]
    [InlineData("Wi-Fi")]
    [InlineData("LTE\u00A0")]
    public void Anything_else_is_not_a_radio_type(string? value)
    {
        Assert.Null(RadioTypes.Normalise(value));
    }

    [Fact]
    public void Every_radio_type_normalises_to_itself_and_the_list_is_oldest_first()
    {
        Assert.Equal(["2G", "3G", "4G", "5G"], RadioTypes.All);
        Assert.All(RadioTypes.All, r => Assert.Equal(r, RadioTypes.Normalise(r)));
    }

    [Theory]
    [InlineData(null, "operational")]
    [InlineData("", "operational")]
    [InlineData("On air", "unknown")]
    [InlineData("Planned", "planned")]
    [InlineData("Operational", "operational")]
    public void A_cell_site_is_operational_unless_its_source_says_otherwise(string? status, string expected)
    {
        Assert.Equal(expected, CellSiteRules.Status(status));
    }

    [Fact]
    public void A_cell_site_needs_a_known_radio_and_a_point()
    {
        var point = new Point(1, 2);
        var line = new LineString([new Coordinate(0, 0), new Coordinate(1, 1)]);

        Assert.Null(CellSiteRules.Reason(point, "4G", null));
        Assert.Null(CellSiteRules.Reason(point, null, "LTE"));
        Assert.Null(CellSiteRules.Reason(point, "", "NR"));
        Assert.Equal("radio technology 'WiMAX' is not 2G, 3G, 4G or 5G (or GSM, UMTS, CDMA, LTE, NR)", CellSiteRules.Reason(point, "WiMAX", "LTE"));
        Assert.StartsWith("no radio technology", CellSiteRules.Reason(point, null, null));
        Assert.Equal("a cell site is a Point, not a LineString", CellSiteRules.Reason(line, "4G", null));
        Assert.Equal("4G", CellSiteRules.RadioType(null, "LTE"));
    }

    [Theory]
    [InlineData("cell-sites", true)]
    [InlineData("cell-sites-ken", true)]
    [InlineData("cell-sitesx", false)]
    [InlineData("schools", false)]
    public void The_rules_apply_to_cell_sites_and_cell_sites_dash_collections(string id, bool applies)
    {
        Assert.Equal(applies, CellSiteRules.AppliesTo(id));
    }
}
