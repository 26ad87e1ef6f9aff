using System.Text.Json.Nodes;
using Maps.Functions.Hosting;
using Maps.Functions.Html;
using Maps.Functions.Http;
using Maps.Functions.Jobs;
using Maps.Functions.Ogc;
using Maps.Storage;
using Maps.Storage.Jobs;
using Microsoft.Extensions.Options;

namespace Maps.Functions.Processes;

/// <summary>
/// The jobs of OGC API – Processes: the list (job-list), a job's status, its result once every
/// chunk is answered (one download, joined from the chunks), and dismissal, which stops the job
/// and deletes its files. A dismissed job is gone: 404, like one that never was. Each job is its
/// submitter's (<see cref="JobOwner"/>): the list shows the caller's own, and another client's job
/// is a 404 that says no more than for an id that names nothing.
/// </summary>
public static class JobsApi
{
    public const string JobsRoute = "jobs";
    public const string JobRoute = "jobs/{jobId}";
    public const string ResultsRoute = "jobs/{jobId}/results";

    private static readonly string[] Statuses = [JobStatus.Accepted, JobStatus.Running, JobStatus.Successful, JobStatus.Failed];

    private static readonly QueryParameter ProcessFilter = new("processID",
        "Comma-separated processes whose jobs to list: " + string.Join(", ", ProcessCatalog.All.Select(p => p.Id)) + ". Default: every process.")
        { Type = "array", Items = new() { ["type"] = "string", ["enum"] = new JsonArray(ProcessCatalog.All.Select(p => (JsonNode?)p.Id).ToArray()) } };

    private static readonly QueryParameter StatusFilter = new("status", "Comma-separated statuses of the jobs to list: " + string.Join(", ", Statuses) + ". Default: every status.")
        { Type = "array", Items = new() { ["type"] = "string", ["enum"] = new JsonArray(Statuses.Select(s => (JsonNode?)s).ToArray()) } };

    private static readonly QueryParameter LimitParameter = new("limit", $"The most jobs to list, newest first; larger values are clamped to {MaxLimit}.")
        { Type = "integer", Minimum = 1, Default = 100 };

    private static readonly QueryParameter[] ListParameters = [StandardParameters.F, ProcessFilter, StatusFilter, LimitParameter];

    public static readonly ApiEndpoint[] Endpoints =
    [
        new("GetJobs", JobsRoute, ApiEndpoint.ReadMethods, HandlerContext.Executing(GetJobsAsync))
            { QueryParameters = ListParameters, Summary = "The caller's jobs (those of its Maps-Job-Token; every job with the manage key), newest first, with their status; processID and status filter them (comma-separated), limit caps them (default 100, at most 1,000)." },
        new("GetJob", JobRoute, ApiEndpoint.ReadMethods, HandlerContext.Executing(GetJobAsync))
            { QueryParameters = StandardParameters.FormatOnly, Summary = "A job's status: accepted, running (with progress), successful, failed (with the reason). Needs the job's Maps-Job-Token (header or cookie) or the manage key; otherwise 404." },
        new("GetJobResults", ResultsRoute, ApiEndpoint.ReadMethods, GetResultsAsync)
            { Summary = "A successful job's result: the same columns and row order as the synchronous answer." },
        new("DeleteJob", JobRoute, [HttpMethods.Delete], HandlerContext.Executing(DismissAsync))
            { CorsPolicy = CorsPolicies.Write, Summary = "Dismisses a job: it stops, and its input, chunks and result are deleted." },
    ];

    public static async Task<IResult> GetJobsAsync(HttpContext context)
    {
        var request = context.Request;
        QueryParameters.RequireOnly(request, ListParameters);
        var format = Negotiation.Choose(request);
        var processes = Values(request, ProcessFilter.Name, ProcessCatalog.All.Select(p => p.Id).ToArray());
        var statuses = Values(request, StatusFilter.Name, Statuses);
        int limit = Limit(request);
        string root = Links.ApiRoot(request);
        var owner = JobOwner.Of(context);
        var jobs = owner.IsManager || owner.Token is not null
            ? await Guard(() => context.Service<JobStoreHost>().Store.ListAsync(context.RequestAborted))
            : [];
        var list = new JsonArray(jobs.Where(j => j.Status != JobStatus.Dismissed && owner.Sees(j) && (processes is null || processes.Contains(j.ProcessId))
                && (statuses is null || statuses.Contains(j.Status)))
            .OrderByDescending(j => j.Created).Take(limit)
            .Select(j => (JsonNode?)StatusInfo.Of(j, root)).ToArray());
        context.Response.Headers.CacheControl = "no-store";
        if (format == OutputFormat.Html)
            return HtmlResults.Page(ProcessPages.Jobs(list, root));
        var doc = new JsonObject
        {
            ["jobs"] = list,
            ["links"] = new JsonArray(CollectionDocument.LinkNode($"{root}/{JobsRoute}", "self", MediaTypes.Json, "The jobs")),
        };
        return JsonDefaults.Result(doc, MediaTypes.Json);
    }

    public static async Task<IResult> GetJobAsync(HttpContext context)
    {
        QueryParameters.RequireOnly(context.Request, StandardParameters.FormatOnly);
        var format = Negotiation.Choose(context.Request);
        var job = await FindAsync(context);
        var options = context.Service<IOptions<JobOptions>>().Value;
        // A client polling a stalled job wakes it: on a plan scaled to zero nothing else may.
        if (!JobStatus.IsFinished(job.Status) && job.Updated < context.Service<TimeProvider>().GetUtcNow().AddSeconds(-options.StallSeconds))
            await Guard(async () =>
            {
                await context.Service<JobSweeper>().ResumeAsync(job.Id, context.Service<TimeProvider>().GetUtcNow().AddSeconds(-options.StallSeconds), context.RequestAborted);
                return true;
            });
        context.Response.Headers.CacheControl = "no-store";
        string root = Links.ApiRoot(context.Request);
        return format == OutputFormat.Html
            ? HtmlResults.Page(ProcessPages.Job(StatusInfo.Of(job, root), root))
            : JsonDefaults.Result(StatusInfo.Of(job, root), MediaTypes.Json);
    }

    public static async Task GetResultsAsync(HttpContext context)
    {
        QueryParameters.RequireNone(context.Request);
        var job = await FindAsync(context);
        if (job.Status != JobStatus.Successful)
            throw ApiException.NotFound(job.Status == JobStatus.Failed
                ? $"Job {job.Id} failed, so it has no results: {job.Message}"
                : $"Job {job.Id} is {job.Status} ({job.Progress}% done); its results are served when it is successful.");
        var store = context.Service<JobStoreHost>().Store;
        ChunkFrame[] frames;
        try
        {
            frames = await Guard(() => JobResults.ReadFramesAsync(store, job, context.RequestAborted));
        }
        catch (JobResults.ResultGoneException e)
        {
            throw ApiException.NotFound($"Job {job.Id}'s results are gone ({e.Message}): it was dismissed or expired while they were asked for.");
        }
        var response = context.Response;
        response.ContentType = frames[0].ContentType ?? job.ResultType ?? MediaTypes.Json;
        if (frames.Select(f => f.Notes).FirstOrDefault(n => n is not null) is { } notes)
            response.Headers[Analysis.Profile.ProfileApi.NotesHeader] = notes;
        response.Headers.CacheControl = "private, max-age=3600";
        response.Headers.ContentDisposition = $"attachment; filename=\"{job.ProcessId}-{job.Id}.{Extension(response.ContentType)}\"";
        await JobResults.WriteAsync(store, job, frames, response.Body, context.RequestAborted);
    }

    public static async Task<IResult> DismissAsync(HttpContext context)
    {
        var job = await FindAsync(context);
        var store = context.Service<JobStoreHost>().Store;
        var time = context.Service<TimeProvider>();
        var dismissed = await Guard(() => JobUpdates.UpdateAsync(store, job.Id, j => j.Status == JobStatus.Dismissed ? null : j with
        {
            Status = JobStatus.Dismissed, Message = "dismissed", Finished = j.Finished ?? time.GetUtcNow(),
        }, time, context.RequestAborted)) ?? job with { Status = JobStatus.Dismissed };
        await Guard(() => store.DeleteFilesAsync(JobFiles.Prefix(job.Id), context.RequestAborted));
        return JsonDefaults.Result(StatusInfo.Of(dismissed, Links.ApiRoot(context.Request)), MediaTypes.Json);
    }

    /// <summary>The most jobs one list answers (newest first).</summary>
    public const int MaxLimit = 1000;

    /// <summary>A filter's values (comma-separated or repeated), each one of the known; null when not given.</summary>
    private static HashSet<string>? Values(HttpRequest request, string name, string[] known)
    {
        if (!request.Query.TryGetValue(name, out var given))
            return null;
        var values = given.SelectMany(v => (v ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)).ToHashSet(StringComparer.Ordinal);
        var unknown = values.Where(v => !known.Contains(v)).ToArray();
        if (values.Count == 0 || unknown.Length > 0)
            throw ApiException.BadRequest($"{name}={string.Join(",", unknown)} is not one of {string.Join(", ", known)}.");
        return values;
    }

    private static int Limit(HttpRequest request)
    {
        string? text = QueryParameters.Single(request, "limit");
        if (text is null)
            return 100;
        return int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int limit) && limit > 0
            ? Math.Min(limit, MaxLimit)
            : throw ApiException.BadRequest($"limit={text} is not a positive whole number (at most {MaxLimit} jobs are listed).");
    }

    private static async Task<JobRecord> FindAsync(HttpContext context)
    {
        string id = context.RequiredRouteValue("jobId");
        // Ids are 32 hex digits; anything else names no job, and is not sent to storage.
        if (id.Length != 32 || !id.All(char.IsAsciiHexDigitLower))
            throw ApiException.NotFound($"No job '{(id.Length > 64 ? id[..64] + "…" : id)}'.");
        var owner = JobOwner.Of(context);
        var job = await Guard(() => context.Service<JobStoreHost>().Store.GetAsync(id, context.RequestAborted));
        // Another client's job is answered exactly as one that never was: nothing says it exists.
        if (job is null || !owner.Sees(job))
            throw ApiException.NotFound($"No job '{id}'.");
        return job.Status != JobStatus.Dismissed ? job : throw ApiException.NotFound($"Job '{id}' was dismissed.");
    }

    private static string Extension(string contentType) => contentType.Split(';')[0] switch
    {
        MediaTypes.Csv => "csv",
        MediaTypes.GeoJson => "geojson",
        _ => "json",
    };

    private static async Task<T> Guard<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (Exception e) when (StoreErrors.IsUnavailable(e))
        {
            throw new ApiException(StatusCodes.Status503ServiceUnavailable, "Service Unavailable", "The job store cannot be reached; retry later.");
        }
    }
}
