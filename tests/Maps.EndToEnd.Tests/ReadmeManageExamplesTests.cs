using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Maps.EndToEnd.Tests.Support;
using Maps.Storage.Tests.Support;

namespace Maps.EndToEnd.Tests;

/// <summary>
/// The manage examples of docs/bring-your-own-network.md (the bash block after <c>&lt;!-- manage examples --&gt;</c>), run as
/// written with bash and curl against the app started standalone, in the embedded mode (a fresh local
/// store over the shipped layers) and in Table Storage mode (a real Azurite). Each command must answer
/// 2xx (curl <c>--fail-with-body</c>); afterwards the collections must be what the commands made.
/// </summary>
public sealed class ReadmeManageExamplesTests
{
    /// <summary>The key the block exports.</summary>
    private const string Key = "change-me";

    private static readonly HttpClient Client = new() { Timeout = TimeSpan.FromMinutes(5) };

    [Fact]
    public async Task The_examples_work_as_written_in_the_embedded_mode()
    {
        var api = new StandaloneApi();
        await RunAsync(api);
    }

    [Fact]
    public async Task The_examples_work_as_written_against_azure_storage()
    {
        await using var azurite = await Azurite.StartAsync(allServices: true);
        var api = new StandaloneApi();
        api.Environment["Maps__TableStorage__ConnectionString"] = azurite.ConnectionString;
        await RunAsync(api);
    }

    /// <summary>The block, then the state it leaves; either store is served over the shipped layers, so schools is there whatever was published.</summary>
    private static async Task RunAsync(StandaloneApi api)
    {
        api.Environment["Maps__ManageKey"] = Key;
        await api.InitializeAsync();
        string work = Directory.CreateTempSubdirectory("maps-readme-").FullName;
        try
        {
            // The commands name files relative to the checkout; run them in a scratch folder that sees data/, so the files they write land there.
            Directory.CreateSymbolicLink(Path.Combine(work, "data"), Path.Combine(RepoPaths.Root, "data"));
            string block = DocBlock("docs/bring-your-own-network.md", "<!-- manage examples -->");
            Assert.Contains($"export MAPS_MANAGE_KEY={Key}", block);
            string script = "set -e\ncurl() { command curl --fail-with-body -sS \"$@\"; echo; }\n"
                + block.Replace("http://localhost:7071/api", api.ApiRoot, StringComparison.Ordinal);

            var (exit, output) = await BashAsync(script, work);

            Assert.True(exit == 0, $"The manage examples failed (exit {exit}):\n{output}\n--- app ---\n{api.Output[^Math.Min(api.Output.Length, 4000)..]}");
            int shippedLinks = Maps.Core.Layers.Layer.Open(Path.Combine(RepoPaths.Layers, "fibre-links.fgb")).Count;
            Assert.Equal(shippedLinks, await NumberMatchedAsync(api, "fibre-links")); // rolled back to the full republish
            int nodes = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(RepoPaths.Root, "data", "samples", "ofds", "network-package.json")))
                .RootElement.GetProperty("networks")[0].GetProperty("nodes").GetArrayLength();
            Assert.Equal(nodes, await NumberMatchedAsync(api, "ghana-fibre-nodes"));
            Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync($"{api.ApiRoot}/collections/my-schools")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync($"{api.ApiRoot}/collections/schools")).StatusCode);
        }
        finally
        {
            await api.DisposeAsync();
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>The first bash block after the marker comment in a page of the docs (a path from the checkout's root).</summary>
    internal static string DocBlock(string page, string marker)
    {
        string text = File.ReadAllText(Path.Combine(RepoPaths.Root, page));
        int at = text.IndexOf(marker, StringComparison.Ordinal);
        Assert.True(at >= 0, $"{page} has no '{marker}' block.");
        int start = text.IndexOf("```bash\n", at, StringComparison.Ordinal) + "```bash\n".Length;
        int end = text.IndexOf("\n```", start, StringComparison.Ordinal);
        return text[start..end] + "\n";
    }

    /// <summary>Every bash block of a page between a marker and the next <c>## </c> heading, in order.</summary>
    internal static string DocBlocks(string page, string marker)
    {
        string text = File.ReadAllText(Path.Combine(RepoPaths.Root, page));
        int at = text.IndexOf(marker, StringComparison.Ordinal);
        Assert.True(at >= 0, $"{page} has no '{marker}' section.");
        int stop = text.IndexOf("\n## ", at + marker.Length, StringComparison.Ordinal);
        var script = new System.Text.StringBuilder();
        for (int start = text.IndexOf("```bash\n", at, StringComparison.Ordinal); start >= 0 && (stop < 0 || start < stop);
             start = text.IndexOf("```bash\n", start + 1, StringComparison.Ordinal))
        {
            int from = start + "```bash\n".Length;
            script.Append(text[from..text.IndexOf("\n```", from, StringComparison.Ordinal)]).Append('\n');
        }
        return script.ToString();
    }

    private static async Task<int> NumberMatchedAsync(ApiProcess api, string collection)
    {
        using var response = await Client.GetAsync($"{api.ApiRoot}/collections/{collection}/items?limit=1");
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{collection}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("numberMatched").GetInt32();
    }

    internal static async Task<(int Exit, string Output)> BashAsync(string script, string workingDirectory)
    {
        var start = new ProcessStartInfo("bash", ["-c", script])
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(15));
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"The examples did not finish within 5 minutes:\n{await stdout}{await stderr}");
        }
        return (process.ExitCode, await stdout + await stderr);
    }
}
