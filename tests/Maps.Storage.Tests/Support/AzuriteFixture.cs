namespace Maps.Storage.Tests.Support;

/// <summary>One in-memory Azurite shared by the tests of a collection; each test isolates itself with its own table prefix.</summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    public Azurite Azurite { get; private set; } = null!;

    public async Task InitializeAsync() => Azurite = await Azurite.StartAsync();

    public async Task DisposeAsync() => await Azurite.DisposeAsync();

    /// <summary>Options for a fresh, empty set of tables.</summary>
    public LayerStoreOptions NewOptions() => new()
    {
        ConnectionString = Azurite.ConnectionString,
        TablePrefix = "t" + Guid.NewGuid().ToString("N")[..10],
        MaxRetries = 1,
        NetworkTimeoutSeconds = 10,
    };
}

[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Azurite";
}
