using Maps.Functions.Hosting;
using Maps.Storage.Jobs;
using Microsoft.Extensions.Options;

namespace Maps.Functions.Jobs;

/// <summary>
/// The job store of this process: Azure Storage when <c>Maps:Jobs:ConnectionString</c>,
/// <c>AzureWebJobsStorage</c> (the Functions host's own account) or an account name is configured, else a local
/// directory. Behind the Functions host the queue-triggered function drains the Azure queue;
/// otherwise (standalone, or local jobs anywhere) <see cref="JobWorkerService"/> does.
/// </summary>
public sealed class JobStoreHost
{
    public JobStoreHost(IOptions<JobOptions> options, IConfiguration configuration, HostingMode mode)
    {
        var o = options.Value;
        string? connection = FirstSet(o.ConnectionString, configuration["AzureWebJobsStorage"]);
        string? account = FirstSet(o.AccountName, configuration["AzureWebJobsStorage:accountName"]);
        Store = connection is not null || account is not null
            ? new AzureJobStore(new JobStorageOptions { ConnectionString = connection, AccountName = account })
            : new LocalJobStore(o.ResolvedDirectory);
        DrainsQueue = o.ProcessQueue && (Store is LocalJobStore || !mode.BehindFunctionsHost);
    }

    public IJobStore Store { get; }

    /// <summary>Whether this process takes messages from the queue itself.</summary>
    public bool DrainsQueue { get; }

    private static string? FirstSet(params string?[] values) => values.FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));
}
