namespace Maps.EndToEnd.Tests.Support;

/// <summary>
/// The same app twice, standalone and under the Functions host, with the same layers and settings,
/// started together: the tests of one class run against one of them (a derived class per mode), and
/// the parity tests compare the two.
/// </summary>
public abstract class ApiPair : IAsyncLifetime
{
    public StandaloneApi Standalone { get; } = new();

    public FunctionsHostApi Host { get; } = new();

    public IEnumerable<ApiProcess> Both => [Standalone, Host];

    /// <summary>An app setting for both processes.</summary>
    protected void Set(string name, string value)
    {
        Standalone.Environment[name] = value;
        Host.Environment[name] = value;
    }

    public virtual async Task InitializeAsync()
    {
        try
        {
            await Task.WhenAll(Standalone.InitializeAsync(), Host.InitializeAsync());
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    public virtual async Task DisposeAsync()
    {
        await Standalone.DisposeAsync();
        await Host.DisposeAsync();
    }
}

/// <summary>Both modes on the shipped layers (data/layers).</summary>
public sealed class ShippedApis : ApiPair;

/// <summary>
/// Both modes on <see cref="SyntheticLayers"/>, with settings that the cross-cutting tests need: a
/// 1 MB analysis body limit, one analysis request per client at a time, one allowed write origin, and
/// the host key as the standalone manage key.
/// </summary>
public sealed class SyntheticApis : ApiPair
{
    public const long MaxBodyBytes = 1_000_000;
    public const string WriteOrigin = "https://planner.example.org";

    private readonly string _directory = SyntheticLayers.WriteToTemporaryDirectory();

    public SyntheticApis()
    {
        Set("Maps__DataDirectory", _directory);
        Set("Maps__Analysis__MaxBodyBytes", MaxBodyBytes.ToString());
        Set("Maps__RateLimit__AnalysisConcurrencyPerClient", "1");
        Set("Maps__RateLimit__RetryAfterSeconds", "7");
        Set("Maps__Cors__AllowedOrigins__0", WriteOrigin);
        // Standalone checks this key where the host checks its own: the manage API answers alike in both modes.
        Standalone.Environment["Maps__ManageKey"] = FunctionsHostApi.HostKey;
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }
}

[CollectionDefinition(Name)]
public sealed class ShippedCollection : ICollectionFixture<ShippedApis>
{
    public const string Name = "shipped layers, both modes";
}

[CollectionDefinition(Name)]
public sealed class SyntheticCollection : ICollectionFixture<SyntheticApis>
{
    public const string Name = "synthetic layers, both modes";
}
