using Maps.Functions.Http;
using Maps.Storage.Jobs;

namespace Maps.Functions.Jobs;

/// <summary>A change to a job, read, applied and replaced with its ETag, again from a fresh read when another instance got there first.</summary>
public static class JobUpdates
{
    /// <summary>
    /// Applies <paramref name="change"/> until it sticks; the change returns null when there is
    /// nothing to do (the job already says so). Returns the job as stored, or null when it is gone or unchanged.
    /// </summary>
    public static async Task<JobRecord?> UpdateAsync(IJobStore store, string id, Func<JobRecord, JobRecord?> change, TimeProvider time, CancellationToken cancellationToken)
    {
        for (int attempt = 0; ; attempt++)
        {
            var job = await store.GetAsync(id, cancellationToken);
            if (job is null)
                return null;
            var changed = change(job);
            if (changed is null)
                return null;
            var stored = await store.TryReplaceAsync(changed with { Updated = time.GetUtcNow() }, cancellationToken);
            if (stored is not null)
                return stored;
            // Another instance changed it in between: back off a little, more each time, and read it again.
            await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(5, 20) * Math.Min(attempt + 1, 10)), cancellationToken);
        }
    }

    /// <summary>
    /// The job as stored now; when it was dismissed (or is gone) its files are deleted again, for a
    /// step that was still writing them when the dismissal deleted them.
    /// </summary>
    public static async Task<JobRecord?> DeleteFilesIfDismissedAsync(IJobStore store, string id, CancellationToken cancellationToken)
    {
        var job = await store.GetAsync(id, cancellationToken);
        if (job is not { Status: not JobStatus.Dismissed })
            await store.DeleteFilesAsync(JobFiles.Prefix(id), cancellationToken);
        return job;
    }

    public static Task<JobRecord?> FailAsync(IJobStore store, string id, string reason, TimeProvider time, CancellationToken cancellationToken) =>
        UpdateAsync(store, id, job => JobStatus.IsFinished(job.Status) ? null : job with
        {
            Status = JobStatus.Failed, Message = reason, Finished = time.GetUtcNow(),
        }, time, cancellationToken);
}

/// <summary>A job that cannot succeed, whatever the tries: bad parameters, an unreadable input, a layer version gone. It fails at once with this reason.</summary>
public sealed class JobFailedException(string reason, Exception? inner = null) : Exception(reason, inner)
{
    /// <summary>Whether an exception is the input's fault, what an endpoint refuses with a 4xx: the job fails with its message instead of being tried again.</summary>
    public static bool IsInputError(Exception e) =>
        e is ApiException or BatchInputException or BatchLimitException or MalformedBodyException or BadHttpRequestException;
}

/// <summary>The job was dismissed (or finished elsewhere) while this step ran: the step stops, and the message is done.</summary>
public sealed class JobStoppedException(string message) : Exception(message);
