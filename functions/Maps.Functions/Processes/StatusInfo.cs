using System.Text.Json.Nodes;
using Maps.Functions.Http;
using Maps.Functions.Ogc;
using Maps.Storage.Jobs;

namespace Maps.Functions.Processes;

/// <summary>A job's statusInfo document (OGC API – Processes Part 1).</summary>
public static class StatusInfo
{
    public const string ResultsRel = "http://www.opengis.net/def/rel/ogc/1.0/results";

    public static JsonObject Of(JobRecord job, string root)
    {
        var links = new JsonArray(CollectionDocument.LinkNode($"{root}/jobs/{job.Id}", "self", MediaTypes.Json, "This job's status"));
        if (job.Status == JobStatus.Successful)
            links.Add(CollectionDocument.LinkNode($"{root}/jobs/{job.Id}/results", ResultsRel, job.ResultType?.Split(';')[0] ?? MediaTypes.Json, "The result"));
        return new JsonObject
        {
            ["processID"] = job.ProcessId,
            ["type"] = "process",
            ["jobID"] = job.Id,
            ["status"] = job.Status,
            ["message"] = job.Message,
            ["created"] = job.Created,
            ["started"] = job.Started,
            ["finished"] = job.Finished,
            ["updated"] = job.Updated,
            ["progress"] = job.Progress,
            ["rows"] = job.Rows,
            ["chunks"] = job.Chunks,
            ["chunksDone"] = job.DoneCount,
            ["links"] = links,
        };
    }
}
