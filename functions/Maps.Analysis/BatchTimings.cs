using System.Diagnostics;

namespace Maps.Analysis;

/// <summary>
/// Where a batch request's time goes: spooling the body, the profile's first pass, answering
/// (the engine), formatting the answer and flushing it to the client (which includes waiting for
/// a slow reader); reading and parsing the rows is what remains of the total. The HTTP endpoints log
/// it once per request at Information under <see cref="Category"/>, which is how the http benchmarks
/// report the split. One per batch; not thread-safe.
/// </summary>
public sealed class BatchTimings
{
    public const string Category = "Maps.Functions.Analysis.BatchTimings";

    private readonly long _started = Stopwatch.GetTimestamp();

    public Stopwatch Spool { get; } = new();
    public Stopwatch FirstPass { get; } = new();
    public Stopwatch Answer { get; } = new();
    public Stopwatch Format { get; } = new();
    public Stopwatch Send { get; } = new();

    public long Rows { get; set; }

    /// <summary>Milliseconds since the batch began.</summary>
    public double TotalMilliseconds => Stopwatch.GetElapsedTime(_started).TotalMilliseconds;

    /// <summary>The split, for a log line: total, spool, first pass, read+parse (the rest), answer, format, send.</summary>
    public (double Total, double Spool, double FirstPass, double Read, double Answer, double Format, double Send) Split()
    {
        double total = TotalMilliseconds;
        double read = total - Spool.Elapsed.TotalMilliseconds - FirstPass.Elapsed.TotalMilliseconds - Answer.Elapsed.TotalMilliseconds
            - Format.Elapsed.TotalMilliseconds - Send.Elapsed.TotalMilliseconds;
        return (total, Spool.Elapsed.TotalMilliseconds, FirstPass.Elapsed.TotalMilliseconds, read,
            Answer.Elapsed.TotalMilliseconds, Format.Elapsed.TotalMilliseconds, Send.Elapsed.TotalMilliseconds);
    }
}
