using System.Net;
using Maps.EndToEnd.Tests.Support;

namespace Maps.EndToEnd.Tests;

/// <summary>
/// The process and job examples of docs/jobs.md (the bash block after <c>&lt;!-- jobs examples --&gt;</c>), run
/// as written with bash and curl against the app standalone in the embedded default (local jobs):
/// every command must answer 2xx, the job's result must be the synchronous profile's bytes, and
/// the dismissed job must be gone.
/// </summary>
public sealed class ReadmeJobsExamplesTests
{
    private static readonly HttpClient Client = new() { Timeout = TimeSpan.FromMinutes(5) };

    [Fact]
    public async Task The_examples_work_as_written_in_the_embedded_mode()
    {
        await using var api = new StandaloneApi();
        await api.InitializeAsync();
        string work = Directory.CreateTempSubdirectory("maps-readme-jobs-").FullName;
        try
        {
            Directory.CreateSymbolicLink(Path.Combine(work, "data"), Path.Combine(RepoPaths.Root, "data"));
            string script = "set -e\ncurl() { command curl --fail-with-body -sS \"$@\"; echo; }\n"
                + ReadmeManageExamplesTests.DocBlock("docs/jobs.md", "<!-- jobs examples -->").Replace("http://localhost:7071/api", api.ApiRoot, StringComparison.Ordinal)
                + "echo \"JOB=$job\"\necho \"TOKEN=$token\"\n";

            var (exit, output) = await ReadmeManageExamplesTests.BashAsync(script, work);

            Assert.True(exit == 0, $"The job examples failed (exit {exit}):\n{output}\n--- app ---\n{api.Output[^Math.Min(api.Output.Length, 4000)..]}");
            string job = output.Split('\n').Last(l => l.StartsWith("JOB=", StringComparison.Ordinal))[4..].Trim();
            Assert.StartsWith(api.ApiRoot + "/jobs/", job);
            using var sync = await Client.PostAsync(api.ApiRoot + "/analysis/profile?radii=1,10",
                new ByteArrayContent(File.ReadAllBytes(Path.Combine(RepoPaths.Root, "data", "samples", "mali-schools.csv"))) { Headers = { ContentType = new("text/csv") } });
            byte[] expected = await sync.Content.ReadAsByteArrayAsync();
            // The wrapper's echo adds a newline after every download; the file is as served.
            Assert.Equal(expected, File.ReadAllBytes(Path.Combine(work, "mali-profile-job.csv")));
            Assert.True(new FileInfo(Path.Combine(work, "mali-gaps.csv")).Length > 1000);
            // Gone even for its owner: the 404 is the dismissal's, not the one every stranger gets.
            string token = output.Split('\n').Last(l => l.StartsWith("TOKEN=", StringComparison.Ordinal))[6..].Trim();
            using var gone = new HttpRequestMessage(HttpMethod.Get, job) { Headers = { { "Maps-Job-Token", token } } };
            using var answer = await Client.SendAsync(gone);
            Assert.Equal(HttpStatusCode.NotFound, answer.StatusCode);
            Assert.Contains("was dismissed", await answer.Content.ReadAsStringAsync());
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }
}
