using System.Text.Json;
using System.Text.Json.Nodes;
using Maps.Core.Import;

namespace Maps.Formats.Tests.Ofds;

/// <summary>File-level problems throw <see cref="ImportFileException"/> before anything is handed on.</summary>
public sealed class OfdsErrorTests
{
    [Fact]
    public void A_span_naming_a_missing_node_fails_the_upload_naming_span_and_node()
    {
        var package = JsonNode.Parse(OfdsTestData.Bytes("network-package.json"))!;
        package["networks"]![0]!["spans"]![0]!["end"] = "99";

        var (error, run) = Fail(OfdsTestData.Utf8(package.ToJsonString()));

        Assert.Contains("span '1'", error.Message);
        Assert.Contains("end names node '99'", error.Message);
        Assert.Empty(run.Spans);
        Assert.Empty(run.Nodes);
    }

    [Fact]
    public void A_dangling_endpoint_is_found_when_spans_come_before_nodes()
    {
        var network = JsonNode.Parse(OfdsTestData.Bytes("network-package.json"))!["networks"]![0]!.AsObject();
        network["spans"]![0]!["start"] = "missing";
        var spans = network["spans"]!;
        network.Remove("spans");
        var reordered = new JsonObject { ["spans"] = spans };
        foreach (var (name, value) in network.ToList())
        {
            network.Remove(name);
            reordered[name] = value;
        }

        var (error, run) = Fail(OfdsTestData.Utf8(new JsonObject { ["networks"] = new JsonArray(reordered) }.ToJsonString()));

        Assert.Contains("start names node 'missing'", error.Message);
        Assert.Empty(run.Nodes);
    }

    [Fact]
    public void A_dangling_endpoint_in_the_geojson_pair_fails_it()
    {
        var spans = JsonNode.Parse(OfdsTestData.Bytes("spans.geojson"))!;
        spans["features"]![0]!["properties"]!["end"]!["id"] = "7";

        var (error, _) = Fail(OfdsTestData.Zip(("nodes.geojson", OfdsTestData.Bytes("nodes.geojson")), ("spans.geojson", OfdsTestData.Utf8(spans.ToJsonString()))));

        Assert.Contains("end names node '7'", error.Message);
    }

    [Fact]
    public void A_bare_endpoint_id_in_spans_without_nodes_is_dangling()
    {
        var spans = JsonNode.Parse(OfdsTestData.Bytes("spans.geojson"))!;
        spans["features"]![0]!["properties"]!["start"] = "1";

        var (error, _) = Fail(OfdsTestData.Utf8(spans.ToJsonString()));

        Assert.Contains("start names node '1'", error.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("not json")]
    [InlineData("{\"networks\": [")]
    [InlineData("{\"networks\": []} trailing")]
    [InlineData("[]")]
    [InlineData("42")]
    [InlineData("{}")]
    [InlineData("{\"networks\": 5}")]
    [InlineData("{\"networks\": [7]}")]
    [InlineData("{\"networks\": [{\"nodes\": {}}]}")]
    [InlineData("{\"type\": \"Feature\", \"geometry\": null, \"properties\": {}}")]
    [InlineData("{\"type\": \"Topology\", \"features\": []}")]
    [InlineData("{\"type\": \"FeatureCollection\", \"features\": {}}")]
    [InlineData("{\"networks\": [], \"type\": \"FeatureCollection\", \"features\": []}")]
    [InlineData("{\"networks\": [{\"crs\": {\"name\": \"EPSG:27700\"}, \"nodes\": []}]}")]
    [InlineData("{\"type\": \"FeatureCollection\", \"crs\": {\"type\": \"name\", \"properties\": {\"name\": \"EPSG:2056\"}}, \"features\": []}")]
    public void Not_ofds_json_fails_the_upload(string body) => Fail(OfdsTestData.Utf8(body));

    [Fact]
    public void A_truncated_package_fails_the_upload()
    {
        byte[] package = OfdsTestData.Bytes("network-package.json");
        var (error, _) = Fail(package[..(package.Length / 2)]);
        Assert.Contains("truncated", error.Message);
    }

    [Fact]
    public void A_package_that_only_links_to_separate_files_says_so()
    {
        var (error, _) = Fail(OfdsTestData.Utf8("""
            {"networks":[{"id":"n","links":[{"rel":"tag:opentelecomdata.net,2022:nodesFile","href":"http://example.com/nodes.jsonl"}]}]}
            """));
        Assert.Contains("separate files", error.Message);
    }

    [Fact]
    public void A_zip_without_nodes_or_spans_files_fails_the_upload()
    {
        var (error, _) = Fail(OfdsTestData.Zip(("network.geojson", OfdsTestData.Bytes("nodes.geojson"))));
        Assert.Contains("'nodes' or 'spans'", error.Message);
    }

    [Fact]
    public void A_corrupt_zip_fails_the_upload()
    {
        byte[] zip = OfdsTestData.ExamplePair();
        Fail(zip[..(zip.Length - 30)]);
    }

    [Fact]
    public void A_network_package_in_a_zip_entry_named_nodes_is_not_a_feature_collection()
    {
        var (error, _) = Fail(OfdsTestData.Zip(("nodes.json", OfdsTestData.Bytes("network-package.json"))));
        Assert.Contains("not a GeoJSON FeatureCollection", error.Message);
    }

    [Fact]
    public void A_node_without_location_and_a_span_without_route_are_handed_on_without_geometry()
    {
        var package = JsonNode.Parse(OfdsTestData.Bytes("network-package.json"))!;
        package["networks"]![0]!["nodes"]![0]!.AsObject().Remove("location");
        package["networks"]![0]!["spans"]![0]!["route"] = "not a geometry";

        var run = OfdsTestData.Read(OfdsTestData.Utf8(package.ToJsonString()));

        Assert.Equal(JsonValueKind.Null, run.Nodes[0].Element.GetProperty("geometry").ValueKind);
        Assert.Equal(JsonValueKind.Object, run.Nodes[1].Element.GetProperty("geometry").ValueKind);
        Assert.Equal(JsonValueKind.Null, run.Spans[0].Element.GetProperty("geometry").ValueKind);
    }

    [Fact]
    public void An_escaped_lone_surrogate_is_read_as_absent_text()
    {
        var run = OfdsTestData.Read(OfdsTestData.Utf8("""
            {"networks":[{"id":"n","\ud800":1,"name":"\ud800","nodes":[{"id":"1","name":"\udc00","location":{"type":"Point","coordinates":[0,0]}}]}]}
            """));

        var node = Assert.Single(run.Nodes);
        Assert.Null(node.Property("name"));
        Assert.Null(node.Property("network_name"));
    }

    [Fact]
    public void Text_that_is_not_utf8_fails_the_upload()
    {
        byte[] body = OfdsTestData.Utf8("""{"networks":[{"id":"n","nodes":[{"id":"1","nXme":"a"}]}]}""");
        body[Array.IndexOf(body, (byte)'X')] = 0xC7;
        Fail(body);
    }

    private static (ImportFileException Error, OfdsRun Run) Fail(byte[] body)
    {
        var run = new OfdsRun();
        var error = Assert.Throws<ImportFileException>(() => run = OfdsTestData.Read(body));
        Assert.Equal("fibre-links", error.File.Split('/')[0]);
        return (error, run);
    }
}
