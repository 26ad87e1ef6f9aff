namespace Maps.Storage;

/// <summary>
/// Settings under <c>Maps:TableStorage</c> (environment: <c>Maps__TableStorage__ConnectionString</c>, ...):
/// the Azure Storage account whose tables hold the catalog and whose blobs hold the layer files.
/// Azure Storage is used when <see cref="ConnectionString"/> or <see cref="Endpoint"/> is set;
/// otherwise the local store.
/// </summary>
public sealed class LayerStoreOptions
{
    public const string Section = "Maps:TableStorage";

    /// <summary>
    /// A storage connection string: <c>DefaultEndpointsProtocol=...;AccountName=...;AccountKey=...;TableEndpoint=...</c>
    /// or <c>UseDevelopmentStorage=true</c> (Azurite on 127.0.0.1:10002). Wins over <see cref="Endpoint"/>.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// The account's table endpoint (<c>https://&lt;account&gt;.table.core.windows.net/</c>), used with
    /// <c>DefaultAzureCredential</c> (the app's managed identity in Azure; shared keys are off there).
    /// </summary>
    public string? Endpoint { get; set; }

    /// <summary>
    /// The account's blob endpoint (<c>https://&lt;account&gt;.blob.core.windows.net/</c>) with <see cref="Endpoint"/>;
    /// when not set, the table endpoint with <c>.table.</c> replaced by <c>.blob.</c>.
    /// </summary>
    public string? BlobEndpoint { get; set; }

    public Uri ResolvedBlobEndpoint => new(!string.IsNullOrWhiteSpace(BlobEndpoint) ? BlobEndpoint : Endpoint!.Replace(".table.", ".blob.", StringComparison.OrdinalIgnoreCase));

    /// <summary>The blob container of the layer files: <c>layers</c> after the prefix, lower-cased.</summary>
    public string ContainerName => (TablePrefix + "layers").ToLowerInvariant();

    /// <summary>Where an instance keeps the layer files it has fetched (local disk). Default: <c>maps-layers</c> in the temporary directory.</summary>
    public string? CacheDirectory { get; set; }

    public string ResolvedCacheDirectory => string.IsNullOrWhiteSpace(CacheDirectory) ? Path.Combine(Path.GetTempPath(), "maps-layers") : Path.GetFullPath(CacheDirectory);

    /// <summary>Size of the blocks a layer file is uploaded in.</summary>
    public int BlockBytes { get; set; } = 4 << 20;

    /// <summary>How often an instance re-checks the catalog for new current versions, in seconds.</summary>
    public int RefreshSeconds { get; set; } = 30;

    /// <summary>
    /// Versions still <c>writing</c> after this many minutes are crashed publishes; their rows are
    /// deleted at the start of the next publish of the collection. Publishes are bounded by the
    /// 230 s HTTP limit, so the default leaves a wide margin for a publish still in flight.
    /// </summary>
    public int OrphanMinutes { get; set; } = 30;

    /// <summary>Prepended to the table names (<c>catalog</c>, <c>versions</c>) and the container's (<c>layers</c>); letters and digits only.</summary>
    public string TablePrefix { get; set; } = "";

    /// <summary>Complete versions kept per collection, the current one among them; a publish deletes older ones.</summary>
    public int KeepVersions { get; set; } = 5;

    /// <summary>Blocks uploaded in parallel by one publish.</summary>
    public int WriteConcurrency { get; set; } = 4;

    /// <summary>Retries of one storage request before it counts as unreachable (the SDK's exponential retry).</summary>
    public int MaxRetries { get; set; } = 2;

    /// <summary>Per-try network timeout, in seconds.</summary>
    public int NetworkTimeoutSeconds { get; set; } = 30;

    public StoreSettings Settings => new() { OrphanMinutes = OrphanMinutes, KeepVersions = KeepVersions, WriteConcurrency = WriteConcurrency, BlockBytes = BlockBytes };

    public bool IsConfigured => !string.IsNullOrWhiteSpace(ConnectionString) || !string.IsNullOrWhiteSpace(Endpoint);
}
