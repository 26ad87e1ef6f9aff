using System.Text.Json;
using Maps.Core.Import;

namespace Maps.Formats.Tests.Ofds;

/// <summary>The standard's own example network, as a package and as its GeoJSON pair, against the files read independently.</summary>
public sealed class OfdsExampleTests
{
    private static readonly JsonElement Network = OfdsTestData.Json("network-package.json").GetProperty("networks")[0];

    [Fact]
    public void Every_node_and_span_of_the_package_comes_out_with_its_id_and_geometry()
    {
        var run = OfdsTestData.Read(OfdsTestData.Bytes("network-package.json"));

        var nodes = Network.GetProperty("nodes").EnumerateArray().ToList();
        var spans = Network.GetProperty("spans").EnumerateArray().ToList();
        Assert.Equal(nodes.Count, run.Nodes.Count);
        Assert.Equal(spans.Count, run.Spans.Count);
        Assert.Equal(nodes.Count + spans.Count, run.Count);
        for (int i = 0; i < nodes.Count; i++)
        {
            Assert.Equal(i, run.Nodes[i].Index);
            Assert.Equal(nodes[i].GetProperty("id").GetString(), run.Nodes[i].Id);
            Assert.True(JsonElement.DeepEquals(nodes[i].GetProperty("location"), run.Nodes[i].Element.GetProperty("geometry")));
            Assert.Equal(SourceCrs.LonLat, run.Nodes[i].Crs);
        }
        for (int i = 0; i < spans.Count; i++)
        {
            Assert.Equal(spans[i].GetProperty("id").GetString(), run.Spans[i].Id);
            Assert.True(JsonElement.DeepEquals(spans[i].GetProperty("route"), run.Spans[i].Element.GetProperty("geometry")));
        }
    }

    [Fact]
    public void Span_properties_resolve_organisations_phases_and_nodes_by_id()
    {
        var span = OfdsTestData.Read(OfdsTestData.Bytes("network-package.json")).Spans[0];
        var source = Network.GetProperty("spans")[0];

        Assert.Equal(OrganisationName(source.GetProperty("networkProviders")[0]), span.Property("operator"));
        Assert.Equal(OrganisationName(source.GetProperty("physicalInfrastructureProvider")), span.Property("physical_infrastructure_provider"));
        Assert.Equal(OrganisationName(source.GetProperty("supplier")), span.Property("supplier"));
        Assert.Equal(PhaseName(source.GetProperty("phase")), span.Property("phase"));
        Assert.Equal(NodeName(source.GetProperty("start").GetString()!), span.Property("from"));
        Assert.Equal(NodeName(source.GetProperty("end").GetString()!), span.Property("to"));
        Assert.Equal(source.GetProperty("start").GetString(), span.Property("from_node_id"));
        Assert.Equal(source.GetProperty("name").GetString(), span.Property("name"));
        Assert.Equal(source.GetProperty("status").GetString(), span.Property("status"));
        Assert.Equal(source.GetProperty("id").GetString(), span.Property("source_id"));
        Assert.Equal(Network.GetProperty("id").GetString(), span.Property("network_id"));
        Assert.Equal(Network.GetProperty("name").GetString(), span.Property("network_name"));
        Assert.Equal("GHA", span.Property("country"));
        Assert.Equal("Ghana", span.Property("country_name"));
        Assert.Equal("fibre", span.Property("infrastructure"));
        Assert.Equal(source.GetProperty("capacity").GetDouble() * 1000, span.Properties.GetProperty("equipped_capacity_mbps").GetDouble(), 6);
        Assert.Equal(source.GetProperty("capacityDetails").GetProperty("description").GetString(), span.Property("capacity_details"));
        Assert.Equal(source.GetProperty("fibreCount").GetInt32(), span.Properties.GetProperty("fibre_count").GetInt32());
        Assert.Equal(Network.GetProperty("publisher").GetProperty("name").GetString(), span.Property("data_source"));
        Assert.Equal(2021, span.Properties.GetProperty("data_year").GetInt32());
    }

    [Fact]
    public void Node_properties_resolve_their_references_and_convert_the_country()
    {
        var run = OfdsTestData.Read(OfdsTestData.Bytes("network-package.json"));
        var sourceNodes = Network.GetProperty("nodes").EnumerateArray().ToList();
        for (int i = 0; i < sourceNodes.Count; i++)
        {
            var node = run.Nodes[i];
            var source = sourceNodes[i];
            Assert.Equal(source.GetProperty("name").GetString(), node.Property("name"));
            Assert.Equal(source.GetProperty("status").GetString(), node.Property("status"));
            Assert.Equal(OrganisationName(source.GetProperty("networkProviders")[0]), node.Property("operator"));
            Assert.Equal(OrganisationName(source.GetProperty("physicalInfrastructureProvider")), node.Property("physical_infrastructure_provider"));
            Assert.Equal(PhaseName(source.GetProperty("phase")), node.Property("phase"));
            Assert.Equal("GHA", node.Property("country"));
            Assert.Equal("fibre", node.Property("infrastructure"));
            Assert.Equal(JsonValueKind.Null, node.Properties.GetProperty("equipped_capacity_mbps").ValueKind);
            Assert.Equal(JsonValueKind.Null, node.Properties.GetProperty("potential_capacity_mbps").ValueKind);
        }
        Assert.Equal("TG", run.Nodes[0].Property("international_connections"));
    }

    [Fact]
    public void The_geojson_pair_gives_the_same_features_as_the_package()
    {
        var package = OfdsTestData.Read(OfdsTestData.Bytes("network-package.json"));
        var pair = OfdsTestData.Read(OfdsTestData.ExamplePair());

        OfdsAssert.SameFeatures(package.Spans, pair.Spans);
        OfdsAssert.SameFeatures(package.Nodes, pair.Nodes);
    }

    [Fact]
    public void The_geojson_files_are_the_source_features_with_their_ids_and_geometries()
    {
        var pair = OfdsTestData.Read(OfdsTestData.ExamplePair());
        foreach (var (file, collected) in new[] { ("nodes.geojson", pair.Nodes), ("spans.geojson", pair.Spans) })
        {
            var features = OfdsTestData.Json(file).GetProperty("features").EnumerateArray().ToList();
            Assert.Equal(features.Count, collected.Count);
            for (int i = 0; i < features.Count; i++)
            {
                Assert.Equal(features[i].GetProperty("properties").GetProperty("id").GetString(), collected[i].Id);
                Assert.True(JsonElement.DeepEquals(features[i].GetProperty("geometry"), collected[i].Element.GetProperty("geometry")));
            }
        }
    }

    [Fact]
    public void One_feature_collection_of_spans_then_nodes_gives_the_same_features_as_the_package()
    {
        var spans = OfdsTestData.Json("spans.geojson").GetProperty("features").EnumerateArray();
        var nodes = OfdsTestData.Json("nodes.geojson").GetProperty("features").EnumerateArray();
        string mixed = $$"""{"type":"FeatureCollection","features":[{{string.Join(",", spans.Concat(nodes).Select(f => f.GetRawText()))}}]}""";

        var package = OfdsTestData.Read(OfdsTestData.Bytes("network-package.json"));
        var collection = OfdsTestData.Read(OfdsTestData.Utf8(mixed));

        OfdsAssert.SameFeatures(package.Spans, collection.Spans);
        OfdsAssert.SameFeatures(package.Nodes, collection.Nodes);
    }

    [Fact]
    public void The_spans_file_alone_names_its_endpoints_from_the_embedded_nodes()
    {
        var run = OfdsTestData.Read(OfdsTestData.Bytes("spans.geojson"));

        Assert.Empty(run.Nodes);
        var span = Assert.Single(run.Spans);
        Assert.Equal("Accra", span.Property("from"));
        Assert.Equal("Kumasi", span.Property("to"));
        Assert.Equal("FastWeb", span.Property("operator"));
    }

    [Fact]
    public void Spans_before_nodes_in_the_package_give_the_same_features()
    {
        var network = Network;
        var members = network.EnumerateObject().OrderBy(m => m.Name == "spans" ? 0 : 1)
            .Select(m => $"{JsonSerializer.Serialize(m.Name)}:{m.Value.GetRawText()}");
        string reordered = $$"""{"networks":[{{{string.Join(",", members)}}}]}""";

        OfdsAssert.SameFeatures(OfdsTestData.Read(OfdsTestData.Bytes("network-package.json")).Spans, OfdsTestData.Read(OfdsTestData.Utf8(reordered)).Spans);
    }

    [Fact]
    public void Several_networks_prefix_ids_with_the_network_id()
    {
        var run = OfdsTestData.Read(OfdsTestData.Bytes("multiple-networks-geojson.geojson"));

        Assert.Equal(
            ["fd7b30d6-f514-4cd0-a5ac-29a774f53a43:1", "acafe566-7ffa-416a-b3b4-84a52386a586:1"],
            run.Nodes.Select(n => n.Id));
        Assert.Equal(["Ghana Fibre Network", "Togo Fibre Network"], run.Nodes.Select(n => n.Property("network_name")));
        Assert.All(run.Nodes, n => Assert.Equal(JsonValueKind.Null, n.Element.GetProperty("geometry").ValueKind));
    }

    [Fact]
    public void A_non_seekable_body_is_spooled_to_the_temp_directory_and_the_copy_deleted()
    {
        string temp = Path.Combine(Path.GetTempPath(), "maps-ofds-spool-" + Guid.NewGuid().ToString("N"));
        try
        {
            var run = OfdsTestData.Read(new NonSeekableStream(OfdsTestData.Bytes("network-package.json")), temp);

            Assert.Equal(OfdsTestData.Read(OfdsTestData.Bytes("network-package.json")).Spans, run.Spans);
            Assert.Empty(Directory.EnumerateFileSystemEntries(temp));
        }
        finally
        {
            if (Directory.Exists(temp))
                Directory.Delete(temp, recursive: true);
        }
    }

    private static string? OrganisationName(JsonElement reference) => Network.GetProperty("organisations").EnumerateArray()
        .Single(o => o.GetProperty("id").GetString() == reference.GetProperty("id").GetString()).GetProperty("name").GetString();

    private static string? PhaseName(JsonElement reference) => Network.GetProperty("phases").EnumerateArray()
        .Single(p => p.GetProperty("id").GetString() == reference.GetProperty("id").GetString()).GetProperty("name").GetString();

    private static string? NodeName(string id) => Network.GetProperty("nodes").EnumerateArray()
        .Single(n => n.GetProperty("id").GetString() == id).GetProperty("name").GetString();

    private sealed class NonSeekableStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
        public override long Position { get => base.Position; set => throw new NotSupportedException(); }
    }
}
