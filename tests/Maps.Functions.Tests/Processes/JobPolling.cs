using System.Net;
using System.Text.Json;

namespace Maps.Functions.Tests.Processes;

/// <summary>Submitting jobs and waiting for them as a client would: POST with Prefer: respond-async, then poll the Location.</summary>
public static class JobPolling
{
    public static readonly TimeSpan Deadline = TimeSpan.FromMinutes(10);

    public static async Task<Uri> SubmitAsync(HttpClient client, string path, HttpContent content)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        request.Headers.Add("Prefer", "respond-async");
        using var response = await client.SendAsync(request);
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode}: {body}");
        using var status = JsonDocument.Parse(body);
        string id = status.RootElement.GetProperty("jobID").GetString()!;
        Assert.EndsWith("/api/jobs/" + id, response.Headers.Location!.ToString());
        Assert.Equal("accepted", status.RootElement.GetProperty("status").GetString());
        return response.Headers.Location!;
    }

    /// <summary>Polls until the job is finished (or the deadline passes, which fails); returns its last status.</summary>
    public static async Task<JsonElement> WaitAsync(HttpClient client, Uri job, Func<JsonElement, bool>? until = null)
    {
        until ??= s => s.GetProperty("status").GetString() is "successful" or "failed";
        var deadline = DateTime.UtcNow + Deadline;
        JsonElement last = default;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var response = await client.GetAsync(job);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    last = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
                    if (until(last))
                        return last;
                }
            }
            catch (HttpRequestException)
            {
                // Restarting, or busy: ask again.
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"Job {job} did not get there within {Deadline}; last status: {last}");
    }

    public static async Task<byte[]> ResultAsync(HttpClient client, Uri job)
    {
        var status = await WaitAsync(client, job);
        Assert.True(status.GetProperty("status").GetString() == "successful", $"The job did not succeed: {status}");
        using var response = await client.GetAsync(job + "/results");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsByteArrayAsync();
    }
}
