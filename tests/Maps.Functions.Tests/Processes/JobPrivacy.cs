using System.Net;
using System.Text.Json;

namespace Maps.Functions.Tests.Processes;

/// <summary>
/// What a job shows to a client that did not submit it: nothing. Shared by the local store's tests,
/// Azure Storage's (Azurite) and the Functions host's, so each checks the same promise.
/// </summary>
public static class JobPrivacy
{
    public const string Header = "Maps-Job-Token";

    /// <summary>Submits a job as a client with no token; returns it and the owner token the answer handed back.</summary>
    public static async Task<(Uri Job, string Token)> SubmitAsync(HttpClient client, string path, HttpContent content)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        request.Headers.Add("Prefer", "respond-async");
        using var response = await client.SendAsync(request);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        string token = Assert.Single(response.Headers.GetValues(Header));
        Assert.Matches("^[A-Za-z0-9_-]{43}$", token);
        string cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("maps-job-token=", StringComparison.Ordinal));
        Assert.StartsWith($"maps-job-token={token};", cookie);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        return (response.Headers.Location!, token);
    }

    /// <summary>
    /// A client without the job's token (none, or another valid one) gets for its status, results and
    /// dismissal exactly the 404 an id that names nothing gets, and does not see it listed; the
    /// token on a client of its own, and the manage key when given, see it; and the job is still there.
    /// </summary>
    public static async Task AssertPrivateAsync(Func<HttpClient> newClient, Uri job, string token, string? manageKey)
    {
        string id = job.Segments[^1];
        string jobs = job.ToString()[..^(id.Length + 1)];
        string nobody = new('0', 32);
        string otherToken = Convert.ToBase64String(Guid.NewGuid().ToByteArray().Concat(Guid.NewGuid().ToByteArray()).ToArray()).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        foreach (var stranger in new[] { newClient(), With(newClient(), Header, otherToken) })
        {
            using (stranger)
            {
                foreach (var (method, suffix) in new[] { (HttpMethod.Get, ""), (HttpMethod.Get, "/results"), (HttpMethod.Delete, "") })
                {
                    var (status, type, body) = await SendAsync(stranger, method, $"{jobs}/{id}{suffix}");
                    var (_, noneType, none) = await SendAsync(stranger, method, $"{jobs}/{nobody}{suffix}");
                    Assert.True(status == HttpStatusCode.NotFound, $"{method} {suffix} of another client's job: {(int)status} {body}");
                    Assert.Equal(noneType, type);
                    Assert.Equal(none.Replace(nobody, id, StringComparison.Ordinal), body);
                }
                Assert.DoesNotContain(id, await ListAsync(stranger, jobs));
            }
        }
        using (var owner = With(newClient(), Header, token))
        {
            var (status, _, body) = await SendAsync(owner, HttpMethod.Get, job.ToString());
            Assert.True(status == HttpStatusCode.OK, $"the owner's token sees its job: {(int)status} {body}");
            Assert.NotEqual("dismissed", JsonDocument.Parse(body).RootElement.GetProperty("status").GetString());
            Assert.Contains(id, await ListAsync(owner, jobs));
        }
        if (manageKey is not null)
        {
            using var manager = With(newClient(), "x-functions-key", manageKey);
            Assert.Equal(HttpStatusCode.OK, (await SendAsync(manager, HttpMethod.Get, job.ToString())).Status);
            Assert.Contains(id, await ListAsync(manager, jobs));
        }
    }

    private static HttpClient With(HttpClient client, string header, string value)
    {
        client.DefaultRequestHeaders.Add(header, value);
        return client;
    }

    private static async Task<(HttpStatusCode Status, string? Type, string Body)> SendAsync(HttpClient client, HttpMethod method, string url)
    {
        using var response = await client.SendAsync(new HttpRequestMessage(method, url));
        return (response.StatusCode, response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsStringAsync());
    }

    private static async Task<string[]> ListAsync(HttpClient client, string jobs)
    {
        using var response = await client.GetAsync(jobs);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var list = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return list.RootElement.GetProperty("jobs").EnumerateArray().Select(j => j.GetProperty("jobID").GetString()!).ToArray();
    }
}
