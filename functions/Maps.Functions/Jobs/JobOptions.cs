namespace Maps.Functions.Jobs;

/// <summary>
/// Settings under <c>Maps:Jobs</c> (environment <c>Maps__Jobs__ChunkRows</c>, ...). Jobs live in Azure
/// Storage when <see cref="ConnectionString"/> (or the Functions host's <c>AzureWebJobsStorage</c>) or
/// <see cref="AccountName"/> is set, else in <see cref="Directory"/> and run in this process.
/// </summary>
public sealed class JobOptions
{
    public const string Section = "Maps:Jobs";

    public string? ConnectionString { get; set; }

    /// <summary>The storage account reached with the app's identity, when there is no connection string.</summary>
    public string? AccountName { get; set; }

    /// <summary>Where local jobs are kept; default <c>~/.local/share/maps/jobs</c>.</summary>
    public string? Directory { get; set; }

    /// <summary>Input rows per chunk: one queue message, one chunk answer. Memory per chunk is about 1 KB per row at most.</summary>
    public int ChunkRows { get; set; } = 50_000;

    /// <summary>Tries of one message before its job fails; the same as host.json's <c>queues.maxDequeueCount</c>.</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>Seconds between tries of a failed message (standalone and local; the Functions host uses host.json's <c>visibilityTimeout</c>).</summary>
    public int RetryDelaySeconds { get; set; } = 5;

    /// <summary>A running job whose record has not changed for this long has its missing chunks queued again (their messages were lost with an instance).</summary>
    public int StallSeconds { get; set; } = 120;

    /// <summary>How often this instance looks for stalled and expired jobs.</summary>
    public int SweepSeconds { get; set; } = 15;

    /// <summary>Messages this instance answers at once when it drains the queue itself (each chunk already uses every core).</summary>
    public int Workers { get; set; } = 1;

    /// <summary>Finished jobs and their results are deleted this many hours after they finish.</summary>
    public int KeepHours { get; set; } = 72;

    /// <summary>Rows one job may have.</summary>
    public long MaxRows { get; set; } = 50_000_000;

    /// <summary>The most bytes of points read from one href (default 20 GiB).</summary>
    public long MaxInputBytes { get; set; } = 20L << 30;

    /// <summary>Whether points given by href may be read from this machine or a private network (tests, a private deployment).</summary>
    public bool AllowPrivateHrefs { get; set; }

    /// <summary>When false this instance takes jobs but leaves the queue to others (to test several instances).</summary>
    public bool ProcessQueue { get; set; } = true;

    public string ResolvedDirectory => string.IsNullOrWhiteSpace(Directory)
        ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create), "maps", "jobs")
        : Path.GetFullPath(Directory);
}
