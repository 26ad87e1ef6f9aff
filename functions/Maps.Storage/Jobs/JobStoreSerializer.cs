using System.Text.Json;

namespace Maps.Storage.Jobs;

public static class JobStoreSerializer
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static string ToJson(JobRecord job) => JsonSerializer.Serialize(job, Options);

    public static JobRecord FromJson(string json, string etag) => JsonSerializer.Deserialize<JobRecord>(json, Options)! with { ETag = etag };

    public static string ToJson(JobMessage message) => JsonSerializer.Serialize(message, Options);

    /// <summary>The message, or null when the text is not one (a poison message from elsewhere).</summary>
    public static JobMessage? MessageFromJson(string json)
    {
        try
        {
            var message = JsonSerializer.Deserialize<JobMessage>(json, Options);
            return message is { Job.Length: > 0 } ? message : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
