using Maps.Storage.Jobs;
using Microsoft.Extensions.Options;

namespace Maps.Functions.Jobs;

/// <summary>
/// What keeps jobs moving and storage tidy, run by every instance now and then:
/// a job whose record has not changed for <see cref="JobOptions.StallSeconds"/> lost its messages
/// with an instance (killed, scaled in, a message leased for minutes), so its missing work is
/// queued again (answering a chunk twice is harmless); finished jobs are deleted with their files
/// after <see cref="JobOptions.KeepHours"/>, dismissed ones at once (their records after <see cref="DismissedGrace"/>).
/// </summary>
public sealed class JobSweeper(JobStoreHost stores, IOptions<JobOptions> options, TimeProvider time, ILogger<JobSweeper> logger)
{
    private IJobStore Store => stores.Store;

    /// <summary>How long a dismissed job's record outlives its files.</summary>
    public static readonly TimeSpan DismissedGrace = TimeSpan.FromMinutes(10);

    /// <param name="resumeAll">Treat every unfinished job as stalled: a local queue is empty after a restart.</param>
    public async Task SweepAsync(bool resumeAll, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        foreach (var job in await Store.ListAsync(cancellationToken))
        {
            if (job.Status == JobStatus.Dismissed || (JobStatus.IsFinished(job.Status) && job.Finished < now.AddHours(-options.Value.KeepHours)))
            {
                // A dismissed job's record stays a while after its files go, so that a chunk still
                // running elsewhere, which may write once more, finds it dismissed and its files are swept again.
                await Store.DeleteFilesAsync(JobFiles.Prefix(job.Id), cancellationToken);
                if (job.Status != JobStatus.Dismissed || job.Finished < now.Add(-DismissedGrace))
                    await Store.DeleteAsync(job.Id, cancellationToken);
                continue;
            }
            if (!JobStatus.IsFinished(job.Status) && (resumeAll || job.Updated < now.AddSeconds(-options.Value.StallSeconds)))
                await ResumeAsync(job.Id, resumeAll ? DateTimeOffset.MaxValue : now.AddSeconds(-options.Value.StallSeconds), cancellationToken);
        }
    }

    /// <summary>
    /// Queues a stalled job's missing work again, if its record is still older than <paramref name="stalledBefore"/>
    /// when read: touching it moves it past that, so of several instances (or polls) one does it, not all.
    /// </summary>
    public async Task ResumeAsync(string id, DateTimeOffset stalledBefore, CancellationToken cancellationToken)
    {
        var touched = await JobUpdates.UpdateAsync(Store, id, j => JobStatus.IsFinished(j.Status) || j.Updated >= stalledBefore ? null : j, time, cancellationToken);
        if (touched is null)
            return;
        var missing = touched.Chunks == 0 ? [JobMessage.Plan] : Enumerable.Range(0, touched.Chunks).Where(c => !touched.IsDone(c)).ToArray();
        logger.LogInformation("Job {Job} stalled; queueing again: {Work}", id, touched.Chunks == 0 ? "the split" : $"{missing.Length} chunks");
        foreach (int chunk in missing)
            await Store.SendAsync(new JobMessage(id, chunk), cancellationToken);
    }
}
