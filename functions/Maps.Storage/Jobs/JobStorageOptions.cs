namespace Maps.Storage.Jobs;

/// <summary>How <see cref="AzureJobStore"/> reaches its account: a connection string, or an account name with the app's identity.</summary>
public sealed record JobStorageOptions
{
    public string? ConnectionString { get; init; }

    public string? AccountName { get; init; }

    public int MaxRetries { get; init; } = 2;

    public int NetworkTimeoutSeconds { get; init; } = 30;
}
