using System.Text;
using System.Text.Json.Nodes;
using Maps.Core.Import;

namespace Maps.Formats.Tests.Ofds;

/// <summary>How the reader paces the sink, reads CRSs and copes with a large package.</summary>
public sealed class OfdsReadingTests
{
    [Fact]
    public void The_sink_is_awaited_at_least_every_thousand_features()
    {
        var run = OfdsTestData.Read(Generated(spans: 2500));

        Assert.Equal(2500, run.Spans.Count);
        Assert.Equal(2501, run.Nodes.Count);
        int previous = 0;
        foreach (int handedOn in run.Blocks)
        {
            Assert.InRange(handedOn - previous, 0, 1000);
            previous = handedOn;
        }
        Assert.Equal(run.Spans.Count + run.Nodes.Count, run.Blocks[^1]);
    }

    [Fact]
    public void A_hundred_thousand_span_package_is_read_in_order()
    {
        var run = OfdsTestData.Read(Generated(spans: 100_000, spansFirst: true));

        Assert.Equal(100_000, run.Spans.Count);
        Assert.Equal("99999", run.Spans[^1].Id);
        Assert.Equal("n99999", run.Spans[^1].Property("from"));
        Assert.Equal(100_001, run.Nodes.Count);
    }

    [Theory]
    [InlineData("urn:ogc:def:crs:OGC::CRS84", SourceCrs.LonLat)]
    [InlineData("http://www.opengis.net/def/crs/EPSG/0/4326", SourceCrs.LonLat)]
    [InlineData("WGS84", SourceCrs.LonLat)]
    [InlineData("EPSG:3857", SourceCrs.WebMercator)]
    public void The_network_crs_is_passed_on(string crs, SourceCrs expected)
    {
        var package = JsonNode.Parse(OfdsTestData.Bytes("network-package.json"))!;
        package["networks"]![0]!["crs"] = new JsonObject { ["name"] = crs };

        var run = OfdsTestData.Read(OfdsTestData.Utf8(package.ToJsonString()));

        Assert.All(run.Spans.Concat(run.Nodes), f => Assert.Equal(expected, f.Crs));
    }

    [Fact]
    public void Spans_without_a_name_are_named_from_to()
    {
        var package = JsonNode.Parse(OfdsTestData.Bytes("network-package.json"))!;
        package["networks"]![0]!["spans"]![0]!.AsObject().Remove("name");

        var span = OfdsTestData.Read(OfdsTestData.Utf8(package.ToJsonString())).Spans[0];

        Assert.Equal("Accra – Kumasi", span.Property("name"));
    }

    /// <summary>A one-network package: a chain of <paramref name="spans"/> spans over spans + 1 nodes.</summary>
    private static byte[] Generated(int spans, bool spansFirst = false)
    {
        var nodes = new StringBuilder("\"nodes\":[");
        for (int i = 0; i <= spans; i++)
            nodes.Append(i == 0 ? "" : ",").Append($$$"""{"id":"n{{{i}}}","name":"n{{{i}}}","status":"operational","location":{"type":"Point","coordinates":[{{{i % 360 - 180}}},1]}}""");
        nodes.Append(']');
        var chain = new StringBuilder("\"spans\":[");
        for (int i = 0; i < spans; i++)
            chain.Append(i == 0 ? "" : ",").Append($$$"""{"id":"{{{i}}}","start":"n{{{i}}}","end":"n{{{i + 1}}}","status":"planned","route":{"type":"LineString","coordinates":[[0,0],[1,1]]}}""");
        chain.Append(']');
        string members = spansFirst ? $"{chain},{nodes}" : $"{nodes},{chain}";
        return Encoding.UTF8.GetBytes($$"""{"networks":[{"id":"g","name":"Generated",{{members}}}]}""");
    }
}
