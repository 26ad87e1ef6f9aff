using Maps.Core.Layers;
using Maps.Functions.Http;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Maps.Functions.Analysis;

/// <summary>
/// What POST nearest and POST gaps share: parameters, the body's media type (CSV or GeoJSON, else
/// 415), the body limit (413) and the choice of streamed reader and writer.
/// </summary>
public static class BatchEndpoint
{
    public static readonly string[] CsvTypes = ["text/csv", "application/csv"];
    public static readonly string[] GeoJsonTypes = ["application/geo+json", "application/json"];

    public static readonly QueryParameter[] NearestParameters =
        [AnalysisParameters.ToParameter, AnalysisParameters.StatusParameter, AnalysisParameters.MaxDistanceKm, AnalysisParameters.LatColumn, AnalysisParameters.LonColumn];

    public static readonly QueryParameter[] GapsParameters =
        [AnalysisParameters.ThresholdKm, AnalysisParameters.ToParameter, AnalysisParameters.StatusParameter, AnalysisParameters.LatColumn, AnalysisParameters.LonColumn, AnalysisParameters.SummaryParameter];

    public static Task RunAsync(HttpContext context, BatchMode mode) =>
        RunAsync(context, context.Service<ILayerCatalog>(), context.Service<NearestIndexProvider>(), context.Service<IOptions<AnalysisOptions>>().Value, mode);

    public static async Task RunAsync(HttpContext context, ILayerCatalog catalog, NearestIndexProvider indexes, AnalysisOptions options, BatchMode mode)
    {
        var request = context.Request;
        QueryParameters.RequireOnly(request, mode == BatchMode.Nearest ? NearestParameters : GapsParameters);
        bool csv = IsCsv(request.ContentType);
        var layers = await catalog.GetLayersAsync(context.RequestAborted);
        var query = QueryValues.Of(request);
        var to = AnalysisParameters.To(query, layers);
        var statuses = AnalysisParameters.Status(query);
        double? maxDistanceKm = mode == BatchMode.Nearest ? AnalysisParameters.MaxDistanceKm.NumberValue(query) : null;
        double thresholdKm = mode == BatchMode.Gaps ? AnalysisParameters.ThresholdKm.NumberValue(query)!.Value : 0;
        bool summaryOnly = AnalysisParameters.SummaryOnly(query, "the per-country summary");
        string? latColumn = AnalysisParameters.LatColumn.Value(query), lonColumn = AnalysisParameters.LonColumn.Value(query);
        if (!csv && (latColumn is not null || lonColumn is not null))
            throw ApiException.BadRequest("lat= and lon= name CSV columns; a GeoJSON body's positions are its Point geometries.");

        var index = indexes.Get(layers, to, statuses);
        var analysis = new BatchAnalysis(layers, index, mode, maxDistanceKm, thresholdKm) { To = to, Statuses = statuses };
        await using var body = await OpenBodyAsync(context, options, options.SpoolRequestBody);
        await AnswerAsync(context, body, csv, options, latColumn, lonColumn, summaryOnly, mode == BatchMode.Nearest ? "nearest" : "gaps",
            () => Task.FromResult<IBatchAnswer>(analysis));
    }

    /// <summary>The request body within the limit, spooled to a temporary file when <paramref name="spool"/>; the answer is marked no-store.</summary>
    public static async Task<Stream> OpenBodyAsync(HttpContext context, AnalysisOptions options, bool spool)
    {
        var timings = BatchTimings.For(context);
        var limited = RequestBody.Open(context, options.MaxBodyBytes);
        timings.Spool.Start();
        var body = spool ? await RequestBodySpool.SpoolAsync(limited, context.RequestAborted) : limited;
        timings.Spool.Stop();
        context.Response.Headers.CacheControl = "no-store";
        return body;
    }

    /// <summary>
    /// Streams the answer in the body's format with the analysis <paramref name="prepare"/> gives
    /// (which may read the body first) and logs the timings. A malformed body found before the
    /// answer starts is a 400; after, the streamed writers say so in the answer.
    /// </summary>
    public static async Task AnswerAsync(HttpContext context, Stream body, bool csv, AnalysisOptions options, string? latColumn, string? lonColumn,
        bool summaryOnly, string name, Func<Task<IBatchAnswer>> prepare)
    {
        try
        {
            var analysis = await prepare();
            if (csv)
                await CsvBatch.RunAsync(context, body, analysis, options.ChunkRows, options.MaxRows, latColumn, lonColumn, summaryOnly);
            else
                await GeoJsonBatch.RunAsync(context, body, analysis, options.ChunkRows, options.MaxRows, summaryOnly);
            BatchTimings.For(context).Log(context.Service<ILoggerFactory>().CreateLogger(BatchTimings.Category), name);
        }
        catch (MalformedBodyException e) when (!context.Response.HasStarted)
        {
            throw ApiException.BadRequest(e.Message);
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
}
