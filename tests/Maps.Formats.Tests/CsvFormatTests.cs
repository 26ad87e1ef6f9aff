using System.Globalization;
using System.Text;
using System.Text.Json;
using Maps.Core.Import;
using Maps.Formats.Tests.Support;

namespace Maps.Formats.Tests;

public sealed class CsvFormatTests
{
    private static readonly CsvFormat Format = new();

    private static Task<List<ReadFeature>> ReadAsync(string csv, string? crs = null, int chunk = 4096) =>
        Upload.ReadAsync(Format, Encoding.UTF8.GetBytes(csv), crs: crs, chunk: chunk);

    [Theory]
    [InlineData(',', 4096)]
    [InlineData(';', 7)]
    [InlineData('\t', 1000)]
    public async Task Every_point_comes_back_with_its_id_properties_and_coordinates(char delimiter, int chunk)
    {
        var features = SampleLayer.Generate(500, seed: 11, lines: false);
        var rows = features.Select(f => new[] { f.Id, f.Name, Writers.N(f.Geometry.Coordinate.Y), f.Count.ToString(CultureInfo.InvariantCulture), Writers.N(f.Geometry.Coordinate.X), Writers.N(f.Value) });
        string csv = Writers.Csv(delimiter, rows.Prepend(["id", "name", "Latitude", "count", "LON", "value"]));

        var read = await ReadAsync(csv, chunk: chunk);

        Assert.Equal(features.Count, read.Count);
        for (int i = 0; i < features.Count; i++)
        {
            Assert.Equal(features[i].Id, read[i].Parsed.Id);
            Assert.Equal(features[i].Name, read[i].Parsed.GetString("name"));
            Assert.Equal(features[i].Count, read[i].Parsed.GetInt64("count"));
            Assert.Equal(features[i].Value, read[i].Parsed.GetDouble("value"));
            Assert.Equal(["name", "count", "value"], read[i].Properties.EnumerateObject().Select(p => p.Name));
            SampleLayer.AssertSameCoordinates(features[i].Geometry, read[i].Parsed.Geometry, 0);
        }
    }

    [Fact]
    public async Task A_wkt_column_carries_any_geometry_and_a_bad_one_rejects_only_its_row()
    {
        var features = SampleLayer.Generate(50, seed: 12);
        var writer = new NetTopologySuite.IO.WKTWriter();
        var rows = features.Select((f, i) => new[] { i == 7 ? "LINESTRING (1 2, oops)" : writer.Write(f.Geometry), f.Name });
        string csv = Writers.Csv(',', rows.Prepend(["WKT", "name"]));

        var read = await ReadAsync(csv);

        Assert.Equal(50, read.Count);
        Assert.Equal(JsonValueKind.Null, read[7].Json.GetProperty("geometry").ValueKind);
        Assert.Equal(features[7].Name, read[7].Parsed.GetString("name"));
        for (int i = 0; i < 50; i++)
        {
            Assert.Equal((i + 1).ToString(CultureInfo.InvariantCulture), read[i].Parsed.Id);
            if (i != 7)
                SampleLayer.AssertSameCoordinates(features[i].Geometry, read[i].Parsed.Geometry, 1e-9);
        }
    }

    [Fact]
    public async Task Decimal_commas_in_a_semicolon_file_are_coordinates_and_values_keep_their_text()
    {
        var read = await ReadAsync("\uFEFFnom;lat;lon;code;tel;vide;ratio\n\"Bamako; relais\";12,6392;-8,0029;007;+223 20;;1.5e3\n");

        var feature = Assert.Single(read);
        Assert.Equal(-8.0029, feature.Parsed.Geometry!.Coordinate.X);
        Assert.Equal(12.6392, feature.Parsed.Geometry.Coordinate.Y);
        Assert.Equal("Bamako; relais", feature.Parsed.GetString("nom"));
        Assert.Equal(JsonValueKind.String, feature.Properties.GetProperty("code").ValueKind);
        Assert.Equal("007", feature.Properties.GetProperty("code").GetString());
        Assert.Equal("+223 20", feature.Properties.GetProperty("tel").GetString());
        Assert.Equal(JsonValueKind.Null, feature.Properties.GetProperty("vide").ValueKind);
        Assert.Equal(1500, feature.Properties.GetProperty("ratio").GetDouble());
    }

    [Fact]
    public async Task A_row_without_a_usable_position_is_handed_on_without_geometry()
    {
        var read = await ReadAsync("id,lat,lon\na,1,2\nb,,2\nc,north,2\n");

        Assert.Equal(["a", "b", "c"], read.Select(f => f.Parsed.Id));
        Assert.NotNull(read[0].Parsed.Geometry);
        Assert.Equal("missing geometry", read[1].Parsed.GeometryError);
        Assert.Equal("missing geometry", read[2].Parsed.GeometryError);
    }

    [Fact]
    public async Task The_crs_option_flags_web_mercator_metres()
    {
        var read = await ReadAsync("x,y\n1000000,2000000\n", crs: "EPSG:3857");

        var feature = Assert.Single(read);
        Assert.Equal(SourceCrs.WebMercator, feature.Crs);
        // gdaltransform -s_srs EPSG:3857 -t_srs OGC:CRS84: 8.98315284119521 17.6789142383357
        Assert.Equal(8.98315284119521, feature.Parsed.Geometry!.Coordinate.X, 1e-9);
        Assert.Equal(17.6789142383357, feature.Parsed.Geometry.Coordinate.Y, 1e-9);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("\r\n\r\n", "empty")]
    [InlineData("name,city\nx,y\n", "no longitude and latitude columns")]
    [InlineData("lat,name\n1,x\n", "no longitude and latitude columns")]
    [InlineData("id,lat,lon,name\na,1,2,\"never closed\nb,3,4,x\n", "never closed")]
    public async Task File_level_problems_are_refused_with_what_is_wrong(string csv, string expected)
    {
        var e = await Upload.RefusedAsync(Format, Encoding.UTF8.GetBytes(csv));

        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public async Task A_quote_never_closed_in_a_large_file_is_refused_without_reading_it_all_into_one_field()
    {
        var body = new GeneratedStream("id,lat,lon,name\na,1,2,\"open\n", 3_000_000, i => $"b{i:D7},3,4,x\n"); // 48 MB
        string temp = Path.GetTempPath();

        var e = await Assert.ThrowsAsync<ImportFileException>(() =>
            Format.ReadAsync(body, new UploadReadOptions("upload", temp), new UploadSink((_, _, _) => { }, _ => ValueTask.CompletedTask)));

        Assert.True(body.Produced < CsvFormat.MaxRecordBytes + (8 << 20), $"{body.Produced} bytes read before the refusal");
        Assert.Contains("CSV", e.Message);
    }

    [Fact]
    public async Task Text_that_is_not_utf8_is_refused()
    {
        byte[] body = [.. "id,lat,lon,name\na,1,2,"u8, 0xC3, 0x28, (byte)'\n'];

        var e = await Upload.RefusedAsync(Format, body);

        Assert.Contains("not UTF-8", e.Message);
    }

    [Fact]
    public async Task An_unknown_crs_option_is_refused_by_name()
    {
        var e = await Upload.RefusedAsync(Format, "lat,lon\n1,2\n"u8.ToArray(), crs: "EPSG:32632");

        Assert.Contains("EPSG:32632", e.Message);
    }
}
