namespace Maps.Storage.Tests.Support;

/// <summary>An in-memory Azurite with blobs and queues as well as tables, for jobs; one per test class, since every job instance shares the one queue.</summary>
public sealed class AzuriteJobsFixture : IAsyncLifetime
{
    public Azurite Azurite { get; private set; } = null!;

    public async Task InitializeAsync() => Azurite = await Azurite.StartAsync(allServices: true);

    public async Task DisposeAsync() => await Azurite.DisposeAsync();
}
