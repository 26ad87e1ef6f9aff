using Maps.Core.Layers;
using Maps.Functions.Analysis;
using Maps.Functions.Http;
using Maps.Functions.Jobs;
using Maps.Storage;
using Maps.Storage.Jobs;

namespace Maps.Functions.Processes;

/// <summary>
/// Creates an asynchronous job: checks the inputs as the analysis reads them (so a bad parameter is
/// a 400 now, not a failed job later), pins the
/// current layer versions, stores the points given by value, stores the job and queues its split.
/// Storage being unreachable is a 503 with Retry-After, and no job is left half-made.
/// </summary>
public sealed class JobSubmission(JobStoreHost stores, ILayerCatalog catalog, IServiceProvider services, TimeProvider time)
{
    private readonly SemaphoreSlim _initialized = new(1, 1);
    private bool _ready;

    private IJobStore Store => stores.Store;

    public async Task<JobRecord> SubmitAsync(HttpContext context, ExecuteRequest execute, JobOwner owner, long maxBodyBytes)
    {
        var cancellationToken = context.RequestAborted;
        var layers = await catalog.GetLayersAsync(cancellationToken);
        // The inputs are checked as the analysis reads them: a bad one is a 400 now, not a failed job later.
        if (execute.Process.TakesPoints)
            BatchQuery.Parse(execute.Process.Id, new QueryValues(execute.Parameters), execute.Points!.Format == PointsInput.Csv, layers);
        else
            CoverageApi.Read(new QueryValues(execute.Parameters), layers, services.GetRequiredService<CoverageService>());
        var now = time.GetUtcNow();
        var job = new JobRecord
        {
            Id = Guid.NewGuid().ToString("N"),
            ProcessId = execute.Process.Id,
            Created = now,
            Updated = now,
            InputFormat = execute.Points?.Format ?? "none",
            InputHref = execute.Points?.Href,
            Parameters = execute.Parameters,
            Pins = PinnedLayers.Pin(layers),
            ResultType = execute.ResultType,
            OwnerHash = owner.OwnerHash,
            Message = "waiting to be split into chunks",
        };
        // The body is read whole before storage is touched: a body over the limit (413) or cut off is
        // the client's error, never mistaken for storage being unreachable.
        await using var body = execute.Points is { Href: null } points
            ? points.IsRequestBody
                ? await RequestBodySpool.SpoolAsync(RequestBody.Open(context, maxBodyBytes), cancellationToken)
                : MemoryStreams.ReadOnly(points.Value!.Value)
            : null;
        try
        {
            await InitializeAsync(cancellationToken);
            if (body is not null)
                await Store.WriteFileAsync(JobFiles.Input(job.Id), body, cancellationToken);
            job = await Store.CreateAsync(job, cancellationToken);
        }
        catch (Exception e) when (StoreErrors.IsUnavailable(e))
        {
            await ForgetAsync(job.Id);
            throw new ApiException(StatusCodes.Status503ServiceUnavailable, "Service Unavailable",
                "The job store cannot be reached, so no job was created; retry later. Jobs already running resume when it is back.");
        }
        catch
        {
            await ForgetAsync(job.Id);
            throw;
        }
        try
        {
            await Store.SendAsync(new JobMessage(job.Id, JobMessage.Plan), cancellationToken);
        }
        catch (Exception e) when (StoreErrors.IsUnavailable(e))
        {
            // The job is stored: the sweeper queues its split once the queue is reachable again.
        }
        return job;
    }

    private async Task InitializeAsync(CancellationToken cancellationToken)
    {
        if (_ready)
            return;
        await _initialized.WaitAsync(cancellationToken);
        try
        {
            if (!_ready)
                await Store.InitializeAsync(cancellationToken);
            _ready = true;
        }
        finally
        {
            _initialized.Release();
        }
    }

    private async Task ForgetAsync(string id)
    {
        try
        {
            await Store.DeleteFilesAsync(JobFiles.Prefix(id));
        }
        catch (Exception e) when (StoreErrors.IsUnavailable(e))
        {
            // Unreachable too: without a job record nothing refers to the files, and they are small.
        }
    }
}
