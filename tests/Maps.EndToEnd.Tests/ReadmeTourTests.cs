using Maps.EndToEnd.Tests.Support;

namespace Maps.EndToEnd.Tests;

/// <summary>
/// The README's five-minute tour, every bash block of it, run as written with bash, curl and GDAL against the app
/// started standalone on the shipped data: every command must succeed (curl <c>--fail-with-body</c>), the job's result
/// must be the synchronous profile's bytes, and the downloads must be layers GDAL reads with the features asked for.
/// </summary>
public sealed class ReadmeTourTests
{
    [Fact]
    public async Task The_tour_works_as_written()
    {
        await using var api = new StandaloneApi();
        await api.InitializeAsync();
        string work = Directory.CreateTempSubdirectory("maps-readme-tour-").FullName;
        try
        {
            Directory.CreateSymbolicLink(Path.Combine(work, "data"), Path.Combine(RepoPaths.Root, "data"));
            string tour = ReadmeManageExamplesTests.DocBlocks("README.md", "## A five-minute tour");
            Assert.Contains("processes/profile/execution", tour);
            string script = "set -e\ncurl() { command curl --fail-with-body -sS \"$@\"; echo; }\n"
                + tour.Replace("http://localhost:7071/api", api.ApiRoot, StringComparison.Ordinal);

            var (exit, output) = await ReadmeManageExamplesTests.BashAsync(script, work);

            Assert.True(exit == 0, $"The README's tour failed (exit {exit}):\n{output}\n--- app ---\n{api.Output[^Math.Min(api.Output.Length, 4000)..]}");
            Assert.Equal(File.ReadAllBytes(Path.Combine(work, "mali-profile.csv")), File.ReadAllBytes(Path.Combine(work, "mali-profile-job.csv")));
            int shipped = Maps.Core.Layers.Layer.Open(Path.Combine(RepoPaths.Layers, "fibre-links.fgb")).Count;
            Assert.Contains($"Feature Count: {shipped}", await Gdal.RunAsync("ogrinfo", "-ro", "-so", "-al", Path.Combine(work, "fibre.gpkg")));
            string extract = Assert.Single(Directory.GetFiles(work, "fibre-links*.gpkg"));
            Assert.DoesNotContain("Feature Count: 0", await Gdal.RunAsync("ogrinfo", "-ro", "-so", "-al", extract));
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }
}
