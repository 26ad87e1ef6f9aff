namespace Maps.Storage.Jobs;

/// <summary>
/// Where jobs live: their records (ETag-guarded), their files (input, chunks, chunk answers) and
/// their queue of work. Two implementations with the same semantics: Azure Storage (a table, a
/// blob container and a queue, shared by every instance) and a local directory with an in-process
/// queue (the embedded default). Files are written whole and overwritten, so writing one twice is harmless.
/// </summary>
public interface IJobStore
{
    /// <summary><c>azure-storage</c> or <c>local</c>.</summary>
    string Kind { get; }

    /// <summary>Creates the table, container and queue (or directories) when missing.</summary>
    Task InitializeAsync(CancellationToken cancellationToken = default);

    /// <summary>Stores a new job; returns it with its ETag.</summary>
    Task<JobRecord> CreateAsync(JobRecord job, CancellationToken cancellationToken = default);

    Task<JobRecord?> GetAsync(string id, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<JobRecord>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>Replaces the job if it is unchanged since read (its ETag); returns it with the new ETag, or null when it had changed or is gone.</summary>
    Task<JobRecord?> TryReplaceAsync(JobRecord job, CancellationToken cancellationToken = default);

    Task DeleteAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Writes (or overwrites) a file whole.</summary>
    Task WriteFileAsync(string name, Stream content, CancellationToken cancellationToken = default);

    /// <summary>Reads a file; null when it does not exist.</summary>
    Task<Stream?> OpenFileAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Deletes every file whose name starts with the prefix; returns how many.</summary>
    Task<int> DeleteFilesAsync(string prefix, CancellationToken cancellationToken = default);

    /// <summary>How many files and bytes are stored under the prefix.</summary>
    Task<(int Files, long Bytes)> MeasureFilesAsync(string prefix, CancellationToken cancellationToken = default);

    Task SendAsync(JobMessage message, CancellationToken cancellationToken = default);

    /// <summary>Takes up to <paramref name="max"/> messages, invisible to others for <paramref name="visibility"/>.</summary>
    Task<IReadOnlyList<ReceivedJobMessage>> ReceiveAsync(int max, TimeSpan visibility, CancellationToken cancellationToken = default);

    /// <summary>Removes a handled message.</summary>
    Task CompleteAsync(ReceivedJobMessage message, CancellationToken cancellationToken = default);

    /// <summary>Makes a message visible again after <paramref name="delay"/>, for another try.</summary>
    Task RetryAsync(ReceivedJobMessage message, TimeSpan delay, CancellationToken cancellationToken = default);
}
