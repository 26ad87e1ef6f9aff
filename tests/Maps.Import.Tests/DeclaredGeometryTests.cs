using Maps.Core.Import;
using Maps.Core.Layers;
using Maps.Import.Sources;

namespace Maps.Import.Tests;

/// <summary>The import holds each layer to its declared geometry type, through <see cref="Importer.Run"/> on a small source.</summary>
public sealed class DeclaredGeometryTests : IDisposable
{
    private const string File = "lines.geojson";

    private readonly string _root = TestPaths.NewTempDirectory();

    private string Sources => Path.Combine(_root, "sources");

    private string Output => Path.Combine(_root, "layers");

    public DeclaredGeometryTests()
    {
        Directory.CreateDirectory(Path.Combine(Sources, "country-boundaries"));
        System.IO.File.WriteAllText(Path.Combine(Sources, ImportContext.BoundariesFile), """{"type":"FeatureCollection","features":[]}""");
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private const string Straight = """{"type":"Feature","id":"straight","geometry":{"type":"LineString","coordinates":[[1,2],[3,4]]},"properties":{}}""";

    private const string Crossing = """{"type":"Feature","id":"crossing","geometry":{"type":"LineString","coordinates":[[170,-10],[-170,10]]},"properties":{}}""";

    private const string Point = """{"type":"Feature","id":"point","geometry":{"type":"Point","coordinates":[1,2]},"properties":{}}""";

    private void WriteSource(params string[] features) =>
        System.IO.File.WriteAllText(Path.Combine(Sources, File), $$"""{"type":"FeatureCollection","features":[{{string.Join(',', features)}}]}""");

    [Fact]
    public void In_a_MultiLineString_layer_a_LineString_is_written_as_its_one_part_MultiLineString()
    {
        WriteSource(Straight, Crossing);

        Importer.Run(Sources, Output, [new Lines("MultiLineString")]);

        var lines = Written();
        Assert.Equal("""{"type":"Feature","id":"crossing","geometry":{"type":"MultiLineString","coordinates":[[[170,-10],[180,0]],[[-180,0],[-170,10]]]},"properties":{}}""", lines[0]);
        Assert.Equal("""{"type":"Feature","id":"straight","geometry":{"type":"MultiLineString","coordinates":[[[1,2],[3,4]]]},"properties":{}}""", lines[1]);
    }

    [Fact]
    public void A_LineString_layer_with_a_line_split_at_the_antimeridian_fails_the_import_and_writes_nothing()
    {
        WriteSource(Straight, Crossing);
        Directory.CreateDirectory(Output);
        string existing = LayerFileWriter.PathOf(Output, "lines");
        System.IO.File.WriteAllText(existing, "old");

        var e = Assert.Throws<GeometryTypeMismatchException>(() => Importer.Run(Sources, Output, [new Lines("LineString")]));

        Assert.Equal("lines", e.Layer);
        Assert.Equal("lines: declared LineString, but 1 feature(s) are not: crossing (MultiLineString, 2 parts). "
            + "Its features are honestly MultiLineString: declare that in its source mapper.", e.Message);
        Assert.Equal("old", System.IO.File.ReadAllText(existing));
        Assert.Single(Directory.GetFiles(Output));
    }

    [Fact]
    public void A_feature_of_another_family_fails_the_import_and_names_Geometry_as_the_honest_type()
    {
        WriteSource(Straight, Point);

        var e = Assert.Throws<GeometryTypeMismatchException>(() => Importer.Run(Sources, Output, [new Lines("MultiLineString")]));

        Assert.Equal("lines: declared MultiLineString, but 1 feature(s) are not: point (Point). "
            + "Its features are honestly Geometry: declare that in its source mapper.", e.Message);
    }

    [Fact]
    public void A_layer_declared_Geometry_keeps_every_feature_as_it_is()
    {
        WriteSource(Straight, Point);

        Importer.Run(Sources, Output, [new Lines(GeometryTypes.Any)]);

        string text = string.Join("\n", Written());
        Assert.Contains("""{"type":"Point","coordinates":[1,2]}""", text);
        Assert.Contains("""{"type":"LineString","coordinates":[[1,2],[3,4]]}""", text);
    }

    /// <summary>The features written, as the API serves them, in id order.</summary>
    private string[] Written() =>
        Layer.Open(LayerFileWriter.PathOf(Output, "lines")).ReadAll().Select(f => System.Text.Encoding.UTF8.GetString(f.GeoJson.Span)).ToArray();

    /// <summary>A layer read from <see cref="File"/> the way the shipped line layers are read, declared <paramref name="geometryType"/>.</summary>
    private sealed class Lines(string geometryType) : ILayerSource
    {
        public CollectionMetadata Metadata { get; } = new()
        {
            Id = "lines", Title = "Lines", Description = "Test", License = "CC0-1.0", Attribution = "tests", Source = "tests",
            GeometryType = geometryType,
        };

        public void Build(ImportContext context, LayerIngest ingest) =>
            Map.Features(context.Read(File), ingest, f => f.Id, (_, id, geometry) => new OutputFeature(id, geometry, new Props()));
    }
}
