using System.Text;
using Maps.Core.Import;
using Maps.Import.Sources;
using NetTopologySuite.Geometries;

namespace Maps.Import.Tests;

public sealed class ValidationTests
{
    private static readonly GeometryFactory Factory = new(new PrecisionModel(), 4326);

    private static SourceCollection Parse(string geoJson) =>
        GeoJsonSourceReader.Parse(Encoding.UTF8.GetBytes(geoJson), "upload.geojson");

    private static (LayerReport Report, bool Accepted) Validate(SourceFeature feature)
    {
        var validator = new FeatureValidator(new LayerReport("test"));
        bool accepted = validator.Accept("upload.geojson", feature.Index, feature.Id, feature.Geometry, feature.GeometryError);
        return (validator.Report, accepted);
    }

    [Fact]
    public void A_NaN_coordinate_is_rejected_with_the_reason()
    {
        var validator = new FeatureValidator(new LayerReport("test"));

        bool accepted = validator.Accept("f.geojson", 3, "a", Factory.CreatePoint(new Coordinate(double.NaN, 10)));

        Assert.False(accepted);
        var rejection = Assert.Single(validator.Report.Rejections);
        Assert.Contains("not a finite number", rejection.Reason);
        Assert.Equal(3, rejection.Index);
        Assert.Equal("f.geojson: feature #3 ('a'): " + rejection.Reason, rejection.ToString());
    }

    [Fact]
    public void A_NaN_literal_in_a_file_fails_the_file_as_invalid_JSON()
    {
        var e = Assert.Throws<ImportFileException>(() => Parse("""{"type":"FeatureCollection","features":[{"type":"Feature","id":"a","geometry":{"type":"Point","coordinates":[NaN,1]},"properties":{}}]}"""));

        Assert.Contains("upload.geojson", e.Message);
        Assert.Contains("not valid JSON", e.Message);
    }

    [Fact]
    public void Latitude_95_is_rejected_as_out_of_range()
    {
        var source = Parse("""{"type":"FeatureCollection","features":[{"type":"Feature","id":"a","geometry":{"type":"Point","coordinates":[10,95]},"properties":{}}]}""");

        var (report, accepted) = Validate(source.Features[0]);

        Assert.False(accepted);
        Assert.Contains("out of range", Assert.Single(report.Rejections).Reason);
    }

    [Fact]
    public void Longitude_181_is_rejected_as_out_of_range()
    {
        var (report, accepted) = Validate(new SourceFeature(0, "a", Factory.CreatePoint(new Coordinate(181, 0)), null, default));

        Assert.False(accepted);
        Assert.Contains("out of range", Assert.Single(report.Rejections).Reason);
    }

    [Fact]
    public void A_feature_without_id_is_rejected()
    {
        var source = Parse("""{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Point","coordinates":[10,5]},"properties":{}}]}""");

        var (report, accepted) = Validate(source.Features[0]);

        Assert.False(accepted);
        var rejection = Assert.Single(report.Rejections);
        Assert.Equal("missing id", rejection.Reason);
        Assert.Null(rejection.FeatureId);
    }

    [Theory]
    [InlineData(180.00000000000006, -16.0, 180.0, -16.0)]
    [InlineData(-180.0000000005, 90.0000000001, -180.0, 90.0)]
    public void Noise_within_1e_9_degrees_outside_the_range_is_clamped_and_counted_as_fixed(double lon, double lat, double clampedLon, double clampedLat)
    {
        var report = new LayerReport("countries");
        var validator = new FeatureValidator(report);
        var ring = Factory.CreatePolygon([new(179, -17), new(lon, lat), new(179, -15), new(179, -17)]);

        Assert.True(validator.Accept("f", 0, "fiji", ring));

        Assert.Equal(new Coordinate(clampedLon, clampedLat), ring.Coordinates[1]);
        Assert.Equal(lon != clampedLon && lat != clampedLat ? 2 : 1, report.Fixes[FeatureValidator.ClampedFix]);
        Assert.Equal(0, report.Rejected);
    }

    [Theory]
    [InlineData(180.000000002, 0)]
    [InlineData(0, -90.00001)]
    public void A_coordinate_further_outside_is_still_rejected_and_nothing_is_fixed(double lon, double lat)
    {
        var report = new LayerReport("nodes");
        var validator = new FeatureValidator(report);

        Assert.False(validator.Accept("f", 0, "p", Factory.CreatePoint(new Coordinate(lon, lat))));

        Assert.Contains("coordinate out of range", Assert.Single(report.Rejections).Reason);
        Assert.Empty(report.Fixes);
    }

    [Fact]
    public void A_duplicate_id_is_rejected_and_the_first_feature_is_kept()
    {
        // Duplicates are found by the layer file's writer (ids sorted on disk), not by the validator.
        var report = new LayerReport("dups");
        var point = Factory.CreatePoint(new Coordinate(1, 1));
        void Build(LayerIngest ingest)
        {
            foreach (var (index, name) in new[] { (0, "first"), (1, "second") })
                Assert.True(ingest.Add("f.geojson", index, "dup", point, null, null,
                    _ => [KeyValuePair.Create("name", Maps.Core.Layers.PropertyValue.Of(name))]));
        }
        string directory = Directory.CreateTempSubdirectory("maps-dups-").FullName;
        try
        {
            var metadata = new Maps.Core.Layers.CollectionMetadata
            {
                Id = "dups", Title = "Dups", Description = "Duplicate ids", License = "MIT", Attribution = "test", Source = "test", GeometryType = "Point",
            };
            LayerFileWriter.WriteAll(directory, [(metadata, Build, report)]);

            var written = Assert.Single(LayerOutput.Features(LayerFileWriter.PathOf(directory, "dups")).RootElement.GetProperty("features").EnumerateArray());
            Assert.Equal("first", written.GetProperty("properties").GetProperty("name").GetString());
            Assert.Equal((2, 1, 1), (report.Read, report.Written, report.Rejected));
            var rejection = Assert.Single(report.Rejections);
            Assert.Equal(("f.geojson", 1, "duplicate id 'dup' (first used by feature #0)"), (rejection.File, rejection.Index, rejection.Reason));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void An_empty_geometry_is_rejected()
    {
        var source = Parse("""{"type":"FeatureCollection","features":[{"type":"Feature","id":"a","geometry":{"type":"MultiLineString","coordinates":[]},"properties":{}}]}""");

        var (report, accepted) = Validate(source.Features[0]);

        Assert.False(accepted);
        Assert.Equal("empty geometry", Assert.Single(report.Rejections).Reason);
    }

    [Fact]
    public void A_null_geometry_is_rejected()
    {
        var source = Parse("""{"type":"FeatureCollection","features":[{"type":"Feature","id":"a","geometry":null,"properties":{}}]}""");

        var (report, accepted) = Validate(source.Features[0]);

        Assert.False(accepted);
        Assert.Equal("missing geometry", Assert.Single(report.Rejections).Reason);
    }

    [Fact]
    public void EPSG_3857_sources_are_reprojected_on_read()
    {
        var source = Parse("""{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::3857"}},"features":[{"type":"Feature","id":"a","geometry":{"type":"Point","coordinates":[-14226.630923380362,6711542.475587636]},"properties":{}}]}""");

        var point = (Point)source.Features[0].Geometry!;

        Assert.Equal(SourceCrs.WebMercator, source.Crs);
        Assert.Equal(-0.1278, point.X, 1e-7);
        Assert.Equal(51.5074, point.Y, 1e-7);
    }

    [Fact]
    public void A_truncated_source_file_fails_the_import_naming_the_file_and_leaves_existing_layers_untouched()
    {
        using var sandbox = new Sandbox();
        sandbox.WriteSource(Ixps.File, """{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"country":"Benin","name":"BENINIX"},"geometry":{"type":"Point","coordinates":[2.4""");

        var e = Assert.Throws<ImportFileException>(() => Importer.Run(sandbox.Sources, sandbox.Output, [new Ixps()]));

        Assert.Contains("watra-itu/ixps.geojson", e.Message);
        Assert.Contains("not valid JSON", e.Message);
        sandbox.AssertOutputUntouched();
    }

    [Fact]
    public void An_unknown_CRS_fails_the_import_naming_the_file_and_the_CRS_and_leaves_existing_layers_untouched()
    {
        using var sandbox = new Sandbox();
        sandbox.WriteSource(Ixps.File, """{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::32631"}},"features":[]}""");

        var e = Assert.Throws<ImportFileException>(() => Importer.Run(sandbox.Sources, sandbox.Output, [new Ixps()]));

        Assert.Contains("watra-itu/ixps.geojson", e.Message);
        Assert.Contains("unsupported CRS 'urn:ogc:def:crs:EPSG::32631'", e.Message);
        sandbox.AssertOutputUntouched();
    }

    [Fact]
    public void A_failing_second_layer_leaves_the_first_layer_unwritten_too()
    {
        using var sandbox = new Sandbox();
        sandbox.WriteSource(Ixps.File, """{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"country":"Benin","name":"BENINIX"},"geometry":{"type":"Point","coordinates":[2.4,6.3]}}]}""");
        sandbox.WriteSource(EarthStations.File, """{"type":"FeatureCollection","features":[""");

        Assert.Throws<ImportFileException>(() => Importer.Run(sandbox.Sources, sandbox.Output, [new Ixps(), new EarthStations()]));

        sandbox.AssertOutputUntouched();
    }

    [Fact]
    public void Bad_features_are_reported_per_layer_and_the_good_ones_written()
    {
        using var sandbox = new Sandbox();
        sandbox.WriteSource(Ixps.File, """
            {"type":"FeatureCollection","features":[
            {"type":"Feature","properties":{"country":"Benin","name":"BENINIX"},"geometry":{"type":"Point","coordinates":[2.4,6.3]}},
            {"type":"Feature","properties":{"country":"Benin","name":"BENINIX"},"geometry":{"type":"Point","coordinates":[2.5,6.3]}},
            {"type":"Feature","properties":{"country":"Togo","name":"TGIX"},"geometry":{"type":"Point","coordinates":[1.2,95]}}
            ]}
            """);

        var result = Importer.Run(sandbox.Sources, sandbox.Output, [new Ixps()]);

        var report = Assert.Single(result.Layers);
        Assert.Equal((3, 1, 2), (report.Read, report.Written, report.Rejected));
        Assert.Contains("duplicate id 'ixp-ben-beninix'", report.Rejections[0].Reason);
        Assert.Equal(2, report.Rejections[1].Index);
        Assert.Contains("out of range", report.Rejections[1].Reason);
        Assert.NotNull(Maps.Core.Layers.Layer.Open(Path.Combine(sandbox.Output, "ixps.fgb")).Find("ixp-ben-beninix"));
    }

    /// <summary>A temporary sources folder (one square "country") and an output folder holding an old layer.</summary>
    private sealed class Sandbox : IDisposable
    {
        private const string OldLayer = "old layer\n";

        private readonly string _root = TestPaths.NewTempDirectory();

        public Sandbox()
        {
            WriteSource(ImportContext.BoundariesFile, """{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"iso_a3":"BEN","name":"Benin"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[10,0],[10,10],[0,10],[0,0]]]}}]}""");
            Directory.CreateDirectory(Output);
            File.WriteAllText(Path.Combine(Output, "ixps.fgb"), OldLayer);
        }

        public string Sources => Path.Combine(_root, "sources");

        public string Output => Path.Combine(_root, "layers");

        public void WriteSource(string relativePath, string text)
        {
            string path = Path.Combine(Sources, relativePath);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, text);
        }

        public void AssertOutputUntouched()
        {
            Assert.Equal(OldLayer, File.ReadAllText(Path.Combine(Output, "ixps.fgb")));
            Assert.Equal(["ixps.fgb"], Directory.GetFiles(Output).Select(Path.GetFileName));
        }

        public void Dispose() => Directory.Delete(_root, recursive: true);
    }
}
