using System.Diagnostics;
using Maps.Core.Layers;
using Maps.Import.Sources;
using Xunit.Abstractions;

namespace Maps.Import.Tests;

public sealed class ReproducibilityTests(ITestOutputHelper output)
{
    [Fact]
    public void Committed_layers_equal_byte_for_byte_what_the_import_produces_from_the_committed_sources()
    {
        string temp = TestPaths.NewTempDirectory();
        try
        {
            var stopwatch = Stopwatch.StartNew();
            var result = Importer.Run(TestPaths.Sources, temp);
            output.WriteLine($"import took {stopwatch.ElapsedMilliseconds} ms");
            foreach (var layer in result.Layers)
                output.WriteLine(layer.ToString());

            var expected = Directory.GetFiles(TestPaths.Layers).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray();
            var actual = Directory.GetFiles(temp).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray();
            Assert.Equal(expected, actual);
            foreach (string? name in actual)
                Assert.True(
                    File.ReadAllBytes(Path.Combine(TestPaths.Layers, name!)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(temp, name!))),
                    $"data/layers/{name} differs from a fresh import: run `dotnet run --project functions/Maps.Import` and commit the result.");
        }
        finally
        {
            Directory.Delete(temp, recursive: true);
        }
    }

    [Theory]
    [InlineData("kenya-schools.csv", "schools", "id,name,lat,lon,level,county,country", 37_930)]
    [InlineData("mali-schools.csv", "mali-schools", "id,name,lat,lon,level,region,country", 10_151)]
    public void Committed_planner_sample_equals_what_the_import_writes_from_its_layer(string fileName, string layer, string header, int rows)
    {
        string temp = TestPaths.NewTempDirectory();
        try
        {
            var sample = Assert.Single(PlannerSample.FromLayers, s => s.FileName == fileName);
            Assert.Equal(layer, sample.Layer);
            string written = PlannerSample.Write(TestPaths.Layers, temp, sample);

            string committed = Path.Combine(TestPaths.Layers, "..", "samples", fileName);
            Assert.True(File.ReadAllBytes(committed).AsSpan().SequenceEqual(File.ReadAllBytes(written)),
                $"data/samples/{fileName} differs from the {layer} layer: re-run the import and commit the result.");
            var lines = File.ReadAllLines(written);
            Assert.Equal(header, lines[0]);
            Assert.Equal(rows, lines.Length - 1);
        }
        finally
        {
            Directory.Delete(temp, recursive: true);
        }
    }

    [Fact]
    public void The_import_writes_every_layer_sample_and_nothing_else_from_the_layers()
    {
        string temp = TestPaths.NewTempDirectory();
        try
        {
            var written = PlannerSample.WriteAll(TestPaths.Layers, temp);

            Assert.Equal(["kenya-schools.csv", "mali-schools.csv"], written.Select(Path.GetFileName));
            Assert.Equal(["kenya-schools.csv", "mali-schools.csv"], Directory.GetFiles(temp).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        }
        finally
        {
            Directory.Delete(temp, recursive: true);
        }
    }

    [Fact]
    public void Committed_Giga_samples_are_the_Giga_source_files_byte_for_byte_as_the_import_copies_them()
    {
        string temp = TestPaths.NewTempDirectory();
        try
        {
            var written = PlannerSample.CopyGigaSchools(TestPaths.Sources, temp);

            Assert.Equal(["giga-schools-KEN.csv", "giga-schools-ZAF.csv", "giga-schools-BIH.csv"], written.Select(Path.GetFileName));
            foreach (var (file, copy) in GigaSchools.Files.Zip(written))
            {
                byte[] source = File.ReadAllBytes(Path.Combine(TestPaths.Sources, file));
                string committed = Path.Combine(TestPaths.Layers, "..", "samples", Path.GetFileName(copy));
                Assert.True(source.AsSpan().SequenceEqual(File.ReadAllBytes(copy)), $"{copy} differs from {file}");
                Assert.True(source.AsSpan().SequenceEqual(File.ReadAllBytes(committed)),
                    $"data/samples/{Path.GetFileName(copy)} differs from data/sources/{file}: re-run the import and commit the result.");
            }
        }
        finally
        {
            Directory.Delete(temp, recursive: true);
        }
    }

    [Fact]
    public void Every_shipped_layer_loads_with_the_api_reader_and_reports_its_load_time()
    {
        var cold = Stopwatch.StartNew();
        DirectoryLayerCatalog.ReadDirectory(TestPaths.Layers); // first call: includes JIT
        cold.Stop();
        var stopwatch = Stopwatch.StartNew();
        var layers = DirectoryLayerCatalog.ReadDirectory(TestPaths.Layers);
        stopwatch.Stop();

        // Reported, not asserted: timings on a shared 2-core machine are noisy.
        output.WriteLine($"ReadDirectory(data/layers): {layers.Count} layers, {layers.Sum(l => l.Count)} features: "
            + $"first call {cold.ElapsedMilliseconds} ms, second call {stopwatch.ElapsedMilliseconds} ms");
        Assert.Equal(
            ["earth-stations", "fibre-links", "giga-schools", "ixps", "landing-points", "mali-schools", "microwave-links", "population", "schools", "smart-cables", "submarine-cables", "transmission-nodes"],
            layers.Select(l => l.Id));
        Assert.All(layers, l => Assert.True(l.Count > 0));
        Assert.All(layers, l => l.File.Verify());
    }
}
