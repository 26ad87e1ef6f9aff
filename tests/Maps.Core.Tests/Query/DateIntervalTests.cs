using Maps.Core.Query;

namespace Maps.Core.Tests.Query;

public sealed class DateIntervalTests
{
    [Theory]
    [InlineData("2020-06-01T12:00:00Z", 2020, true)]
    [InlineData("2020-06-01T12:00:00Z", 2021, false)]
    [InlineData("2019-12-31T23:59:59Z/2020-01-01T00:00:00Z", 2019, true)]
    [InlineData("2019-12-31T23:59:59Z/2020-01-01T00:00:00Z", 2020, true)]
    [InlineData("2019-12-31T23:59:59Z/2020-01-01T00:00:00Z", 2021, false)]
    [InlineData("../2010-01-01", 2010, true)]
    [InlineData("../2010-01-01", 2011, false)]
    [InlineData("2015-01-01T00:00:00Z/..", 2014, false)]
    [InlineData("2015-01-01T00:00:00Z/", 2015, true)]
    [InlineData("2018", 2018, true)]
    [InlineData("2018", 2019, false)]
    [InlineData("9999", 9999, true)]
    [InlineData("9999-12-31", 9999, true)]
    [InlineData("0001/9999", 5000, true)]
    public void A_year_matches_when_it_overlaps_the_interval(string text, int year, bool expected)
    {
        Assert.Equal(expected, DateInterval.Parse(text).Overlaps(year));
    }

    [Theory]
    [InlineData("")]
    [InlineData("..")]
    [InlineData("../..")]
    [InlineData("tomorrow")]
    [InlineData("2020-13-01")]
    [InlineData("2020-01-01/2019-01-01")]
    [InlineData("2020-01-01/2021-01-01/2022-01-01")]
    [InlineData("9999/0493-07-24T15:00:52Z")]
    public void Malformed_datetimes_are_rejected(string text)
    {
        var error = Assert.Throws<InvalidParameterException>(() => DateInterval.Parse(text));

        Assert.Equal("datetime", error.Parameter);
    }
}
