using System.Globalization;
using Maps.Core.Import;
using Maps.Formats.Tests.Support;
using NetTopologySuite.Geometries;

namespace Maps.Formats.Tests;

public sealed class GeoPackageFormatTests
{
    private static readonly GeoPackageFormat Format = new();
    private static readonly GeometryFactory Factory = new(new PrecisionModel(), 32632);

    [Fact]
    public async Task Every_feature_comes_back_with_its_id_properties_and_coordinates()
    {
        var features = SampleLayer.Generate(500, seed: 21);
        byte[] gpkg = Writers.GeoPackage(Writers.Srs.Wgs84, ("backbone", features));

        var read = await Upload.ReadAsync(Format, gpkg);

        Assert.Equal(features.Count, read.Count);
        for (int i = 0; i < features.Count; i++)
        {
            Assert.Equal(SourceCrs.LonLat, read[i].Crs);
            Assert.Equal((i + 1).ToString(CultureInfo.InvariantCulture), read[i].Parsed.Id);
            Assert.Equal(features[i].Name, read[i].Parsed.GetString("name"));
            Assert.Equal(features[i].Count, read[i].Parsed.GetInt64("count"));
            Assert.Equal(features[i].Value, read[i].Parsed.GetDouble("value"));
            SampleLayer.AssertSameCoordinates(features[i].Geometry, read[i].Parsed.Geometry, 1e-9);
        }
    }

    [Fact]
    public async Task The_layer_option_picks_a_table_and_an_unknown_one_is_refused_with_the_list()
    {
        byte[] gpkg = Writers.GeoPackage(Writers.Srs.Wgs84, ("cables", SampleLayer.Generate(3, seed: 1)), ("towers", SampleLayer.Generate(5, seed: 2)));

        Assert.Equal(3, (await Upload.ReadAsync(Format, gpkg)).Count);
        Assert.Equal(5, (await Upload.ReadAsync(Format, gpkg, layer: "Towers")).Count);
        var e = await Upload.RefusedAsync(Format, gpkg, layer: "ducts");
        Assert.Contains("no layer 'ducts'", e.Message);
        Assert.Contains("cables, towers", e.Message);
    }

    /// <summary>Control points in EPSG:32632 and their lon/lat by GDAL 3.6: <c>gdaltransform -s_srs EPSG:32632 -t_srs OGC:CRS84</c>.</summary>
    public static readonly TheoryData<double, double, double, double> Utm32ControlPoints = new()
    {
        { 691875.632, 5336720.123, 11.580034759655, 48.154755078999 },
        { 500000, 0, 9, 0 },
        { 300000, 6000000, 5.940406316644, 54.109206447639 },
        { 833978.556, 7000000, 15.596544101101, 62.975385231506 },
        { 166021.443, 1000000, 5.962533866588, 9.033980460056 },
    };

    [Theory]
    [MemberData(nameof(Utm32ControlPoints))]
    public async Task A_utm_layer_is_transformed_to_lon_lat(double easting, double northing, double lon, double lat)
    {
        var point = new SampleFeature("p", Factory.CreatePoint(new Coordinate(easting, northing)), "pop", 1, 2);
        byte[] gpkg = Writers.GeoPackage(Writers.Srs.Utm32, ("backbone", [point]));

        var feature = Assert.Single(await Upload.ReadAsync(Format, gpkg));

        Assert.Equal(SourceCrs.LonLat, feature.Crs);
        Assert.Equal(lon, feature.Parsed.Geometry!.Coordinate.X, 1e-6);
        Assert.Equal(lat, feature.Parsed.Geometry.Coordinate.Y, 1e-6);
    }

    [Fact]
    public async Task A_web_mercator_layer_is_flagged_for_the_publisher()
    {
        var point = new SampleFeature("p", Factory.CreatePoint(new Coordinate(1000000, 2000000)), "pop", 1, 2);
        byte[] gpkg = Writers.GeoPackage(new Writers.Srs(3857, "EPSG", 3857, "PROJCS[\"WGS 84 / Pseudo-Mercator\"]"), ("backbone", [point]));

        var feature = Assert.Single(await Upload.ReadAsync(Format, gpkg));

        Assert.Equal(SourceCrs.WebMercator, feature.Crs);
        Assert.Equal(8.98315284119521, feature.Parsed.Geometry!.Coordinate.X, 1e-9);
        Assert.Equal(17.6789142383357, feature.Parsed.Geometry.Coordinate.Y, 1e-9);
    }

    [Fact]
    public async Task A_file_written_by_gdal_in_utm_comes_back_where_it_started()
    {
        // Data/utm32-gdal.gpkg: ogr2ogr -f GPKG -t_srs EPSG:32632 -nln backbone from these lon/lat features.
        var read = await Upload.ReadAsync(Format, File.ReadAllBytes(Path.Combine("Data", "utm32-gdal.gpkg")));

        Assert.Equal(["1", "2", "3"], read.Select(f => f.Parsed.Id));
        Assert.Equal(["Munich PoP", "Genoa landing", "Ringleitung Süd"], read.Select(f => f.Parsed.GetString("name")));
        Assert.Equal([100L, 40L, 10L], read.Select(f => f.Parsed.GetInt64("capacity")!.Value));
        SampleLayer.AssertSameCoordinates(new GeometryFactory().CreatePoint(new Coordinate(11.58, 48.15)), read[0].Parsed.Geometry, 1e-6);
        SampleLayer.AssertSameCoordinates(new GeometryFactory().CreatePoint(new Coordinate(9.0, 44.4)), read[1].Parsed.Geometry, 1e-6);
        SampleLayer.AssertSameCoordinates(new GeometryFactory().CreateLineString([new(7.5, 50.1), new(8.25, 49.9), new(9.1, 49.4)]), read[2].Parsed.Geometry, 1e-6);
    }

    [Theory]
    [InlineData("undefined", "EPSG:27700")]
    [InlineData("PROJCS[\"British National Grid\",GEOGCS[\"OSGB", "EPSG:27700")]
    [InlineData("LOCAL_CS[\"site grid\"]", "EPSG:27700")]
    public async Task A_crs_that_cannot_be_transformed_is_refused_by_name(string definition, string expected)
    {
        var point = new SampleFeature("p", Factory.CreatePoint(new Coordinate(530000, 180000)), "pop", 1, 2);
        byte[] gpkg = Writers.GeoPackage(new Writers.Srs(27700, "EPSG", 27700, definition), ("backbone", [point]));

        var e = await Upload.RefusedAsync(Format, gpkg);

        Assert.Contains(expected, e.Message);
        Assert.Contains("cannot be transformed", e.Message);
    }

    [Fact]
    public async Task The_undefined_cartesian_crs_is_refused()
    {
        var point = new SampleFeature("p", Factory.CreatePoint(new Coordinate(1, 2)), "pop", 1, 2);
        byte[] gpkg = Writers.GeoPackage(new Writers.Srs(-1, "NONE", -1, "undefined"), ("backbone", [point]));

        var e = await Upload.RefusedAsync(Format, gpkg);

        Assert.Contains("undefined Cartesian", e.Message);
    }

    [Fact]
    public async Task A_geometry_blob_that_cannot_be_read_rejects_only_its_feature()
    {
        var features = SampleLayer.Generate(3, seed: 22);
        byte[] gpkg = Writers.GeoPackage(Writers.Srs.Wgs84, ("backbone", features));
        gpkg = WithBlob(gpkg, fid: 2, [0x47, 0x50, 0x00, 0x01, 0xFF, 0xFF]);

        var read = await Upload.ReadAsync(Format, gpkg);

        Assert.Equal(3, read.Count);
        Assert.Null(read[1].Parsed.Geometry);
        Assert.NotNull(read[0].Parsed.Geometry);
        Assert.NotNull(read[2].Parsed.Geometry);
    }

    [Fact]
    public async Task A_geometry_column_the_table_does_not_have_is_refused()
    {
        byte[] gpkg = Edit(Writers.GeoPackage(Writers.Srs.Wgs84, ("backbone", SampleLayer.Generate(3, seed: 24))),
            "UPDATE gpkg_geometry_columns SET column_name = 'shape'");

        var e = await Upload.RefusedAsync(Format, gpkg);

        Assert.Contains("no column 'shape'", e.Message);
    }

    [Fact]
    public async Task Random_bytes_are_not_a_geopackage()
    {
        var bytes = new byte[4096];
        new Random(5).NextBytes(bytes);

        var e = await Upload.RefusedAsync(Format, bytes);

        Assert.Contains("not an SQLite database", e.Message);
    }

    [Fact]
    public async Task An_sqlite_database_without_gpkg_tables_is_not_a_geopackage()
    {
        var e = await Upload.RefusedAsync(Format, Writers.PlainSqlite());

        Assert.Contains("no gpkg_contents", e.Message);
    }

    [Fact]
    public async Task A_truncated_geopackage_is_refused()
    {
        byte[] gpkg = Writers.GeoPackage(Writers.Srs.Wgs84, ("backbone", SampleLayer.Generate(2000, seed: 23)));

        foreach (int length in new[] { 10, 100, 4096, gpkg.Length / 3, gpkg.Length / 2 })
            await Upload.RefusedAsync(Format, gpkg[..length]);
    }

    [Fact]
    public async Task An_empty_body_is_refused() =>
        Assert.Contains("not an SQLite database", (await Upload.RefusedAsync(Format, [])).Message);

    private static byte[] WithBlob(byte[] gpkg, long fid, byte[] blob) =>
        Edit(gpkg, "UPDATE backbone SET geom = $g WHERE fid = $f", ("$g", blob), ("$f", fid));

    private static byte[] Edit(byte[] gpkg, string sql, params (string Name, object Value)[] parameters)
    {
        string path = Path.Combine(Path.GetTempPath(), $"edit-{Guid.NewGuid():N}.gpkg");
        try
        {
            File.WriteAllBytes(path, gpkg);
            using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=False"))
            {
                connection.Open();
                Writers.Execute(connection, sql, parameters);
            }
            return File.ReadAllBytes(path);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
