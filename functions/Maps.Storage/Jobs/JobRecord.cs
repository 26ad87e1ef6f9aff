using System.Text.Json.Serialization;

namespace Maps.Storage.Jobs;

/// <summary>The states of an OGC API – Processes job (statusCode of its statusInfo).</summary>
public static class JobStatus
{
    public const string Accepted = "accepted";
    public const string Running = "running";
    public const string Successful = "successful";
    public const string Failed = "failed";
    public const string Dismissed = "dismissed";

    public static bool IsFinished(string status) => status is Successful or Failed or Dismissed;
}

/// <summary>
/// One job, as stored (a Table entity or a local file) and replaced only with the <see cref="ETag"/>
/// it was read with, so two instances finishing chunks at once cannot lose each other's update.
/// <see cref="Done"/> is a bitmap of finished chunks, not a counter: a chunk answered twice (a
/// message delivered again after a crash) sets its bit twice and counts once.
/// </summary>
public sealed record JobRecord
{
    public required string Id { get; init; }

    public required string ProcessId { get; init; }

    public string Status { get; init; } = JobStatus.Accepted;

    /// <summary>What the job is doing, or why it failed.</summary>
    public string? Message { get; init; }

    public DateTimeOffset Created { get; init; }

    public DateTimeOffset? Started { get; init; }

    public DateTimeOffset? Finished { get; init; }

    public DateTimeOffset Updated { get; init; }

    /// <summary>The chunks the input was split into; 0 until it is split.</summary>
    public int Chunks { get; init; }

    public byte[] Done { get; init; } = [];

    /// <summary>Input rows (CSV records or GeoJSON features), counted when the input is split.</summary>
    public long Rows { get; init; }

    /// <summary><c>csv</c>, <c>geojson</c>, or <c>none</c> for a process without points (coverage).</summary>
    public string InputFormat { get; init; } = "none";

    /// <summary>Where the points are read from when given by reference; null when they were stored with the job.</summary>
    public string? InputHref { get; init; }

    /// <summary>The analysis parameters, as the analysis endpoint's query string takes them.</summary>
    public Dictionary<string, string> Parameters { get; init; } = [];

    /// <summary>The layer version of every collection when the job was created: its chunks are answered on these.</summary>
    public Dictionary<string, string> Pins { get; init; } = [];

    /// <summary>Whether the split wrote the positions of all the input's schools, which every chunk of the profile then needs.</summary>
    public bool HasSchools { get; init; }

    /// <summary>The SHA-256 (hex) of the owner token the submitter was given; null for jobs only the manage key sees.</summary>
    public string? OwnerHash { get; init; }

    /// <summary>The media type of the result, once known.</summary>
    public string? ResultType { get; init; }

    [JsonIgnore]
    public string ETag { get; init; } = "";

    public int DoneCount => Done.Sum(b => System.Numerics.BitOperations.PopCount(b));

    public bool IsDone(int chunk) => chunk / 8 < Done.Length && (Done[chunk / 8] & (1 << (chunk % 8))) != 0;

    public JobRecord WithDone(int chunk)
    {
        var done = Done.Length >= (Chunks + 7) / 8 ? (byte[])Done.Clone() : [.. Done, .. new byte[(Chunks + 7) / 8 - Done.Length]];
        done[chunk / 8] |= (byte)(1 << (chunk % 8));
        return this with { Done = done };
    }

    /// <summary>0–100: the share of chunks done (100 only when successful).</summary>
    public int Progress => Status == JobStatus.Successful ? 100 : Chunks == 0 ? 0 : Math.Min(99, DoneCount * 100 / Chunks);
}

/// <summary>A queue message: split the job's input (<see cref="Chunk"/> = <see cref="Plan"/>), or answer one chunk.</summary>
public sealed record JobMessage(string Job, int Chunk)
{
    public const int Plan = -1;
}

/// <summary>A message taken from the queue, to complete once handled or leave to come back.</summary>
public sealed record ReceivedJobMessage(JobMessage Message, long DequeueCount, object Receipt);
