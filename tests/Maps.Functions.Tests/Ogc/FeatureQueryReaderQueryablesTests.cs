using System.Text;
using Maps.Core.Layers;
using Maps.Core.Query;
using Maps.Functions.Hosting;
using Maps.Functions.Ogc;
using Microsoft.AspNetCore.Http;

namespace Maps.Functions.Tests.Ogc;

/// <summary>Equality filters against derived queryables: reserved names stay parameters, arrays and dates filter sensibly.</summary>
public sealed class FeatureQueryReaderQueryablesTests
{
    private static readonly Layer Sites = Layer.FromGeoJson(
        new CollectionMetadata
        {
            Id = "sites", Title = "Sites", Description = "", License = "CC0-1.0", Attribution = "tests", Source = "generated", GeometryType = "Point",
            Queryables =
            [
                new() { Name = "limit", Type = "integer" },
                new() { Name = "sortby", Type = "string" },
                new() { Name = "masts", Type = "array", ItemsType = "integer" },
                new() { Name = "bands", Type = "array", ItemsType = "string" },
                new() { Name = "surveyed", Type = "string", Format = "date" },
                new() { Name = "updated", Type = "string", Format = "date-time" },
            ],
        },
        Encoding.UTF8.GetBytes("""
            {"type":"FeatureCollection","features":[
            {"type":"Feature","id":"a","geometry":{"type":"Point","coordinates":[1,2]},"properties":{"limit":7,"sortby":"x","masts":[1,2],"bands":["n78"],"surveyed":"2022-04-16","updated":"2022-04-16T10:13:19Z"}}]}
            """),
        "v1");

    private static (FeatureQuery Query, IReadOnlyList<string>? Properties) Read(string query)
    {
        var context = new DefaultHttpContext();
        context.Request.QueryString = new QueryString(query);
        return FeatureQueryReader.Read(context.Request, Sites, new MapsOptions(), paged: true, ["f"]);
    }

    [Fact]
    public void A_property_named_like_a_reserved_parameter_is_no_equality_filter()
    {
        var (query, _) = Read("?limit=2");

        Assert.Equal(2, query.Limit);
        Assert.Empty(query.PropertyEquals);
        Assert.False(FeatureQueryReader.IsEqualityParameter("sortby"));
        Assert.True(FeatureQueryReader.IsEqualityParameter("masts"));
    }

    [Theory]
    [InlineData("?masts=2", "masts", "2")]
    [InlineData("?bands=N78", "bands", "N78")]
    [InlineData("?surveyed=2022-04-16", "surveyed", "2022-04-16")]
    [InlineData("?updated=2022-04-16t10:13:19z", "updated", "2022-04-16t10:13:19z")]
    public void Arrays_dates_and_timestamps_are_equality_filters(string queryString, string name, string value)
    {
        var (query, _) = Read(queryString);

        Assert.Equal(value, query.PropertyEquals[name]);
        Assert.True(FeatureFilter.For(Sites, query).Matches(Sites.ReadAll()[0])); // arrays match any element; text compares case-insensitively
    }

    [Fact]
    public void An_array_of_integers_rejects_a_value_that_is_not_one()
    {
        var e = Assert.Throws<InvalidParameterException>(() => Read("?masts=two"));

        Assert.Contains("an array of integer values", e.Message);
    }
}
