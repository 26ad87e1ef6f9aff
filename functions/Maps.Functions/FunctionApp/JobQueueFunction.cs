using Maps.Functions.Jobs;
using Maps.Storage.Jobs;
using Microsoft.Azure.Functions.Worker;

namespace Maps.Functions;

/// <summary>
/// The queue-triggered function that answers jobs' work on whichever instance the host gives it
/// (docs/architecture.md §9): one message, one split or one chunk. A throw makes the host try the
/// message again (host.json <c>queues</c>); <see cref="JobProcessor"/> fails the job on the last try.
/// </summary>
public sealed class JobQueueFunction(JobProcessor processor)
{
    public const string Name = "RunJobWork";

    [Function(Name)]
    public async Task Run([QueueTrigger(AzureJobStore.QueueName)] string message, FunctionContext context)
    {
        var work = JobStoreSerializer.MessageFromJson(message);
        if (work is null)
            return; // not a job message: nothing to do, and retrying would not change that
        long dequeueCount = context.BindingContext.BindingData.TryGetValue("DequeueCount", out var count) && long.TryParse(count?.ToString(), out long n) ? n : 1;
        await processor.HandleAsync(work, dequeueCount, context.CancellationToken);
    }
}
