using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Maps.Storage.Jobs;

namespace Maps.Functions.Jobs;

/// <summary>
/// A successful job's result as one download, joined from its chunks in order: the first chunk's
/// header (CSV) or head (GeoJSON), every chunk's rows, then the summaries added up
/// (<see cref="SummaryMerge"/>): the answer the analysis endpoint gives for the whole input.
/// </summary>
public static class JobResults
{
    public static async Task<ChunkFrame[]> ReadFramesAsync(IJobStore store, JobRecord job, CancellationToken cancellationToken)
    {
        var frames = new ChunkFrame[job.Chunks];
        for (int chunk = 0; chunk < job.Chunks; chunk++)
        {
            await using var file = await store.OpenFileAsync(JobFiles.ChunkFrame(job.Id, chunk), cancellationToken)
                ?? throw new ResultGoneException($"chunk {chunk}'s answer is missing");
            frames[chunk] = (await JsonSerializer.DeserializeAsync<ChunkFrame>(file, cancellationToken: cancellationToken))!;
        }
        return frames;
    }

    public static async Task WriteAsync(IJobStore store, JobRecord job, ChunkFrame[] frames, Stream output, CancellationToken cancellationToken)
    {
        var first = frames[0];
        if (first.Kind == ChunkFrame.Json)
        {
            var merged = SummaryMerge.Merge(frames.Select(f => JsonNode.Parse(f.Head)!.AsObject()).ToArray());
            await using var writer = new Utf8JsonWriter(output, Http.JsonDefaults.Writer);
            merged.WriteTo(writer);
            return;
        }
        await output.WriteAsync(Encoding.UTF8.GetBytes(first.Head), cancellationToken);
        bool any = false;
        for (int chunk = 0; chunk < job.Chunks; chunk++)
        {
            await using var rows = await store.OpenFileAsync(JobFiles.ChunkOutput(job.Id, chunk), cancellationToken)
                ?? throw new ResultGoneException($"chunk {chunk}'s rows are missing");
            if (first.Kind == ChunkFrame.GeoJson)
            {
                // Features are comma-joined within a chunk; between chunks the comma is written here, skipping empty ones.
                var buffer = new byte[1 << 16];
                int read = await rows.ReadAsync(buffer, cancellationToken);
                if (read == 0)
                    continue;
                if (any)
                    await output.WriteAsync(","u8.ToArray(), cancellationToken);
                any = true;
                await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }
            await rows.CopyToAsync(output, 1 << 16, cancellationToken);
        }
        if (first.Kind == ChunkFrame.GeoJson)
        {
            await output.WriteAsync("]"u8.ToArray(), cancellationToken);
            if (first.Trailer is not null)
            {
                var merged = SummaryMerge.Merge(frames.Select(f => JsonNode.Parse("{" + f.Trailer!.TrimStart(',') + "}")!.AsObject()).ToArray());
                string members = merged.ToJsonString(Http.JsonDefaults.Serializer);
                await output.WriteAsync(Encoding.UTF8.GetBytes("," + members[1..^1]), cancellationToken);
            }
            await output.WriteAsync("}"u8.ToArray(), cancellationToken);
        }
    }

    /// <summary>A chunk's files are gone: the job was dismissed or expired after its record was read.</summary>
    public sealed class ResultGoneException(string message) : Exception(message);
}
