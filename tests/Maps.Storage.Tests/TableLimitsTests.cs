using Maps.Storage.AzureStorage;
using Azure.Data.Tables;
using Maps.Storage.Publishing;

namespace Maps.Storage.Tests;

/// <summary>The guards that keep every write within the Table service limits (no Azurite needed).</summary>
public sealed class TableLimitsTests
{
    [Fact]
    public void A_property_over_64_KiB_is_refused()
    {
        var entity = new TableEntity("p", "r") { ["d00"] = new byte[TableLimits.MaxPropertyBytes + 1] };

        Assert.Throws<TableLimitException>(() => TableLimits.EnsureEntity(entity));
    }

    [Fact]
    public void A_string_over_64_KiB_in_UTF16_is_refused()
    {
        var entity = new TableEntity("p", "r") { ["Metadata"] = new string('x', TableLimits.MaxPropertyBytes / 2 + 1) };

        Assert.Throws<TableLimitException>(() => TableLimits.EnsureEntity(entity));
    }

    [Fact]
    public void An_entity_over_1_MiB_as_JSON_is_refused()
    {
        var entity = new TableEntity("p", "r");
        for (int i = 0; i < 12; i++)
            entity[$"d{i:D2}"] = new byte[TableLimits.MaxPropertyBytes];

        Assert.True(TableLimits.EntitySize(entity, entity) < TableLimits.MaxEntityBytes);
        Assert.Throws<TableLimitException>(() => TableLimits.EnsureEntity(entity));
    }

    [Fact]
    public void An_entity_over_1_MiB_is_refused_even_with_every_property_within_its_limit()
    {
        var entity = new TableEntity("p", "r");
        for (int i = 0; i < 16; i++)
            entity[$"d{i:D2}"] = new byte[TableLimits.MaxPropertyBytes];

        var e = Assert.Throws<TableLimitException>(() => TableLimits.EnsureEntity(entity));
        Assert.Contains("1048576", e.Message);
    }

    [Fact]
    public void A_batch_of_101_operations_is_refused()
    {
        var batch = Enumerable.Range(0, 101).Select(i => Upsert("p", i)).ToArray();

        Assert.Throws<TableLimitException>(() => TableLimits.EnsureBatch(batch));
    }

    [Fact]
    public void A_batch_of_100_operations_in_one_partition_passes()
    {
        TableLimits.EnsureBatch(Enumerable.Range(0, 100).Select(i => Upsert("p", i)).ToArray());
    }

    [Fact]
    public void A_batch_across_two_partitions_is_refused()
    {
        var e = Assert.Throws<TableLimitException>(() => TableLimits.EnsureBatch([Upsert("a", 0), Upsert("b", 1)]));
        Assert.Contains("one partition", e.Message);
    }

    [Fact]
    public void A_batch_over_the_4_MiB_request_limit_is_refused()
    {
        var batch = Enumerable.Range(0, 5).Select(i =>
        {
            var action = Upsert("p", i);
            for (int c = 0; c < 11; c++)
                ((TableEntity)action.Entity)[$"d{c:D2}"] = new byte[TableLimits.MaxPropertyBytes];
            return action;
        }).ToArray();

        var e = Assert.Throws<TableLimitException>(() => TableLimits.EnsureBatch(batch));
        Assert.Contains("4194304", e.Message);
    }

    private static TableTransactionAction Upsert(string partition, int row) =>
        new(TableTransactionActionType.UpsertReplace, new TableEntity(partition, row.ToString("D8")) { ["Length"] = 1 });
}

public sealed class LayerStoreOptionsTests
{
    [Theory]
    [InlineData("UseDevelopmentStorage=true")]
    [InlineData("DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;TableEndpoint=http://127.0.0.1:10002/devstoreaccount1;")]
    public void Standard_connection_strings_are_accepted(string connectionString)
    {
        var store = new AzureLayerStore(new LayerStoreOptions { ConnectionString = connectionString });

        Assert.Equal("catalog", store.Catalog.Name);
    }

    [Fact]
    public void An_endpoint_alone_selects_identity_based_access()
    {
        var store = new AzureLayerStore(new LayerStoreOptions { Endpoint = "https://account.table.core.windows.net/" });

        Assert.Equal("https://account.table.core.windows.net/catalog", store.Catalog.Uri.ToString().TrimEnd('/'));
        Assert.Equal("https://account.blob.core.windows.net/layers", store.Blobs.Uri.ToString().TrimEnd('/'));
    }
}
