using System.Text;
using Maps.Core.Import;
using Maps.Formats.Tests.Support;

namespace Maps.Formats.Tests;

/// <summary>The one FeatureCollection reader as an upload drives it (type required, crs read).</summary>
public sealed class FeatureCollectionReaderTests
{
    private static async Task<List<(string Json, int Index, SourceCrs Crs)>> ReadAsync(string body, int chunk = 7)
    {
        var features = new List<(string, int, SourceCrs)>();
        using var reader = new FeatureCollectionStream(new TrickleStream(GeoJson.Utf8(body), chunk), message => new ImportFileException("upload", message), crsFile: "upload");
        while (await reader.ReadAsync(default))
            features.Add((Encoding.UTF8.GetString(reader.Current), reader.Index, reader.Crs));
        return features;
    }

    [Fact]
    public async Task Features_arrive_whole_and_in_order_whatever_the_read_size()
    {
        var input = GeoJson.Points(50).Append(GeoJson.LongLine("long", 20_000)).ToArray();

        var features = await ReadAsync(GeoJson.Collection(input), chunk: 13);

        Assert.Equal(input, features.Select(f => f.Json));
        Assert.Equal(Enumerable.Range(0, input.Length), features.Select(f => f.Index));
    }

    [Fact]
    public async Task Members_may_come_in_any_order_and_unknown_ones_are_skipped()
    {
        string body = "{\"features\":[" + GeoJson.Point("a", 1, 2) + "],\"bbox\":[1,2,1,2],\"name\":{\"x\":[1,2]},\"type\":\"FeatureCollection\"}";

        var features = await ReadAsync(body);

        Assert.Single(features);
    }

    [Fact]
    public async Task A_declared_web_mercator_crs_is_passed_with_each_feature()
    {
        var features = await ReadAsync(GeoJson.Collection([GeoJson.Point("a", 1000, 2000)], crs: "urn:ogc:def:crs:EPSG::3857"));

        Assert.Equal(SourceCrs.WebMercator, Assert.Single(features).Crs);
    }

    [Theory]
    [InlineData("{\"type\":\"FeatureCollection\",\"crs\":{\"type\":\"name\",\"properties\":{\"name\":\"EPSG:27700\"}},\"features\":[]}", "unsupported CRS")]
    [InlineData("{\"type\":\"Feature\",\"geometry\":null}", "not a GeoJSON FeatureCollection")]
    [InlineData("[1,2,3]", "not a GeoJSON FeatureCollection")]
    [InlineData("{\"features\":[]}", "not a GeoJSON FeatureCollection")]
    [InlineData("{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\"", "truncated")]
    [InlineData("{\"type\":\"FeatureCollection\",\"features\":[{\"type\" \"Feature\"}]}", "not valid JSON")]
    public async Task Whole_body_problems_are_reported(string body, string expected)
    {
        var e = await Assert.ThrowsAsync<ImportFileException>(() => ReadAsync(body));

        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public async Task A_projected_crs_after_the_features_is_refused()
    {
        string body = "{\"type\":\"FeatureCollection\",\"features\":[" + GeoJson.Point("a", 1, 2) + "],\"crs\":{\"type\":\"name\",\"properties\":{\"name\":\"EPSG:3857\"}}}";

        var e = await Assert.ThrowsAsync<ImportFileException>(() => ReadAsync(body));
        Assert.Contains("before 'features'", e.Message);
    }
}
