using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Maps.EndToEnd.Tests.Support;

namespace Maps.EndToEnd.Tests;

/// <summary>
/// GDAL's OGC API – Features client (the OAPIF driver of Debian's gdal-bin) against the real
/// process (standalone, and under the Functions host) serving the shipped layers.
/// </summary>
public abstract partial class GdalOapifTests(ApiProcess handler) : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("maps-gdal-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    private string Source => "OAPIF:" + handler.ApiRoot;

    [Fact]
    public async Task Ogrinfo_lists_every_shipped_collection()
    {
        var shipped = Directory.GetFiles(RepoPaths.Layers, "*.fgb")
            .Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal).ToArray();

        string output = await Gdal.RunAsync("ogrinfo", "-ro", "-q", Source);

        var listed = LayerLine().Matches(output).Select(m => m.Groups[1].Value).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(shipped, listed);
        Assert.NotEmpty(shipped);
    }

    [Theory]
    [InlineData("fibre-links")]
    [InlineData("transmission-nodes")]
    [InlineData("landing-points")]
    [InlineData("earth-stations")]
    [InlineData("population")]
    [InlineData("schools")]
    public async Task Ogr2ogr_copies_a_whole_collection_in_pages_of_37(string collection)
    {
        int expected = await NumberOfFeaturesAsync(collection);
        string output = Path.Combine(_work, collection + ".geojson");

        await Gdal.RunAsync("ogr2ogr", "-f", "GeoJSON", output, Source, collection, "-oo", "PAGE_SIZE=37");

        using var copy = JsonDocument.Parse(await File.ReadAllTextAsync(output));
        var ids = copy.RootElement.GetProperty("features").EnumerateArray()
            .Select(f => f.GetProperty("properties").GetProperty("id").GetString()).ToArray();
        Assert.Equal(expected, ids.Length);
        Assert.Equal(ids.Length, ids.Distinct().Count());
        Assert.True(expected > 37, "the collection should need several pages");
    }

    [Theory]
    [InlineData("fibre-links", -5.0, 5.0, 0.0, 10.0)]
    [InlineData("fibre-links", 2.5, 6.0, 9.0, 13.0)]
    [InlineData("transmission-nodes", -17.5, 12.0, -12.0, 16.0)]
    public async Task A_spatial_filter_gives_the_count_gdal_finds_in_the_full_download(string collection, double west, double south, double east, double north)
    {
        string full = Path.Combine(_work, collection + "-full.geojson");
        using (var client = new HttpClient())
            await File.WriteAllBytesAsync(full, await client.GetByteArrayAsync($"{handler.ApiRoot}/collections/{collection}/items?limit=10000"));
        string[] spat = ["-spat", .. new[] { west, south, east, north }.Select(v => v.ToString(CultureInfo.InvariantCulture))];

        int local = FeatureCount(await Gdal.RunAsync("ogrinfo", ["-ro", "-so", "-al", full, .. spat]));
        int remote = await CountFeaturesAsync(collection, spat);

        Assert.Equal(local, remote);
        Assert.True(local > 0, "the box should hold features");
    }

    /// <summary>Counts features GDAL reads through OAPIF with the filter (ogr2ogr to a file, then count), not the server's own count.</summary>
    private async Task<int> CountFeaturesAsync(string collection, string[] spat)
    {
        string output = Path.Combine(_work, collection + "-spat.geojson");
        File.Delete(output);
        await Gdal.RunAsync("ogr2ogr", ["-f", "GeoJSON", output, Source, collection, "-oo", "PAGE_SIZE=50", .. spat]);
        using var doc = JsonDocument.Parse(await File.ReadAllTextAsync(output));
        return doc.RootElement.GetProperty("features").GetArrayLength();
    }

    private async Task<int> NumberOfFeaturesAsync(string collection)
    {
        using var client = new HttpClient();
        var doc = await client.GetFromJsonAsync<JsonElement>($"{handler.ApiRoot}/collections/{collection}");
        return doc.GetProperty("numberOfFeatures").GetInt32();
    }

    private static int FeatureCount(string ogrinfoOutput) =>
        int.Parse(FeatureCountLine().Match(ogrinfoOutput).Groups[1].Value, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^\d+: ([^\s]+)", RegexOptions.Multiline)]
    private static partial Regex LayerLine();

    [GeneratedRegex(@"Feature Count: (\d+)")]
    private static partial Regex FeatureCountLine();
}

[Collection(ShippedCollection.Name)]
public sealed class GdalOapifStandaloneTests(ShippedApis apis) : GdalOapifTests(apis.Standalone);

[Collection(ShippedCollection.Name)]
public sealed class GdalOapifFunctionsHostTests(ShippedApis apis) : GdalOapifTests(apis.Host);
