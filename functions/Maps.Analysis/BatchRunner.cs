using System.Text.Json;

namespace Maps.Analysis;

/// <summary>The points of a batch: CSV (its position columns named, or found) or a GeoJSON FeatureCollection of Points.</summary>
public sealed record BatchInput(Stream Body, bool Csv)
{
    public string? LatColumn { get; init; }

    public string? LonColumn { get; init; }

    /// <summary>Count the rows without answering them: the answer is the summary.</summary>
    public bool SummaryOnly { get; init; }
}

/// <summary>What a batch ended with: the CSV delimiter of the input (a comma for GeoJSON), and why it stopped before the input's end, if it did.</summary>
public sealed record BatchOutcome(byte Delimiter, string? Failure);

/// <summary>How a batch reads: rows per step, the most rows, what else ends the input early, and where its time goes.</summary>
public sealed record BatchSettings(int ChunkRows, long MaxRows)
{
    /// <summary>
    /// Whether an exception from reading the body is a limit reached (the body over its byte limit)
    /// rather than a fault: after output has started, the rows read so far are answered and the answer says so.
    /// </summary>
    public Func<Exception, bool> CutsInput { get; init; } = e => e is BatchLimitException;

    public BatchTimings Timings { get; init; } = new();
}

/// <summary>
/// The batch engine: reads points, answers them with an analysis a chunk at a time, and writes the
/// rows to a sink, in the points' format: CSV in, CSV out; GeoJSON in, GeoJSON out. The HTTP
/// endpoints, synchronous process execution and each chunk of a job run it; none of it knows HTTP.
/// Errors before any output are thrown (<see cref="BatchInputException"/>, <see cref="MalformedBodyException"/>,
/// <see cref="BatchLimitException"/>); after, the answer ends with one that says what happened.
/// </summary>
public static class BatchRunner
{
    public static Task<BatchOutcome> RunAsync(BatchInput input, IBatchAnswer analysis, BatchSink sink, BatchSettings settings, CancellationToken cancellationToken) =>
        input.Csv
            ? CsvBatch.RunAsync(input, analysis, sink, settings, cancellationToken)
            : GeoJsonBatch.RunAsync(input, analysis, sink, settings, cancellationToken);

    /// <summary>
    /// The summary of a counted batch as a JSON document: the analysis' query members, then the
    /// summary's (<see cref="BatchPart.Summary"/>), so that a job's chunks' summaries can be merged.
    /// </summary>
    public static async Task WriteSummaryAsync(IBatchAnswer analysis, BatchSink sink, CancellationToken cancellationToken)
    {
        sink.ContentType = JsonOutput.MediaType;
        sink.Begin(BatchPart.Head);
        await using (var writer = new Utf8JsonWriter(sink.Output, JsonOutput.Options))
        {
            writer.WriteStartObject();
            analysis.WriteSummaryHead(writer);
            writer.Flush();
            sink.Begin(BatchPart.Summary);
            analysis.Summary?.WriteMembers(writer);
            writer.Flush();
            sink.Begin(BatchPart.End);
            writer.WriteEndObject();
        }
        await sink.FlushAsync(cancellationToken);
    }
}
