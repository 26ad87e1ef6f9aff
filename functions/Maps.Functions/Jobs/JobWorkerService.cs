using Maps.Storage;
using Maps.Storage.Jobs;
using Microsoft.Extensions.Options;

namespace Maps.Functions.Jobs;

/// <summary>
/// The background side of jobs in this process: sweeps (every instance, both hosts), and drains
/// the queue where no queue trigger does (standalone, or local jobs): <see cref="JobOptions.Workers"/>
/// loops, each taking one message at a time. Storage being unreachable is waited out, not fatal.
/// </summary>
public sealed class JobWorkerService(JobStoreHost stores, JobProcessor processor, JobSweeper sweeper, IOptions<JobOptions> options, ILogger<JobWorkerService> logger)
    : BackgroundService
{
    /// <summary>How long a taken message stays invisible to other instances; the sweeper covers a chunk that takes longer.</summary>
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        var loops = new List<Task> { SweepAsync(stoppingToken) };
        if (stores.DrainsQueue)
            loops.AddRange(Enumerable.Range(0, Math.Max(1, options.Value.Workers)).Select(_ => DrainAsync(stoppingToken)));
        await Task.WhenAll(loops);
    }

    private async Task DrainAsync(CancellationToken stoppingToken)
    {
        var idle = TimeSpan.FromMilliseconds(200);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var messages = await stores.Store.ReceiveAsync(1, Lease, stoppingToken);
                if (messages.Count == 0)
                {
                    await Task.Delay(idle, stoppingToken);
                    idle = TimeSpan.FromMilliseconds(Math.Min(idle.TotalMilliseconds * 2, 2000));
                    continue;
                }
                idle = TimeSpan.FromMilliseconds(200);
                foreach (var message in messages)
                    await HandleAsync(message, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // Unreachable, or not made yet (no job was ever submitted to this account): wait, never stop draining.
                logger.LogWarning("Job queue not readable ({Error}); trying again shortly", e.Message);
                await Delay(TimeSpan.FromSeconds(StoreErrors.IsUnavailable(e) ? 2 : 5), stoppingToken);
            }
        }
    }

    private async Task HandleAsync(ReceivedJobMessage message, CancellationToken stoppingToken)
    {
        try
        {
            await processor.HandleAsync(message.Message, message.DequeueCount, stoppingToken);
            await stores.Store.CompleteAsync(message, stoppingToken);
        }
        catch (Exception e) when (!stoppingToken.IsCancellationRequested)
        {
            logger.LogWarning(e, "Job {Job} chunk {Chunk}: try {Try} failed; it comes back in {Delay} s",
                message.Message.Job, message.Message.Chunk, message.DequeueCount, options.Value.RetryDelaySeconds);
            try
            {
                await stores.Store.RetryAsync(message, TimeSpan.FromSeconds(options.Value.RetryDelaySeconds), stoppingToken);
            }
            catch (Exception retry) when (StoreErrors.IsUnavailable(retry))
            {
                // Its lease runs out by itself and it comes back then.
            }
        }
    }

    private async Task SweepAsync(CancellationToken stoppingToken)
    {
        bool first = true;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await sweeper.SweepAsync(resumeAll: first && stores.Store is LocalJobStore, stoppingToken);
                first = false;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogWarning("Job sweep failed ({Error}); trying again at the next", e.Message);
            }
            await Delay(TimeSpan.FromSeconds(Math.Max(1, options.Value.SweepSeconds)), stoppingToken);
        }
    }

    private static async Task Delay(TimeSpan delay, CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(delay, stoppingToken);
        }
        catch (OperationCanceledException)
        {
        }
    }
}
