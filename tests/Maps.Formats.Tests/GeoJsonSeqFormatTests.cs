using System.Text;
using Maps.Core.Import;
using Maps.Formats.Tests.Support;

namespace Maps.Formats.Tests;

public sealed class GeoJsonSeqFormatTests
{
    private static readonly GeoJsonSeqFormat Format = new();

    private static void AssertRoundTrip(List<SampleFeature> expected, List<ReadFeature> actual, SourceCrs crs = SourceCrs.LonLat)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (int i = 0; i < expected.Count; i++)
        {
            Assert.Equal(crs, actual[i].Crs);
            Assert.Equal(expected[i].Id, actual[i].Parsed.Id);
            Assert.Equal(expected[i].Name, actual[i].Parsed.GetString("name"));
            Assert.Equal(expected[i].Count, actual[i].Parsed.GetInt64("count"));
            Assert.Equal(expected[i].Value, actual[i].Parsed.GetDouble("value"));
            SampleLayer.AssertSameCoordinates(expected[i].Geometry, actual[i].Parsed.Geometry, 0);
        }
    }

    [Theory]
    [InlineData("\u001e", "\n", 7)]
    [InlineData("", "\n", 13)]
    [InlineData("", "\r\n", 4096)]
    [InlineData("\u001e", "", 1)]
    public async Task Every_feature_comes_back_whatever_the_separators_and_read_size(string before, string after, int chunk)
    {
        var features = SampleLayer.Generate(500, seed: 3);
        string body = string.Concat(features.Select(f => before + Writers.FeatureJson(f) + after));

        var read = await Upload.ReadAsync(Format, Encoding.UTF8.GetBytes(body), chunk: chunk);

        AssertRoundTrip(features, read);
    }

    [Fact]
    public async Task A_record_separated_sequence_may_spread_a_feature_over_lines_and_start_with_a_bom()
    {
        var features = SampleLayer.Generate(20, seed: 4);
        string body = "\uFEFF\n" + string.Concat(features.Select(f => "\u001e" + Writers.FeatureJson(f).Replace(",\"", ",\n  \"") + "\n\n"));

        var read = await Upload.ReadAsync(Format, Encoding.UTF8.GetBytes(body), chunk: 5);

        AssertRoundTrip(features, read);
    }

    [Fact]
    public async Task The_crs_option_flags_web_mercator()
    {
        var features = SampleLayer.Generate(3, seed: 5, lines: false);
        string body = string.Join("\n", features.Select(Writers.FeatureJson));

        var read = await Upload.ReadAsync(Format, Encoding.UTF8.GetBytes(body), crs: "EPSG:3857");

        Assert.All(read, f => Assert.Equal(SourceCrs.WebMercator, f.Crs));
    }

    [Fact]
    public async Task An_unknown_crs_option_is_refused_by_name()
    {
        var e = await Upload.RefusedAsync(Format, "{}"u8.ToArray(), crs: "EPSG:27700");

        Assert.Contains("EPSG:27700", e.Message);
    }

    [Fact]
    public async Task A_value_that_is_not_a_feature_is_handed_on_for_the_validator()
    {
        var read = await Upload.ReadAsync(Format, "[1,2]\n{\"type\":\"Feature\",\"id\":\"a\",\"geometry\":null,\"properties\":{}}\n"u8.ToArray());

        Assert.Equal(2, read.Count);
        Assert.Equal("not a GeoJSON Feature object", read[0].Parsed.GeometryError);
        Assert.Equal("missing geometry", read[1].Parsed.GeometryError);
    }

    [Fact]
    public async Task An_empty_body_has_no_features() =>
        Assert.Empty(await Upload.ReadAsync(Format, "\n \r\n"u8.ToArray()));

    [Theory]
    [InlineData("{\"type\":\"Feature\"}\n{\"type\":\"Feature\",\"geometry\":{\"type\":\"Po", "truncated at record 2")]
    [InlineData("\u001e{\"type\":\"Feature\"}\n\u001e[1,2", "truncated at record 2")]
    [InlineData("{\"type\":\"Feature\"}\n{\"type\" \"Feature\"}\n{}\n", "record 2 is not valid JSON")]
    [InlineData("{}\n{} {}\n", "record 2 is not valid JSON")]
    [InlineData("{}\nnot json\n{}", "record 2 is not valid JSON")]
    public async Task Records_that_are_not_json_are_refused_by_number(string body, string expected)
    {
        var e = await Upload.RefusedAsync(Format, Encoding.UTF8.GetBytes(body));

        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public async Task A_record_nested_deeper_than_the_publisher_parses_is_refused()
    {
        string body = "{}\n" + new string('[', 100) + new string(']', 100) + "\n";

        var e = await Upload.RefusedAsync(Format, Encoding.UTF8.GetBytes(body));

        Assert.Contains("record 2", e.Message);
    }
}
