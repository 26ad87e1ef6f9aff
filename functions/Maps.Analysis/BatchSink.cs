using System.Buffers;

namespace Maps.Analysis;

/// <summary>The parts of a batch answer, in order; the runner says when each begins.</summary>
public enum BatchPart
{
    /// <summary>The CSV header line, or the GeoJSON up to the features array's <c>[</c>, or a summary document's opening and query.</summary>
    Head,

    /// <summary>The rows: CSV records, or the features, comma-separated.</summary>
    Rows,

    /// <summary>After the rows, before the summary: the GeoJSON features array's <c>]</c>.</summary>
    Close,

    /// <summary>The summary's members (from <see cref="IBatchSummary.WriteMembers"/>), each after a comma.</summary>
    Summary,

    /// <summary>What ends the answer: an error member, the closing brace.</summary>
    End,
}

/// <summary>
/// Where a batch answer goes: an HTTP response (all parts to the client as they come), or a job's
/// chunk (the parts kept apart, so that the chunks' rows can be joined and their summaries merged).
/// </summary>
public abstract class BatchSink
{
    /// <summary>Where the answer is written: one writer for all its parts, which the batch keeps (a sink that keeps the parts apart forwards it to the current one).</summary>
    public abstract IBufferWriter<byte> Output { get; }

    /// <summary>The answer's media type, set before its first byte.</summary>
    public virtual string? ContentType { get; set; }

    /// <summary>A part begins; what was written before belongs to the part before. The batch flushes its writers first.</summary>
    public virtual void Begin(BatchPart part)
    {
    }

    /// <summary>Sends what is written so far (an HTTP response), or nothing (a buffer).</summary>
    public virtual ValueTask FlushAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
