using Maps.Storage.AzureStorage;
using Maps.Core.Import;
using Maps.Core.Layers;
using Maps.Storage.Publishing;
using Maps.Storage.Tests.Support;

namespace Maps.Storage.Tests;

/// <summary>A published version's metadata carries a typed queryable for every property of its features (through a real Azurite).</summary>
[Trait("Category", "Azurite")]
[Collection(AzuriteCollection.Name)]
public sealed class PublishQueryablesTests(AzuriteFixture azurite)
{
    private static readonly MetadataInput NewCollection = new() { Title = "Sites", License = "CC0-1.0", Attribution = "tests", Source = "generated" };

    private static string[] Sites() => Enumerable.Range(0, 8).Select(i => GeoJson.Point($"s{i}", 36 + i * 0.1, -1,
        $$"""
        {"surveyed":"2022-04-{{10 + i}}","updated":"2022-04-16T10:13:{{10 + i}}Z","masts":{{i}},"height_m":{{(i == 3 ? "null" : $"{20 + i}.5")}},
         "lit":{{(i % 2 == 0 ? "true" : "false")}},"bands":["n{{i % 3}}","b1"],"kind":"{{(i < 5 ? "rooftop" : "tower")}}",
         "status":"{{(i < 4 ? "In Service" : "Planned")}}","country":"KEN","name":"Site {{i}}"}
        """.ReplaceLineEndings(""))).ToArray();

    private async Task<CollectionMetadata> PublishAsync(AzureLayerStore store, string collection, string[] features, MetadataInput input)
    {
        await new LayerPublisher(store).PublishAsync(collection, new MemoryStream(GeoJson.Utf8(GeoJson.Collection(features))), input);
        return (await store.GetCatalogEntryAsync(collection))!.Metadata;
    }

    [Fact]
    public async Task Every_property_gets_its_type_format_items_and_enum_with_status_and_country_first()
    {
        var metadata = await PublishAsync(new AzureLayerStore(azurite.NewOptions()), "sites", Sites(), NewCollection);

        Assert.Equal(
            [
                ("status", "string", null, null, "Normalised status", string.Join(",", StatusNormaliser.All)),
                ("country", "string", null, null, "ISO 3166-1 alpha-3 country code", "KEN"),
                ("bands", "array", null, "string", null, null),
                ("height_m", "number", null, null, null, null),
                ("kind", "string", null, null, null, "rooftop,tower"),
                ("lit", "boolean", null, null, null, null),
                ("masts", "integer", null, null, null, null),
                ("name", "string", null, null, null, null),
                ("surveyed", "string", "date", null, null, null),
                ("updated", "string", "date-time", null, null, null),
            ],
            metadata.Queryables.Select(q => (q.Name, q.Type, q.Format, q.ItemsType, q.Description, q.Values is null ? null : string.Join(",", q.Values))));
        Assert.Equal(QueryableKind.Date, metadata.FindQueryable("surveyed")!.Kind);
        Assert.Equal(QueryableKind.Timestamp, metadata.FindQueryable("updated")!.Kind);
        Assert.Equal("geometry", metadata.GeometryQueryable);
    }

    [Fact]
    public async Task A_new_version_re_derives_them_and_keeps_the_descriptions_of_properties_it_still_has()
    {
        var store = new AzureLayerStore(azurite.NewOptions());
        await PublishAsync(store, "sites", Sites(), NewCollection);
        var entry = (await store.GetCatalogEntryAsync("sites"))!;
        var described = entry.Metadata with
        {
            Queryables = entry.Metadata.Queryables.Select(q => q.Name == "masts" ? q with { Description = "Masts on the site" } : q).ToList(),
        };
        await store.SwitchCurrentVersionAsync("sites", entry.CurrentVersion, described, entry);

        string[] next = Enumerable.Range(0, 8).Select(i => GeoJson.Point($"s{i}", 36, -1,
            $$"""{"masts":{{i}}.5,"opened":2020,"type":"{{(i < 5 ? "rooftop" : "tower")}}","status":"Planned"}""")).ToArray();
        var metadata = await PublishAsync(store, "sites", next, new MetadataInput());

        Assert.Equal(("number", "Masts on the site"), (metadata.FindQueryable("masts")!.Type, metadata.FindQueryable("masts")!.Description));
        Assert.Equal("integer", metadata.FindQueryable("opened")!.Type);
        Assert.Null(metadata.FindQueryable("kind"));
        Assert.Null(metadata.FindQueryable("country"));
        Assert.Equal(["status", "masts", "opened", "type"], metadata.Queryables.Select(q => q.Name));
        Assert.Equal(["rooftop", "tower"], metadata.FindQueryable("type")!.Values);
    }
}
