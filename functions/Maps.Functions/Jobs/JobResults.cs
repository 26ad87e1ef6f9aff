using System.Text;
using System.Text.Json;
using Maps.Storage.Jobs;

namespace Maps.Functions.Jobs;

/// <summary>
/// A successful job's result as one download, joined from its chunks in order: the first chunk's
/// head, every chunk's rows, the first chunk's close, the summary of the whole input (the chunks'
/// typed counts added up, <see cref="BatchSummaries"/>) and the end: the answer the analysis
/// endpoint gives for the whole input.
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
        await output.WriteAsync(Encoding.UTF8.GetBytes(first.Head), cancellationToken);
        bool any = false;
        var buffer = new byte[1 << 16];
        for (int chunk = 0; chunk < job.Chunks; chunk++)
        {
            await using var rows = await store.OpenFileAsync(JobFiles.ChunkOutput(job.Id, chunk), cancellationToken)
                ?? throw new ResultGoneException($"chunk {chunk}'s rows are missing");
            if (first.IsGeoJson)
            {
                // Features are comma-joined within a chunk; between chunks the comma is written here, skipping empty ones.
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
        await output.WriteAsync(Encoding.UTF8.GetBytes(first.Close), cancellationToken);
        if (first.SummaryKind is { } kind)
        {
            var merged = BatchSummaries.Merge(kind, frames.Select(f => f.Summary!));
            // The members as the answer's own writer writes them: after a comma, inside the open object.
            var members = new System.Buffers.ArrayBufferWriter<byte>();
            await using (var writer = new Utf8JsonWriter(members, JsonOutput.Options))
            {
                writer.WriteStartObject();
                merged.WriteMembers(writer);
                writer.WriteEndObject();
            }
            var span = members.WrittenMemory;
            await output.WriteAsync(","u8.ToArray(), cancellationToken);
            await output.WriteAsync(span[1..^1], cancellationToken);
        }
        await output.WriteAsync(Encoding.UTF8.GetBytes(first.End), cancellationToken);
    }

    /// <summary>A chunk's files are gone: the job was dismissed or expired after its record was read.</summary>
    public sealed class ResultGoneException(string message) : Exception(message);
}
