namespace Maps.Formats.Tests;

public sealed class UploadFormatsTests
{
    [Theory]
    [InlineData("geojson", typeof(GeoJsonFormat))]
    [InlineData("GeoJSONSeq", typeof(GeoJsonSeqFormat))]
    [InlineData("csv", typeof(CsvFormat))]
    [InlineData("gpkg", typeof(GeoPackageFormat))]
    [InlineData("shapefile", typeof(ShapefileFormat))]
    [InlineData("ofds", typeof(Maps.Formats.Ofds.OfdsFormat))]
    public void A_format_is_found_by_its_id(string id, Type expected) =>
        Assert.IsType(expected, UploadFormats.ById(id));

    [Theory]
    [InlineData("application/geo+json", typeof(GeoJsonFormat))]
    [InlineData("application/json; charset=utf-8", typeof(GeoJsonFormat))]
    [InlineData("application/geo+json-seq", typeof(GeoJsonSeqFormat))]
    [InlineData("TEXT/CSV;header=present", typeof(CsvFormat))]
    [InlineData("application/geopackage+sqlite3", typeof(GeoPackageFormat))]
    [InlineData("application/zip", typeof(ShapefileFormat))]
    [InlineData("application/x-zip-compressed", typeof(ShapefileFormat))]
    public void A_format_is_found_by_its_media_type(string mediaType, Type expected) =>
        Assert.IsType(expected, UploadFormats.ByMediaType(mediaType));

    [Theory]
    [InlineData("backbone.geojson", typeof(GeoJsonFormat))]
    [InlineData("backbone.JSON", typeof(GeoJsonFormat))]
    [InlineData("nodes.geojsonl", typeof(GeoJsonSeqFormat))]
    [InlineData("nodes.geojsons", typeof(GeoJsonSeqFormat))]
    [InlineData("nodes.ndjson", typeof(GeoJsonSeqFormat))]
    [InlineData("schools.csv", typeof(CsvFormat))]
    [InlineData("fibre.gpkg", typeof(GeoPackageFormat))]
    [InlineData("fibre.shp.zip", typeof(ShapefileFormat))]
    [InlineData("fibre.zip", typeof(ShapefileFormat))]
    [InlineData("ghana.ofds.json", typeof(Maps.Formats.Ofds.OfdsFormat))]
    [InlineData("ghana.ofds.zip", typeof(Maps.Formats.Ofds.OfdsFormat))]
    public void A_format_is_found_by_a_file_name(string fileName, Type expected) =>
        Assert.IsType(expected, UploadFormats.ByFileName(fileName));

    [Fact]
    public void Unknown_ids_types_and_names_find_nothing()
    {
        Assert.Null(UploadFormats.ById("kml"));
        Assert.Null(UploadFormats.ById(null));
        Assert.Null(UploadFormats.ByMediaType("application/vnd.google-earth.kml+xml"));
        Assert.Null(UploadFormats.ByFileName("cables.kml"));
        Assert.Null(UploadFormats.ByFileName("geojson"));
    }

    [Fact]
    public void Ids_media_types_and_extensions_belong_to_one_format_each()
    {
        Assert.Equal(UploadFormats.All.Count, UploadFormats.All.Select(f => f.Id).Distinct().Count());
        var mediaTypes = UploadFormats.All.SelectMany(f => f.MediaTypes).ToList();
        Assert.Equal(mediaTypes.Count, mediaTypes.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        var extensions = UploadFormats.All.SelectMany(f => f.Extensions).ToList();
        Assert.Equal(extensions.Count, extensions.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.All(extensions, e => Assert.True(e.StartsWith('.') && e == e.ToLowerInvariant(), e));
        Assert.Equal(["ofds"], UploadFormats.All.Where(f => f.HasNodes).Select(f => f.Id));
    }
}
