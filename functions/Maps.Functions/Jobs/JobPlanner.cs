using Maps.Core.Import;
using System.Buffers;
using System.Runtime.InteropServices;
using Maps.Core.Geodesy;
using Maps.Functions.Analysis;
using Maps.Functions.Analysis.Profile;
using Maps.Functions.Http;
using Maps.Functions.Processes;
using Maps.Storage.Jobs;
using Microsoft.Extensions.Options;

namespace Maps.Functions.Jobs;

/// <summary>
/// The first step of a job: reads its points (stored with it, or from the href), splits them into
/// chunks of <see cref="JobOptions.ChunkRows"/> rows, fewer when the analysis' limits ask (each a valid input on its own: the CSV header
/// and its rows, or a FeatureCollection of its features, every row's bytes as they came), writes
/// them, records how many, and queues one message per chunk. Splitting again after a crash writes
/// the same chunks. A profile that counts the request's own schools also writes the positions of
/// all of them, read in a first pass, which every chunk needs.
/// </summary>
public sealed class JobPlanner(JobStoreHost stores, InputReferences references, PinnedLayers pinned, IOptions<JobOptions> options, IOptions<AnalysisOptions> analysis,
    TimeProvider time)
{
    private IJobStore Store => stores.Store;

    /// <summary>
    /// A chunk is also cut at half the analysis body limit, so that its answer is never cut short by
    /// that limit (rows of large GeoJSON features would otherwise reach it before <see cref="JobOptions.ChunkRows"/>).
    /// </summary>
    private long MaxChunkBytes => analysis.Value.MaxBodyBytes / 2;

    /// <summary>Rows per chunk: <see cref="JobOptions.ChunkRows"/>, but never more than the analysis answers in one request.</summary>
    private long ChunkRows => Math.Min(options.Value.ChunkRows, analysis.Value.MaxRows);

    public async Task PlanAsync(JobRecord job, CancellationToken cancellationToken)
    {
        if (JobStatus.IsFinished(job.Status) || job.Chunks > 0)
            return;
        var process = ProcessCatalog.Find(job.ProcessId) ?? throw new JobFailedException($"No process '{job.ProcessId}'.");
        int chunks;
        long rows = 0;
        bool schoolsWritten = false;
        // A long download or split keeps the record fresh, so the sweeper does not take it for stalled.
        using var heartbeat = new Timer(_ => _ = TouchAsync(job.Id), null, TimeSpan.FromSeconds(options.Value.StallSeconds / 3.0), TimeSpan.FromSeconds(options.Value.StallSeconds / 3.0));
        if (!process.TakesPoints)
        {
            chunks = 1;
        }
        else
        {
            await using var spool = await SpoolInputAsync(job, cancellationToken);
            if (process.Id == BatchQuery.Profile && await ParseAsync(job, cancellationToken) is { CountsInputSchools: true } batch)
            {
                var schools = await ReadSchoolsAsync(batch, spool, cancellationToken);
                await Store.WriteFileAsync(JobFiles.Schools(job.Id), new MemoryStream(MemoryMarshal.AsBytes(schools.Positions).ToArray(), writable: false), cancellationToken);
                schoolsWritten = true;
                spool.Position = 0;
            }
            (chunks, rows) = job.InputFormat == "csv" ? await SplitCsvAsync(job, spool, cancellationToken) : await SplitGeoJsonAsync(job, spool, cancellationToken);
        }
        var planned = await JobUpdates.UpdateAsync(Store, job.Id, j => JobStatus.IsFinished(j.Status) || j.Chunks > 0 ? null : j with
        {
            Status = JobStatus.Running, Started = time.GetUtcNow(), Chunks = chunks, Rows = rows, Done = new byte[(chunks + 7) / 8], HasSchools = schoolsWritten,
            Message = $"{rows:N0} rows in {chunks:N0} chunks",
        }, time, cancellationToken);
        if (planned is null)
        {
            await JobUpdates.DeleteFilesIfDismissedAsync(Store, job.Id, cancellationToken); // dismissed while it was split
            return;
        }
        for (int chunk = 0; chunk < chunks; chunk++)
            await Store.SendAsync(new JobMessage(job.Id, chunk), cancellationToken);
    }

    /// <summary>The points in a temporary file: read twice for a profile, and no href is held open while chunks are written.</summary>
    private async Task<Stream> SpoolInputAsync(JobRecord job, CancellationToken cancellationToken)
    {
        if (job.InputHref is { } href)
        {
            try
            {
                var (body, _) = await references.OpenAsync(href, cancellationToken);
                await using (body)
                    return await RequestBodySpool.SpoolAsync(body, cancellationToken);
            }
            catch (HrefUnreadableException e)
            {
                throw new JobFailedException(e.Message, e);
            }
        }
        var stored = await Store.OpenFileAsync(JobFiles.Input(job.Id), cancellationToken)
            ?? throw new JobFailedException("The job's points are missing from storage (deleted while it waited?).");
        await using (stored)
            return await RequestBodySpool.SpoolAsync(stored, cancellationToken);
    }

    /// <summary>The job's analysis parameters as its chunks will read them.</summary>
    private async Task<BatchQuery> ParseAsync(JobRecord job, CancellationToken cancellationToken)
    {
        var layers = await pinned.GetAsync(job.Pins, cancellationToken);
        try
        {
            return BatchQuery.Parse(job.ProcessId, new QueryValues(job.Parameters), job.InputFormat == PointsInput.Csv, layers);
        }
        catch (Exception e) when (JobFailedException.IsInputError(e))
        {
            throw new JobFailedException(e.Message, e);
        }
    }

    private async Task<RequestSchools> ReadSchoolsAsync(BatchQuery batch, Stream spool, CancellationToken cancellationToken)
    {
        try
        {
            return await batch.ReadSchoolsAsync(spool, options.Value.MaxRows, cancellationToken);
        }
        catch (Exception e) when (JobFailedException.IsInputError(e))
        {
            throw new JobFailedException("The points could not be read: " + e.Message, e);
        }
    }

    private async Task<(int Chunks, long Rows)> SplitCsvAsync(JobRecord job, Stream spool, CancellationToken cancellationToken)
    {
        using var reader = new CsvRecordReader(spool, message => new MalformedBodyException(message));
        await reader.DetectDelimiterAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
            throw new JobFailedException("The CSV points are empty; they need a header line naming the latitude and longitude columns.");
        byte[] header = [.. reader.Raw, (byte)'\r', (byte)'\n'];
        var chunk = new ArrayBufferWriter<byte>(1 << 20);
        int chunks = 0, inChunk = 0;
        long rows = 0;
        chunk.Write(header);
        try
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                if (++rows > options.Value.MaxRows)
                    throw new JobFailedException($"The points have more than {options.Value.MaxRows:N0} rows (Maps:Jobs:MaxRows).");
                chunk.Write(reader.Raw);
                chunk.Write("\r\n"u8);
                if (++inChunk == ChunkRows || chunk.WrittenCount >= MaxChunkBytes)
                {
                    await WriteChunkAsync(job, chunks++, chunk, rows, cancellationToken);
                    chunk.Write(header);
                    inChunk = 0;
                }
            }
        }
        catch (MalformedBodyException e)
        {
            throw new JobFailedException($"The CSV points are malformed after row {rows:N0}: {e.Message}", e);
        }
        if (inChunk > 0 || chunks == 0)
            await WriteChunkAsync(job, chunks++, chunk, rows, cancellationToken);
        return (chunks, rows);
    }

    private static readonly byte[] FeatureCollectionStart = "{\"type\":\"FeatureCollection\",\"features\":["u8.ToArray();

    private async Task<(int Chunks, long Rows)> SplitGeoJsonAsync(JobRecord job, Stream spool, CancellationToken cancellationToken)
    {
        using var reader = GeoJsonBody.Open(spool);
        var chunk = new ArrayBufferWriter<byte>(1 << 20);
        int chunks = 0, inChunk = 0;
        long rows = 0;
        chunk.Write(FeatureCollectionStart);
        try
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                if (++rows > options.Value.MaxRows)
                    throw new JobFailedException($"The points have more than {options.Value.MaxRows:N0} features (Maps:Jobs:MaxRows).");
                if (inChunk > 0)
                    chunk.Write(","u8);
                chunk.Write(reader.Current);
                if (++inChunk == ChunkRows || chunk.WrittenCount >= MaxChunkBytes)
                {
                    chunk.Write("]}"u8);
                    await WriteChunkAsync(job, chunks++, chunk, rows, cancellationToken);
                    chunk.Write(FeatureCollectionStart);
                    inChunk = 0;
                }
            }
        }
        catch (MalformedBodyException e)
        {
            throw new JobFailedException($"The GeoJSON points are malformed after feature {rows:N0}: {e.Message}", e);
        }
        if (inChunk > 0 || chunks == 0)
        {
            chunk.Write("]}"u8);
            await WriteChunkAsync(job, chunks++, chunk, rows, cancellationToken);
        }
        return (chunks, rows);
    }

    /// <summary>Chunks written between two updates of the record while splitting.</summary>
    private const int ReportEvery = 20;

    private async Task WriteChunkAsync(JobRecord job, int index, ArrayBufferWriter<byte> chunk, long rows, CancellationToken cancellationToken)
    {
        await Store.WriteFileAsync(JobFiles.ChunkInput(job.Id, index), MemoryStreams.ReadOnly(chunk.WrittenMemory), cancellationToken);
        chunk.ResetWrittenCount();
        if ((index + 1) % ReportEvery != 0)
            return;
        // A long split says how far it is (and is not taken for stalled); a job dismissed meanwhile stops it.
        var reported = await JobUpdates.UpdateAsync(Store, job.Id, j => JobStatus.IsFinished(j.Status) || j.Chunks > 0 ? null : j with
        {
            Message = $"splitting the points: {rows:N0} rows read",
        }, time, cancellationToken);
        if (reported is not null)
            return;
        if (await JobUpdates.DeleteFilesIfDismissedAsync(Store, job.Id, cancellationToken) is not { Status: JobStatus.Accepted })
            throw new JobStoppedException($"Job {job.Id} was dismissed or finished while it was split.");
    }

    private async Task TouchAsync(string id)
    {
        try
        {
            await JobUpdates.UpdateAsync(Store, id, j => JobStatus.IsFinished(j.Status) || j.Chunks > 0 ? null : j, time, CancellationToken.None);
        }
        catch (Exception)
        {
            // A missed heartbeat costs at most a second split of the same input.
        }
    }

    /// <summary>The schools a planner wrote, for a chunk.</summary>
    public static async Task<RequestSchools?> ReadSchoolsFileAsync(IJobStore store, string job, CancellationToken cancellationToken)
    {
        await using var file = await store.OpenFileAsync(JobFiles.Schools(job), cancellationToken);
        if (file is null)
            return null;
        using var bytes = new MemoryStream();
        await file.CopyToAsync(bytes, cancellationToken);
        return new RequestSchools(MemoryMarshal.Cast<byte, LonLat>(bytes.GetBuffer().AsSpan(0, (int)bytes.Length)).ToArray());
    }
}
