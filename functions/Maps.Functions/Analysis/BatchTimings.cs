using System.Diagnostics;

namespace Maps.Functions.Analysis;

/// <summary>
/// Where a batch request's time goes: spooling the body, the profile's first pass, answering
/// (the engine), formatting the answer and flushing it to the client (which includes waiting for
/// a slow reader); reading and parsing the rows is what remains of the total. Logged once per
/// request at Information under <see cref="Category"/>, which is how the http benchmarks report
/// the split. One per request, in <see cref="HttpContext.Items"/>; not thread-safe.
/// </summary>
public sealed class BatchTimings
{
    public const string Category = "Maps.Functions.Analysis.BatchTimings";

    private static readonly object Key = new();
    private readonly long _started = Stopwatch.GetTimestamp();

    public Stopwatch Spool { get; } = new();
    public Stopwatch FirstPass { get; } = new();
    public Stopwatch Answer { get; } = new();
    public Stopwatch Format { get; } = new();
    public Stopwatch Send { get; } = new();

    public long Rows { get; set; }

    /// <summary>The request's timings (created on first use).</summary>
    public static BatchTimings For(HttpContext context)
    {
        if (context.Items.TryGetValue(Key, out var value) && value is BatchTimings timings)
            return timings;
        timings = new BatchTimings();
        context.Items[Key] = timings;
        return timings;
    }

    public void Log(ILogger logger, string analysis)
    {
        double total = Stopwatch.GetElapsedTime(_started).TotalMilliseconds;
        double read = total - Spool.Elapsed.TotalMilliseconds - FirstPass.Elapsed.TotalMilliseconds - Answer.Elapsed.TotalMilliseconds
            - Format.Elapsed.TotalMilliseconds - Send.Elapsed.TotalMilliseconds;
        logger.LogInformation(
            "{Analysis} {Rows} rows in {TotalMs:F0} ms: spool {SpoolMs:F0}, first pass {FirstPassMs:F0}, read+parse {ReadMs:F0}, answer {AnswerMs:F0}, format {FormatMs:F0}, send {SendMs:F0}",
            analysis, Rows, total, Spool.Elapsed.TotalMilliseconds, FirstPass.Elapsed.TotalMilliseconds, read,
            Answer.Elapsed.TotalMilliseconds, Format.Elapsed.TotalMilliseconds, Send.Elapsed.TotalMilliseconds);
    }
}
