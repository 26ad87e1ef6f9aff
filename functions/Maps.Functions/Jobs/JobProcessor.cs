using Maps.Storage;
using Maps.Storage.Jobs;
using Microsoft.Extensions.Options;

namespace Maps.Functions.Jobs;

/// <summary>
/// Handles one queue message, for the queue-triggered function and for <see cref="JobWorkerService"/>
/// alike. A failure that no retry can mend fails the job at once with its reason; any other is
/// thrown so that the message comes back, until its last try (<see cref="JobOptions.MaxAttempts"/>,
/// the same as host.json's <c>maxDequeueCount</c>), which fails the job with the reason instead of
/// leaving it waiting for a poison message nobody reads. Storage being down is always retried.
/// </summary>
public sealed class JobProcessor(JobStoreHost stores, JobPlanner planner, ChunkRunner chunks, IOptions<JobOptions> options, TimeProvider time, ILogger<JobProcessor> logger)
{
    private IJobStore Store => stores.Store;

    public async Task HandleAsync(JobMessage message, long dequeueCount, CancellationToken cancellationToken)
    {
        var job = await Store.GetAsync(message.Job, cancellationToken);
        if (job is null || JobStatus.IsFinished(job.Status))
            return;
        string step = message.Chunk == JobMessage.Plan ? "splitting the points" : $"chunk {message.Chunk}";
        try
        {
            if (message.Chunk == JobMessage.Plan)
                await planner.PlanAsync(job, cancellationToken);
            else
                await chunks.RunAsync(job, message.Chunk, cancellationToken);
        }
        catch (JobStoppedException e)
        {
            logger.LogInformation("{Reason}", e.Message);
        }
        catch (JobFailedException e)
        {
            logger.LogWarning("Job {Job} failed at {Step}: {Reason}", job.Id, step, e.Message);
            await JobUpdates.FailAsync(Store, job.Id, e.Message, time, CancellationToken.None);
        }
        catch (Exception e) when (!StoreErrors.IsUnavailable(e) && !cancellationToken.IsCancellationRequested && dequeueCount >= options.Value.MaxAttempts)
        {
            logger.LogError(e, "Job {Job}: {Step} failed on its last try ({Tries})", job.Id, step, dequeueCount);
            await JobUpdates.FailAsync(Store, job.Id, $"{char.ToUpperInvariant(step[0])}{step[1..]} failed {dequeueCount} times; the last error: {e.Message}", time, CancellationToken.None);
        }
    }
}
