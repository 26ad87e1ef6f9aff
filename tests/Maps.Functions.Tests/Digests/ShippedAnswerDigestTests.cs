using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Maps.Functions.Tests.Digests;

/// <summary>
/// The answers on the shipped layers are those recorded in <c>shipped-answers.json</c>, which was
/// written by the code that served the layers as GeoJSON, before they became layer files: a change
/// of storage must not change an answer. <c>MAPS_WRITE_DIGESTS=1</c> records them anew (only when an
/// answer is meant to change, and the commit says why).
/// </summary>
public sealed class ShippedAnswerDigestTests(ShippedApiFactory factory) : IClassFixture<ShippedApiFactory>
{
    private static readonly string RecordPath = Path.Combine(Processes.MaliSchools.RepoRoot, "tests", "Maps.Functions.Tests", "Digests", "shipped-answers.json");

    [Fact]
    public async Task Every_answer_on_the_shipped_layers_is_as_recorded()
    {
        using var client = factory.CreateClient();

        var digests = await ShippedAnswers.DigestAsync(client);

        if (Environment.GetEnvironmentVariable("MAPS_WRITE_DIGESTS") == "1")
            await File.WriteAllTextAsync(RecordPath, JsonSerializer.Serialize(digests, new JsonSerializerOptions { WriteIndented = true }) + "\n");
        var recorded = JsonSerializer.Deserialize<SortedDictionary<string, string>>(await File.ReadAllTextAsync(RecordPath))!;
        var missing = recorded.Keys.Except(digests.Keys).ToArray();
        var added = digests.Keys.Except(recorded.Keys).ToArray();
        var changed = digests.Keys.Intersect(recorded.Keys).Where(k => digests[k] != recorded[k]).ToArray();
        Assert.True(missing.Length + added.Length + changed.Length == 0,
            $"{changed.Length} of {recorded.Count} answers changed, {missing.Length} not asked, {added.Length} new. Changed: "
            + string.Join("; ", changed.Take(20)) + (missing.Length > 0 ? " Missing: " + string.Join("; ", missing.Take(10)) : "")
            + (added.Length > 0 ? " New: " + string.Join("; ", added.Take(10)) : ""));
        Assert.True(recorded.Count > 1000, $"Only {recorded.Count} answers recorded.");
    }
}

/// <summary>The handler over the repository's shipped layers (<c>data/layers</c>), with an empty local store.</summary>
public sealed class ShippedApiFactory : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Maps:DataDirectory", Path.Combine(Processes.MaliSchools.RepoRoot, "data", "layers"));
        builder.UseSetting("Maps:LocalStore:Directory", Path.Combine(Path.GetTempPath(), "maps-no-store-" + Guid.NewGuid().ToString("N")));
        builder.UseSetting("Maps:Jobs:Directory", Path.Combine(Path.GetTempPath(), "maps-jobs-" + Guid.NewGuid().ToString("N")));
        builder.UseEnvironment("Production");
    }
}
