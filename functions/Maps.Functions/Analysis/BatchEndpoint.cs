using System.Buffers;
using Maps.Core.Layers;
using Maps.Functions.Http;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Maps.Functions.Analysis;

/// <summary>
/// The batch analyses over HTTP (POST nearest, gaps and profile, and their processes executed
/// synchronously): the body's media type (CSV or GeoJSON, else 415), the body limit (413), the
/// parameters read once (<see cref="BatchQuery"/>), then the engine (<see cref="BatchRunner"/>)
/// writing straight to the response. A <c>summary=only</c> answer is JSON, or a CSV table for a CSV
/// body (gaps) or an HTML page for a browser (profile) when the client asks for those.
/// </summary>
public static class BatchEndpoint
{
    public static readonly string[] CsvTypes = ["text/csv", "application/csv"];
    public static readonly string[] GeoJsonTypes = ["application/geo+json", "application/json"];

    public static readonly QueryParameter[] NearestParameters =
        [AnalysisParameters.ToParameter, AnalysisParameters.StatusParameter, AnalysisParameters.MaxDistanceKm, AnalysisParameters.LatColumn, AnalysisParameters.LonColumn];

    public static readonly QueryParameter[] GapsParameters =
        [AnalysisParameters.ThresholdKm, AnalysisParameters.ToParameter, AnalysisParameters.StatusParameter, AnalysisParameters.LatColumn, AnalysisParameters.LonColumn, AnalysisParameters.SummaryParameter];

    /// <summary>The endpoint's handler: its query string is the parameters and its body the points.</summary>
    public static async Task RunAsync(HttpContext context, string analysis, IReadOnlyList<QueryParameter> parameters)
    {
        var request = context.Request;
        QueryParameters.RequireOnly(request, parameters);
        bool csv = IsCsv(request.ContentType);
        var options = context.Service<IOptions<AnalysisOptions>>().Value;
        await AnswerAsync(context, analysis, QueryValues.Of(request), csv, RequestBody.Open(context, options.MaxBodyBytes), summaryAsJson: false);
    }

    /// <summary>
    /// Answers the points of <paramref name="points"/> (the request body, or points a process was
    /// given) with the analysis on this request's response. With <paramref name="summaryAsJson"/> a
    /// summary is always JSON, as a job gives it.
    /// </summary>
    public static async Task AnswerAsync(HttpContext context, string analysis, IQueryValues query, bool csv, Stream points, bool summaryAsJson)
    {
        var cancellationToken = context.RequestAborted;
        var options = context.Service<IOptions<AnalysisOptions>>().Value;
        var layers = await context.Service<ILayerCatalog>().GetLayersAsync(cancellationToken);
        var batch = BatchQuery.Parse(analysis, query, csv, layers);
        // The profile's summary page is chosen before the body is read: a wrong Accept is a 406 now.
        bool html = !summaryAsJson && batch.SummaryOnly && analysis == BatchQuery.Profile && Negotiation.Choose(context.Request) == OutputFormat.Html;
        var timings = new BatchTimings();
        timings.Spool.Start();
        // The profile counting the input's own schools reads the body twice.
        await using var body = options.SpoolRequestBody || batch.CountsInputSchools ? await RequestBodySpool.SpoolAsync(points, cancellationToken) : points;
        timings.Spool.Stop();
        context.Response.Headers.CacheControl = "no-store";
        // A malformed body found before the answer starts is a 400 (ProblemExceptionHandler); after, the answer says so.
        var answer = await batch.CreateAsync(body, context.Service<NearestIndexProvider>(), options, schools: null, timings, cancellationToken);
        if (answer is ProfileAnalysis { Notes.Count: > 0 } profile)
            context.Response.Headers[Profile.ProfileApi.NotesHeader] = string.Join("; ", profile.Notes);
        var sink = new ResponseSink(context.Response);
        var outcome = await BatchRunner.RunAsync(batch.Input(body), answer, sink, batch.Settings(options, timings), cancellationToken);
        if (batch.SummaryOnly)
            await WriteSummaryAsync(context, answer, sink, csv && !summaryAsJson && !GapSummaryWriter.WantsJson(context.Request), html, outcome.Delimiter);
        var split = timings.Split();
        var jit = timings.Jit();
        context.Service<ILoggerFactory>().CreateLogger(BatchTimings.Category).LogInformation(
            "{Analysis} {Rows} rows in {TotalMs:F0} ms: spool {SpoolMs:F0}, first pass {FirstPassMs:F0}, read+parse {ReadMs:F0}, answer {AnswerMs:F0}, wait for the writer {WaitMs:F0}; beside the reading, format {FormatMs:F0}, send {SendMs:F0}; JIT {JitMethods} methods in {JitMs:F0} ms",
            analysis, timings.Rows, split.Total, split.Spool, split.FirstPass, split.Read, split.Answer, split.Wait, split.Format, split.Send, jit.Methods, jit.Milliseconds);
    }

    private static async Task WriteSummaryAsync(HttpContext context, IBatchAnswer answer, ResponseSink sink, bool csvTable, bool html, byte delimiter)
    {
        switch (answer)
        {
            case BatchAnalysis { Mode: BatchMode.Gaps } gaps when csvTable:
                await GapSummaryWriter.WriteCsvAsync(context.Response, gaps.Gaps, delimiter, context.RequestAborted);
                break;
            case ProfileAnalysis profile when html:
                await Profile.ProfileSummaryPage.WriteAsync(context, profile.Bands);
                break;
            default:
                await BatchRunner.WriteSummaryAsync(answer, sink, context.RequestAborted);
                break;
        }
    }

    /// <summary>True for a CSV body, false for GeoJSON; any other or no Content-Type is 415.</summary>
    public static bool IsCsv(string? contentType)
    {
        if (contentType is not null && MediaTypeHeaderValue.TryParse(contentType, out var type))
        {
            string media = type.MediaType.Value!.ToLowerInvariant();
            if (CsvTypes.Contains(media))
                return true;
            if (GeoJsonTypes.Contains(media))
                return false;
        }
        throw new ApiException(StatusCodes.Status415UnsupportedMediaType, "Unsupported Media Type",
            $"The body's Content-Type is '{contentType ?? "(none)"}'; send text/csv (a header line with latitude and longitude columns) or application/geo+json (a FeatureCollection of Points).");
    }

    /// <summary>The engine's answer, straight to the client as it comes.</summary>
    private sealed class ResponseSink(HttpResponse response) : BatchSink
    {
        public override IBufferWriter<byte> Output => response.BodyWriter;

        public override string? ContentType
        {
            get => response.ContentType;
            set => response.ContentType = value;
        }

        public override async ValueTask FlushAsync(CancellationToken cancellationToken)
        {
            var flushed = await response.BodyWriter.FlushAsync(cancellationToken);
            if (flushed.IsCanceled)
                throw new OperationCanceledException(cancellationToken);
        }
    }
}
