namespace Maps.Storage.Tests.Support;

/// <summary>One in-memory Azurite (tables and blobs) shared by the tests of a collection; each test isolates itself with its own prefix and cache.</summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    public Azurite Azurite { get; private set; } = null!;

    public async Task InitializeAsync() => Azurite = await Azurite.StartAsync(allServices: true);

    public async Task DisposeAsync() => await Azurite.DisposeAsync();

    /// <summary>Options for a fresh, empty set of tables and container, a cache of its own, and small blocks (so that versions have several).</summary>
    public LayerStoreOptions NewOptions() => new()
    {
        ConnectionString = Azurite.ConnectionString,
        TablePrefix = "t" + Guid.NewGuid().ToString("N")[..10],
        CacheDirectory = Path.Combine(Path.GetTempPath(), "maps-cache-" + Guid.NewGuid().ToString("N")),
        BlockBytes = TestBlockBytes,
        MaxRetries = 1,
        NetworkTimeoutSeconds = 10,
    };

    public const int TestBlockBytes = 64 * 1024;
}

[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Azurite";
}
