using System.Diagnostics;
using System.Runtime;

namespace Maps.Analysis;

/// <summary>
/// Where a batch request's time goes. On the thread that reads: spooling the body, the profile's
/// first pass, answering (the engine), and waiting for the previous chunk's rows to be written;
/// reading and parsing the rows is what remains of the total. Writing runs beside the reading
/// (<see cref="ChunkWriting"/>): formatting the rows and flushing them to the client (which includes
/// waiting for a slow reader) are timed on their own and overlap the rest. The HTTP endpoints log
/// it once per request at Information under <see cref="Category"/>, which is how the http benchmarks
/// report the split. One per batch; each stopwatch is used by one thread at a time.
/// </summary>
public sealed class BatchTimings
{
    public const string Category = "Maps.Functions.Analysis.BatchTimings";

    private readonly long _started = Stopwatch.GetTimestamp();
    private readonly long _jitMethods = JitInfo.GetCompiledMethodCount();
    private readonly TimeSpan _jitTime = JitInfo.GetCompilationTime();

    public Stopwatch Spool { get; } = new();
    public Stopwatch FirstPass { get; } = new();
    public Stopwatch Answer { get; } = new();
    public Stopwatch Wait { get; } = new();
    public Stopwatch Format { get; } = new();
    public Stopwatch Send { get; } = new();

    public long Rows { get; set; }

    /// <summary>
    /// Methods the JIT compiled in the whole process since the batch began, and its time on them: the
    /// first large batch of an instance also pays for its hot code being recompiled optimised.
    /// </summary>
    public (long Methods, double Milliseconds) Jit() =>
        (JitInfo.GetCompiledMethodCount() - _jitMethods, (JitInfo.GetCompilationTime() - _jitTime).TotalMilliseconds);

    /// <summary>Milliseconds since the batch began.</summary>
    public double TotalMilliseconds => Stopwatch.GetElapsedTime(_started).TotalMilliseconds;

    /// <summary>The split, for a log line: total, spool, first pass, read+parse (the rest), answer, waiting for the writer, and the writer's format and send.</summary>
    public (double Total, double Spool, double FirstPass, double Read, double Answer, double Wait, double Format, double Send) Split()
    {
        double total = TotalMilliseconds;
        double read = total - Spool.Elapsed.TotalMilliseconds - FirstPass.Elapsed.TotalMilliseconds - Answer.Elapsed.TotalMilliseconds
            - Wait.Elapsed.TotalMilliseconds;
        return (total, Spool.Elapsed.TotalMilliseconds, FirstPass.Elapsed.TotalMilliseconds, read,
            Answer.Elapsed.TotalMilliseconds, Wait.Elapsed.TotalMilliseconds, Format.Elapsed.TotalMilliseconds, Send.Elapsed.TotalMilliseconds);
    }
}
