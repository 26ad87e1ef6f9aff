using System.Globalization;
using Maps.Core.Import;
using Maps.Formats.Tests.Support;
using NetTopologySuite.Geometries;

namespace Maps.Formats.Tests;

public sealed class ShapefileFormatTests
{
    private static readonly ShapefileFormat Format = new();
    private static readonly GeometryFactory Factory = new(new PrecisionModel(), 0);

    [Theory]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public async Task Every_feature_comes_back_with_its_id_attributes_and_coordinates(bool points, bool lines)
    {
        var features = SampleLayer.Generate(500, seed: 31, points, lines);
        byte[] zip = Writers.ShapefileZip(features, Writers.Wgs84EsriWkt, folder: "export");

        var read = await Upload.ReadAsync(Format, zip);

        Assert.Equal(features.Count, read.Count);
        for (int i = 0; i < features.Count; i++)
        {
            Assert.Equal(SourceCrs.LonLat, read[i].Crs);
            Assert.Equal(features[i].Id, read[i].Parsed.Id);
            Assert.Equal(features[i].Name, read[i].Parsed.GetString("name"));
            Assert.Equal(features[i].Count, read[i].Parsed.GetInt64("count"));
            Assert.Equal(features[i].Value, read[i].Parsed.GetDouble("value")!.Value, 1e-9);
            Assert.False(read[i].Properties.TryGetProperty("id", out _));
            SampleLayer.AssertSameCoordinates(features[i].Geometry, read[i].Parsed.Geometry, 1e-9);
        }
    }

    [Fact]
    public async Task Without_an_id_attribute_the_record_number_is_the_id()
    {
        byte[] zip = Writers.ShapefileZip(SampleLayer.Generate(4, seed: 32, lines: false), Writers.Wgs84EsriWkt, withId: false);

        var read = await Upload.ReadAsync(Format, zip);

        Assert.Equal(["1", "2", "3", "4"], read.Select(f => f.Parsed.Id));
    }

    [Theory]
    [MemberData(nameof(GeoPackageFormatTests.Utm32ControlPoints), MemberType = typeof(GeoPackageFormatTests))]
    public async Task A_utm_layer_is_transformed_to_lon_lat(double easting, double northing, double lon, double lat)
    {
        var point = new SampleFeature("p", Factory.CreatePoint(new Coordinate(easting, northing)), "pop", 1, 2);

        var feature = Assert.Single(await Upload.ReadAsync(Format, Writers.ShapefileZip([point], Writers.Utm32EsriWkt)));

        Assert.Equal(SourceCrs.LonLat, feature.Crs);
        Assert.Equal(lon, feature.Parsed.Geometry!.Coordinate.X, 1e-6);
        Assert.Equal(lat, feature.Parsed.Geometry.Coordinate.Y, 1e-6);
    }

    [Fact]
    public async Task A_web_mercator_prj_is_flagged_for_the_publisher()
    {
        var point = new SampleFeature("p", Factory.CreatePoint(new Coordinate(-20000000, -15000000)), "pop", 1, 2);

        var feature = Assert.Single(await Upload.ReadAsync(Format, Writers.ShapefileZip([point], Writers.WebMercatorEsriWkt)));

        Assert.Equal(SourceCrs.WebMercator, feature.Crs);
        // gdaltransform -s_srs EPSG:3857 -t_srs OGC:CRS84
        Assert.Equal(-179.663056823904, feature.Parsed.Geometry!.Coordinate.X, 1e-9);
        Assert.Equal(-79.1237548350744, feature.Parsed.Geometry.Coordinate.Y, 1e-9);
    }

    [Fact]
    public async Task A_zip_written_by_gdal_in_utm_comes_back_where_it_started()
    {
        // Data/utm32-gdal.zip: ogr2ogr -f "ESRI Shapefile" -t_srs EPSG:32632 -lco ENCODING=UTF-8, zipped in a folder.
        var read = await Upload.ReadAsync(Format, File.ReadAllBytes(Path.Combine("Data", "utm32-gdal.zip")));

        Assert.Equal(["Munich PoP", "Genoa landing"], read.Select(f => f.Parsed.GetString("name")));
        Assert.Equal([100L, 40L], read.Select(f => f.Parsed.GetInt64("capacity")!.Value));
        Assert.Equal(11.58, read[0].Parsed.Geometry!.Coordinate.X, 1e-6);
        Assert.Equal(48.15, read[0].Parsed.Geometry!.Coordinate.Y, 1e-6);
        Assert.Equal(9.0, read[1].Parsed.Geometry!.Coordinate.X, 1e-6);
        Assert.Equal(44.4, read[1].Parsed.Geometry!.Coordinate.Y, 1e-6);
    }

    [Fact]
    public async Task The_layer_option_picks_a_shp_and_an_unknown_one_is_refused_with_the_list()
    {
        var cables = Unzip(Writers.ShapefileZip(SampleLayer.Generate(3, seed: 1, points: false), Writers.Wgs84EsriWkt, layer: "cables"));
        var towers = Unzip(Writers.ShapefileZip(SampleLayer.Generate(5, seed: 2, lines: false), Writers.Wgs84EsriWkt, layer: "towers"));
        byte[] zip = Writers.Zip([.. cables, .. towers]);

        Assert.Equal(3, (await Upload.ReadAsync(Format, zip)).Count);
        Assert.Equal(5, (await Upload.ReadAsync(Format, zip, layer: "TOWERS")).Count);
        var e = await Upload.RefusedAsync(Format, zip, layer: "ducts");
        Assert.Contains("no layer 'ducts'", e.Message);
        Assert.Contains("cables, towers", e.Message);
    }

    [Fact]
    public async Task A_shapefile_without_a_prj_is_refused_because_its_crs_is_unknown()
    {
        var e = await Upload.RefusedAsync(Format, Writers.ShapefileZip(SampleLayer.Generate(2, seed: 3, lines: false), prj: null));

        Assert.Contains("no layer.prj", e.Message);
        Assert.Contains("CRS is unknown", e.Message);
    }

    [Fact]
    public async Task A_zip_without_a_shp_is_refused()
    {
        var e = await Upload.RefusedAsync(Format, Writers.Zip(("readme.txt", "fibre"u8.ToArray()), ("__MACOSX/._layer.shp", [1, 2, 3])));

        Assert.Contains("the zip has no .shp", e.Message);
    }

    [Fact]
    public async Task A_shp_without_its_dbf_is_refused()
    {
        var entries = Unzip(Writers.ShapefileZip(SampleLayer.Generate(2, seed: 3, lines: false), Writers.Wgs84EsriWkt)).Where(e => !e.Name.EndsWith(".dbf")).ToArray();

        var e = await Upload.RefusedAsync(Format, Writers.Zip(entries));

        Assert.Contains("no layer.dbf", e.Message);
    }

    [Theory]
    [InlineData("PROJCS[\"OSGB 1936 / British National Grid\",GEOGCS[\"GCS_OSGB_1936\"")]
    [InlineData("PROJCS[\"Mystery grid\",GEOGCS[\"GCS_WGS_1984\",DATUM[\"D_WGS_1984\",SPHEROID[\"WGS_1984\",6378137.0,298.257223563]],PRIMEM[\"Greenwich\",0.0],UNIT[\"Degree\",0.0174532925199433]],PROJECTION[\"Nonexistent_Projection\"],UNIT[\"Meter\",1.0]]")]
    [InlineData("not a CRS at all")]
    public async Task A_prj_that_cannot_be_transformed_is_refused_by_name(string prj)
    {
        var point = new SampleFeature("p", Factory.CreatePoint(new Coordinate(1, 2)), "pop", 1, 2);

        var e = await Upload.RefusedAsync(Format, Writers.ShapefileZip([point], prj));

        Assert.Contains("cannot be transformed", e.Message);
        if (prj.Contains("Mystery"))
            Assert.Contains("Mystery grid", e.Message);
    }

    [Fact]
    public async Task Bytes_that_are_not_a_zip_are_refused()
    {
        var bytes = new byte[2048];
        new Random(9).NextBytes(bytes);

        var e = await Upload.RefusedAsync(Format, bytes);

        Assert.Contains("not a readable zip", e.Message);
    }

    [Fact]
    public async Task A_truncated_zip_is_refused()
    {
        byte[] zip = Writers.ShapefileZip(SampleLayer.Generate(300, seed: 4, lines: false), Writers.Wgs84EsriWkt);

        foreach (int length in new[] { 0, 22, zip.Length / 2, zip.Length - 10 })
            await Upload.RefusedAsync(Format, zip[..length]);
    }

    [Fact]
    public async Task A_truncated_shp_inside_a_whole_zip_is_refused()
    {
        var entries = Unzip(Writers.ShapefileZip(SampleLayer.Generate(300, seed: 5, points: false), Writers.Wgs84EsriWkt))
            .Select(e => e.Name.EndsWith(".shp") ? (e.Name, e.Content[..(e.Content.Length / 2)]) : e).ToArray();

        var e = await Upload.RefusedAsync(Format, Writers.Zip(entries));

        Assert.Contains("Shapefile", e.Message);
    }

    private static (string Name, byte[] Content)[] Unzip(byte[] zip)
    {
        using var archive = new System.IO.Compression.ZipArchive(new MemoryStream(zip));
        return archive.Entries.Select(e =>
        {
            using var stream = e.Open();
            using var memory = new MemoryStream();
            stream.CopyTo(memory);
            return (e.FullName, memory.ToArray());
        }).ToArray();
    }
}
