using System.Text.Json;
using Maps.Functions.Analysis;
using Microsoft.Extensions.Options;
using Maps.Functions.Http;
using Maps.Functions.Processes;
using Maps.Storage.Jobs;

namespace Maps.Functions.Jobs;

/// <summary>
/// Answers one chunk of a job on any instance: runs the process's analysis (the engine the
/// endpoint runs, <see cref="BatchRunner"/>) on the chunk's rows with the job's pinned layers, writes the answer's rows and frame (overwriting any
/// earlier try's, which were the same), then sets the chunk's bit in the job; whoever sets the
/// last bit marks the job successful. A job dismissed meanwhile has its files deleted again.
/// </summary>
public sealed class ChunkRunner(JobStoreHost stores, PinnedLayers pinned, NearestIndexProvider indexes, CoverageService coverage,
    IOptions<AnalysisOptions> options, TimeProvider time)
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
        var parameters = new QueryValues(job.Parameters);
        var sink = new ChunkSink();
        string? notes = null;
        IBatchSummary? summary = null;
        try
        {
            if (process.TakesPoints)
            {
                await using var input = await Store.OpenFileAsync(JobFiles.ChunkInput(job.Id, chunk), cancellationToken)
                    ?? throw new InvalidOperationException($"Chunk {chunk}'s points are missing from storage.");
                var batch = BatchQuery.Parse(process.Id, parameters, job.InputFormat == PointsInput.Csv, layers);
                // The profile counts the schools of the job's whole input, read when it was split: a chunk alone has only some.
                var schools = batch.CountsInputSchools
                    ? await SchoolsAsync(job, cancellationToken) ?? throw new InvalidOperationException("The positions of the job's schools are missing from storage.")
                    : null;
                var timings = new BatchTimings();
                var answer = await batch.CreateAsync(input, indexes, options.Value, schools, timings, cancellationToken);
                var outcome = await BatchRunner.RunAsync(batch.Input(input), answer, sink, batch.Settings(options.Value, timings), cancellationToken);
                // The split keeps chunks within the limits, so this is a safety net.
                if (outcome.Failure is { } why)
                    throw new JobFailedException($"Chunk {chunk}'s answer was cut short: {why}");
                if (batch.SummaryOnly)
                    await BatchRunner.WriteSummaryAsync(answer, sink, cancellationToken);
                notes = answer is ProfileAnalysis { Notes.Count: > 0 } profile ? string.Join("; ", profile.Notes) : null;
                summary = answer.Summary;
            }
            else
            {
                sink.ContentType = await CoverageApi.WriteReportAsync(CoverageApi.Read(parameters, layers, coverage), CoverageApi.AsksForCsv(parameters), layers, coverage,
                    sink.Output, cancellationToken);
            }
        }
        catch (Exception e) when (JobFailedException.IsInputError(e))
        {
            throw new JobFailedException(e.Message, e); // what the endpoint would refuse with a 4xx
        }
        await Store.WriteFileAsync(JobFiles.ChunkOutput(job.Id, chunk), MemoryStreams.ReadOnly(sink.Rows), cancellationToken);
        await Store.WriteFileAsync(JobFiles.ChunkFrame(job.Id, chunk), new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(sink.Frame(notes, summary)), writable: false), cancellationToken);

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
                ResultType = j.ResultType ?? sink.ContentType,
                Message = all ? $"{j.Rows:N0} rows answered" : $"{done.DoneCount:N0} of {j.Chunks:N0} chunks answered",
            };
        }, time, cancellationToken);
        if (updated is null)
            await JobUpdates.DeleteFilesIfDismissedAsync(Store, job.Id, cancellationToken); // dismissed (or deleted) while this chunk ran
    }

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
