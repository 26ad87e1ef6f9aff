using System.Text.Json;
using Maps.Functions.Analysis.Profile;
using Maps.Functions.Http;
using Maps.Functions.Processes;
using Maps.Storage.Jobs;

namespace Maps.Functions.Jobs;

/// <summary>
/// Answers one chunk of a job on any instance: runs the process's analysis endpoint on the
/// chunk's rows with the job's pinned layers, writes the answer's rows and frame (overwriting any
/// earlier try's, which were the same), then sets the chunk's bit in the job; whoever sets the
/// last bit marks the job successful. A job dismissed meanwhile has its files deleted again.
/// </summary>
public sealed class ChunkRunner(JobStoreHost stores, PinnedLayers pinned, IServiceProvider services, TimeProvider time)
{
    private readonly Lock _gate = new();
    private (string Job, RequestSchools Schools)? _schools;

    private IJobStore Store => stores.Store;

    public async Task RunAsync(JobRecord job, int chunk, CancellationToken cancellationToken)
    {
        if (job.Status != JobStatus.Running || chunk >= job.Chunks || job.IsDone(chunk))
            return;
        var process = ProcessCatalog.Find(job.ProcessId) ?? throw new JobFailedException($"No process '{job.ProcessId}'.");
        var layers = await pinned.GetAsync(job.Pins, cancellationToken);
        var items = new Dictionary<object, object?>();
        if (await SchoolsAsync(job, cancellationToken) is { } schools)
            items[RequestSchools.ItemKey] = schools;

        await using var input = process.TakesPoints
            ? await Store.OpenFileAsync(JobFiles.ChunkInput(job.Id, chunk), cancellationToken)
                ?? throw new InvalidOperationException($"Chunk {chunk}'s points are missing from storage.")
            : null;
        using var answer = new MemoryStream();
        AnalysisAnswer about;
        try
        {
            about = await AnalysisRun.RunAsync(services, process.Endpoint, job.Parameters, ContentType(job), input, answer, layers, items, cancellationToken);
        }
        catch (Exception e) when (e is ApiException or BadHttpRequestException)
        {
            throw new JobFailedException(e.Message, e); // what the endpoint would refuse with a 4xx
        }
        if (about.Status >= 400)
            throw new JobFailedException($"The analysis answered {about.Status}: {System.Text.Encoding.UTF8.GetString(answer.GetBuffer(), 0, (int)Math.Min(answer.Length, 2000))}");

        var (frame, rows) = ChunkAnswer.Split(answer.GetBuffer().AsMemory(0, (int)answer.Length), about);
        if (ChunkAnswer.CutShort(frame, rows) is { } why)
            throw new JobFailedException($"Chunk {chunk}'s answer was cut short: {why}");
        await Store.WriteFileAsync(JobFiles.ChunkOutput(job.Id, chunk), MemoryStreams.ReadOnly(rows), cancellationToken);
        await Store.WriteFileAsync(JobFiles.ChunkFrame(job.Id, chunk), new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(frame), writable: false), cancellationToken);

        var updated = await JobUpdates.UpdateAsync(Store, job.Id, j =>
        {
            if (j.Status != JobStatus.Running || j.IsDone(chunk))
                return null;
            var done = j.WithDone(chunk);
            bool all = done.DoneCount == done.Chunks;
            return done with
            {
                Status = all ? JobStatus.Successful : j.Status,
                Finished = all ? time.GetUtcNow() : null,
                ResultType = j.ResultType ?? about.ContentType,
                Message = all ? $"{j.Rows:N0} rows answered" : $"{done.DoneCount:N0} of {j.Chunks:N0} chunks answered",
            };
        }, time, cancellationToken);
        if (updated is null)
            await JobUpdates.DeleteFilesIfDismissedAsync(Store, job.Id, cancellationToken); // dismissed (or deleted) while this chunk ran
    }

    private static string? ContentType(JobRecord job) => job.InputFormat switch
    {
        "csv" => "text/csv",
        "geojson" => "application/geo+json",
        _ => null,
    };

    /// <summary>The job's schools for a profile, read once per job on this instance (their index is built once too).</summary>
    private async Task<RequestSchools?> SchoolsAsync(JobRecord job, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_schools is { } cached && cached.Job == job.Id)
                return cached.Schools;
        }
        if (!job.HasSchools)
            return null;
        var schools = await JobPlanner.ReadSchoolsFileAsync(Store, job.Id, cancellationToken)
            ?? throw new InvalidOperationException("The positions of the job's schools are missing from storage.");
        lock (_gate)
            _schools = (job.Id, schools);
        return schools;
    }
}
