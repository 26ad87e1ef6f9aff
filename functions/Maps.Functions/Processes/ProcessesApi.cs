using Maps.Core.Layers;
using System.Text.Json.Nodes;
using Maps.Functions.Analysis;
using Maps.Functions.Hosting;
using Maps.Functions.Html;
using Maps.Functions.Http;
using Maps.Functions.Jobs;
using Maps.Functions.Ogc;
using Microsoft.Extensions.Options;

namespace Maps.Functions.Processes;

/// <summary>
/// OGC API – Processes Part 1 over the analyses (docs/architecture.md §9): the process list, each
/// process's description, and execution, synchronous (the analysis endpoint's own handler answers
/// on this request) or, with <c>Prefer: respond-async</c>, as a job (201 with its Location).
/// </summary>
public static class ProcessesApi
{
    public const string ProcessesRoute = "processes";
    public const string ProcessRoute = "processes/{processId}";
    public const string ExecutionRoute = "processes/{processId}/execution";

    public static readonly string[] ConformanceClasses =
    [
        "http://www.opengis.net/spec/ogcapi-processes-1/1.0/conf/core",
        "http://www.opengis.net/spec/ogcapi-processes-1/1.0/conf/ogc-process-description",
        "http://www.opengis.net/spec/ogcapi-processes-1/1.0/conf/json",
        "http://www.opengis.net/spec/ogcapi-processes-1/1.0/conf/oas30",
        "http://www.opengis.net/spec/ogcapi-processes-1/1.0/conf/job-list",
        "http://www.opengis.net/spec/ogcapi-processes-1/1.0/conf/dismiss",
    ];

    public static readonly ApiEndpoint[] Endpoints =
    [
        new("GetProcesses", ProcessesRoute, ApiEndpoint.ReadMethods, HandlerContext.Executing(GetProcesses))
            { QueryParameters = StandardParameters.FormatOnly, Summary = "The processes: nearest, gaps, profile and coverage, run synchronously or as jobs." },
        new("GetProcess", ProcessRoute, ApiEndpoint.ReadMethods, HandlerContext.Executing(GetProcess))
            { QueryParameters = StandardParameters.FormatOnly, Summary = "A process's description: its inputs and its output." },
        new("PostProcessExecution", ExecutionRoute, [HttpMethods.Post], ExecuteAsync)
        {
            CorsPolicy = CorsPolicies.Write, ConcurrencyLimited = true,
            Body = new RequestBodyDocs(
                "An execute document {\"inputs\": {...}, \"outputs\": {...}} (application/json), or the points themselves (text/csv, application/geo+json) with the other inputs in the query string. Send Prefer: respond-async to run it as a job; the answer's Maps-Job-Token header (and cookie) is the job's owner token, which its status, results and dismissal need.",
                [MediaTypes.Json, MediaTypes.Csv, MediaTypes.GeoJson]),
            Summary = "Runs a process: synchronously (the answer is the result), or with Prefer: respond-async as a job (201, Location: /api/jobs/{jobId}).",
        },
    ];

    public static IResult GetProcesses(HttpContext context)
    {
        QueryParameters.RequireOnly(context.Request, StandardParameters.FormatOnly);
        var format = Negotiation.Choose(context.Request);
        string root = Links.ApiRoot(context.Request);
        var processes = new JsonArray(ProcessCatalog.All.Select(p => (JsonNode?)ProcessDescriptions.Summary(p, root)).ToArray());
        if (format == OutputFormat.Html)
            return HtmlResults.Page(ProcessPages.Processes(processes, root));
        var doc = new JsonObject
        {
            ["processes"] = processes,
            ["links"] = new JsonArray(CollectionDocument.LinkNode($"{root}/{ProcessesRoute}", "self", MediaTypes.Json, "The processes")),
        };
        return JsonDefaults.Result(doc, MediaTypes.Json);
    }

    public static IResult GetProcess(HttpContext context)
    {
        QueryParameters.RequireOnly(context.Request, StandardParameters.FormatOnly);
        var format = Negotiation.Choose(context.Request);
        var process = Find(context);
        string root = Links.ApiRoot(context.Request);
        var description = ProcessDescriptions.Describe(process, root);
        return format == OutputFormat.Html
            ? HtmlResults.Page(ProcessPages.Process(description, root))
            : JsonDefaults.Result(description, MediaTypes.Json);
    }

    public static async Task ExecuteAsync(HttpContext context)
    {
        var process = Find(context);
        long maxBodyBytes = context.Service<IOptions<AnalysisOptions>>().Value.MaxBodyBytes;
        var execute = await ExecuteRequest.ReadAsync(context, process, maxBodyBytes);
        if (execute.Async)
        {
            var owner = JobOwner.Of(context).OrNew();
            var job = await context.Service<JobSubmission>().SubmitAsync(context, execute, owner, maxBodyBytes);
            string root = Links.ApiRoot(context.Request);
            // The cookie outlives the job's keeping time by a day, the most a job is let run.
            owner.HandBack(context, TimeSpan.FromHours(context.Service<IOptions<JobOptions>>().Value.KeepHours + 24));
            context.Response.Headers.Location = $"{root}/jobs/{job.Id}";
            context.Response.Headers["Preference-Applied"] = "respond-async";
            context.Response.StatusCode = StatusCodes.Status201Created;
            context.Response.ContentType = MediaTypes.Json;
            await context.Response.WriteAsync(StatusInfo.Of(job, root).ToJsonString(JsonDefaults.Serializer), context.RequestAborted);
            return;
        }
        await RunNowAsync(context, execute, maxBodyBytes);
    }

    /// <summary>
    /// Runs the process on this request, as its endpoint does (the same <see cref="BatchEndpoint"/> or
    /// coverage report) on the inputs: the points from the body, the document or the href. A summary is
    /// JSON, as a job gives it.
    /// </summary>
    private static async Task RunNowAsync(HttpContext context, ExecuteRequest execute, long maxBodyBytes)
    {
        var query = new QueryValues(execute.Parameters);
        if (execute.Points is not { } points)
        {
            var layers = await context.Service<ILayerCatalog>().GetLayersAsync(context.RequestAborted);
            var coverage = context.Service<CoverageService>();
            await CoverageApi.AnswerAsync(context.Response, CoverageApi.Read(query, layers, coverage), CoverageApi.AsksForCsv(query), layers, coverage, context.RequestAborted);
            return;
        }
        await using var opened = points.IsRequestBody ? RequestBody.Open(context, maxBodyBytes)
            : points.Href is { } href ? (await context.Service<InputReferences>().OpenAsync(href, context.RequestAborted)).Body
            : MemoryStreams.ReadOnly(points.Value!.Value);
        await BatchEndpoint.AnswerAsync(context, execute.Process.Id, query, points.Format == PointsInput.Csv, opened, summaryAsJson: true);
    }

    private static MapsProcess Find(HttpContext context)
    {
        string id = context.RequiredRouteValue("processId");
        return ProcessCatalog.Find(id) ?? throw ApiException.NotFound($"No process '{id}'; the processes are {string.Join(", ", ProcessCatalog.All.Select(p => p.Id))}.");
    }
}
