using System.Buffers;
using System.Text;
using System.Text.Json;
using Maps.Core.Layers;
using Maps.Storage.Publishing;
using Maps.Storage.AzureStorage;
using Maps.Storage.Tests.Support;
using NetTopologySuite.Geometries;

namespace Maps.Storage.Tests;

/// <summary>Publishing into a cell-sites collection through a real Azurite: radio_type normalised or the feature rejected, status defaulted.</summary>
[Trait("Category", "Azurite")]
[Collection(AzuriteCollection.Name)]
public sealed class CellSitePublishTests(AzuriteFixture azurite)
{
    private static readonly MetadataInput NewCollection = new() { Title = "Cell sites", License = "CC0-1.0", Attribution = "tests", Source = "generated" };

    private static readonly string[] Upload =
    [
        GeoJson.Point("c1", 36.8, -1.3, """{"radio_type":"LTE","operator_name":"A"}"""),
        GeoJson.Point("c2", 36.9, -1.2, """{"radio_type":"4g","status":"Planned"}"""),
        GeoJson.Point("c3", 37.0, -1.1, """{"radio":"NR","mcc":639}"""),
        GeoJson.Point("c4", 37.1, -1.0, """{"radio_type":"WiMAX"}"""),
        GeoJson.Point("c5", 37.2, -0.9, """{"operator_name":"B"}"""),
        GeoJson.Line("c6", [(36, -1), (37, -1)], """{"radio_type":"3G"}"""),
        GeoJson.Point("c7", 37.3, -0.8, """{"radio_type":"","radio":"GSM","status":null}"""),
    ];

    private async Task<(PublishResult Result, Dictionary<string, JsonElement> Properties, CollectionMetadata Metadata)> PublishAsync(string collection, string[] features, string? geometryType = null)
    {
        var store = new AzureLayerStore(azurite.NewOptions());
        var result = await new LayerPublisher(store).PublishAsync(collection, new MemoryStream(GeoJson.Utf8(GeoJson.Collection(features))), NewCollection with { GeometryType = geometryType });
        var layer = new Layer(await store.OpenVersionAsync(collection, result.VersionId), result.VersionId).ReadAll();
        var properties = layer.ToDictionary(f => f.Id, f =>
        {
            using var document = JsonDocument.Parse(f.GeoJson);
            return document.RootElement.GetProperty("properties").Clone();
        });
        return (result, properties, (await store.GetCatalogEntryAsync(collection))!.Metadata);
    }

    [Fact]
    public async Task A_cell_sites_publish_normalises_radio_type_defaults_status_and_rejects_unknown_radios_with_a_reason()
    {
        var (result, properties, metadata) = await PublishAsync("cell-sites", Upload);

        Assert.Equal((7, 4, 3), (result.Report.Read, result.Report.Written, result.Report.Rejected));
        Assert.Equal(
            [
                (3, "c4", "radio technology 'WiMAX' is not 2G, 3G, 4G or 5G (or GSM, UMTS, CDMA, LTE, NR)"),
                (4, "c5", "no radio technology (radio_type, or OpenCelliD's radio: 2G, 3G, 4G or 5G (or GSM, UMTS, CDMA, LTE, NR))"),
                (5, "c6", "a cell site is a Point, not a LineString"),
            ],
            result.Report.Rejections.Select(r => (r.Index, r.FeatureId, r.Reason)));
        // Every feature has every property of the layer, in the order they first appear; null where it has none.
        Assert.Equal("""{"radio_type":"4G","operator_name":"A","status":"operational","radio":null,"mcc":null}""", properties["c1"].GetRawText());
        Assert.Equal("""{"radio_type":"4G","operator_name":null,"status":"planned","radio":null,"mcc":null}""", properties["c2"].GetRawText());
        Assert.Equal("""{"radio_type":"5G","operator_name":null,"status":"operational","radio":"NR","mcc":639}""", properties["c3"].GetRawText());
        Assert.Equal("""{"radio_type":"2G","operator_name":null,"status":"operational","radio":"GSM","mcc":null}""", properties["c7"].GetRawText());
        Assert.Equal(["2G", "3G", "4G", "5G"], metadata.Queryables.Single(q => q.Name == "radio_type").Values);
        Assert.Equal(["status", "radio_type", "operator_name", "mcc", "radio"], metadata.Queryables.Select(q => q.Name));
        Assert.Equal("Point", metadata.GeometryType);
    }

    [Fact]
    public async Task A_planner_s_cell_sites_dash_collection_follows_the_same_rules()
    {
        var (result, properties, _) = await PublishAsync("cell-sites-ken", Upload);

        Assert.Equal(4, result.Report.Written);
        Assert.Equal("5G", properties["c3"].GetProperty("radio_type").GetString());
    }

    [Fact]
    public async Task Another_collection_keeps_its_features_and_only_tidies_a_recognised_radio_type()
    {
        var (result, properties, metadata) = await PublishAsync("towers", Upload, geometryType: "Geometry");

        Assert.Equal(7, result.Report.Written);
        Assert.Equal("4G", properties["c1"].GetProperty("radio_type").GetString());
        Assert.Equal("WiMAX", properties["c4"].GetProperty("radio_type").GetString());
        Assert.Equal(JsonValueKind.Null, properties["c5"].GetProperty("status").ValueKind); // a property of the layer that c5 has no value for
        // radio_type is derived like any property: a string, without the cell sites' description and enum.
        var radioType = metadata.Queryables.Single(q => q.Name == "radio_type");
        Assert.Equal(("string", null, null), (radioType.Type, radioType.Description, radioType.Values));
    }
}
