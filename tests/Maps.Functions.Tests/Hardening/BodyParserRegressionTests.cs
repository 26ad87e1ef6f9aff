using System.Text;
using Maps.Core.Import;
using Maps.Functions.Analysis;
using Maps.Functions.Tests.Fuzz;
using Maps.Formats;

namespace Maps.Functions.Tests.Hardening;

/// <summary>Bugs the parser fuzz found, and the limits on hostile bodies, one test each.</summary>
public sealed class BodyParserRegressionTests
{
    private static readonly byte[] Bom = [0xEF, 0xBB, 0xBF];

    [Fact]
    public void GeoJson_body_with_a_BOM_arriving_a_byte_at_a_time_is_read()
    {
        var body = Bom.Concat("{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\"}]}"u8.ToArray()).ToArray();

        string read = BodyParserFuzzTests.ReadGeoJson(new FuzzBodies.ChunkedStream(body, 1));

        Assert.Equal("{\"type\":\"Feature\"}\n", read);
    }

    [Fact]
    public void GeoJson_member_named_with_a_lone_surrogate_is_refused_not_thrown()
    {
        var body = "{\"\\ud800\":1,\"type\":\"\\ud800\",\"features\":[]}"u8.ToArray();

        string read = BodyParserFuzzTests.ReadGeoJson(new MemoryStream(body));

        Assert.Contains("refused: The GeoJSON body is refused: a string is not valid text", read);
    }

    [Fact]
    public void Csv_delimiter_does_not_depend_on_how_a_quoted_multiline_header_arrives()
    {
        var body = "\"la\nt\";lon;x\n1;2;3\n"u8.ToArray();

        string whole = BodyParserFuzzTests.ReadCsv(new MemoryStream(body));
        string pieces = BodyParserFuzzTests.ReadCsv(new FuzzBodies.ChunkedStream(body, 2));

        Assert.StartsWith(";|", whole);
        Assert.Equal(whole, pieces);
    }

    [Fact]
    public void Csv_BOM_bytes_after_the_first_record_are_data_not_a_BOM()
    {
        var body = "a\n"u8.ToArray().Concat(Bom).Concat("b\n"u8.ToArray()).ToArray();

        string whole = BodyParserFuzzTests.ReadCsv(new MemoryStream(body));
        string pieces = BodyParserFuzzTests.ReadCsv(new FuzzBodies.ChunkedStream(body, 2));

        Assert.Contains("2:EFBBBF62", whole);
        Assert.Equal(whole, pieces);
    }

    [Fact]
    public async Task GeoJson_nested_ten_thousand_deep_is_refused_naming_the_depth_limit()
    {
        var body = Encoding.UTF8.GetBytes("{\"type\":\"FeatureCollection\",\"features\":[" + new string('[', 10_000) + new string(']', 10_000) + "]}");
        using var reader = GeoJsonBody.Open(new MemoryStream(body));

        var e = await Assert.ThrowsAsync<MalformedBodyException>(async () => await reader.ReadAsync(default));

        Assert.Contains($"deeper than {FeatureCollectionStream.MaxDepth} levels", e.Message);
    }

    [Fact]
    public async Task Upload_nested_ten_thousand_deep_is_refused_naming_the_same_depth_limit()
    {
        var body = Encoding.UTF8.GetBytes("{\"type\":\"FeatureCollection\",\"features\":[" + new string('[', 10_000) + new string(']', 10_000) + "]}");

        var e = await Assert.ThrowsAsync<ImportFileException>(() =>
            new GeoJsonFormat().ReadAsync(new MemoryStream(body), new UploadReadOptions("upload.geojson", Path.GetTempPath()),
                new UploadSink((_, _, _) => { }, _ => ValueTask.CompletedTask)));

        Assert.Contains($"deeper than {FeatureCollectionStream.MaxDepth} levels", e.Message);
    }

    [Fact]
    public void Csv_field_of_one_megabyte_is_read_whole()
    {
        string big = new('x', 1 << 20);
        var body = Encoding.UTF8.GetBytes($"name,lat,lon\n\"{big}\",1,2\n");

        string read = BodyParserFuzzTests.ReadCsv(new FuzzBodies.ChunkedStream(body, 4096));

        Assert.Contains("[" + big + "+]", read);
        Assert.Contains("[1+1]", read);
    }
}
