using System.Text.RegularExpressions;
using Maps.EndToEnd.Tests.Support;

namespace Maps.EndToEnd.Tests;

/// <summary>
/// GDAL (Debian gdal-bin) types the shipped fibre-links as the collection declares it, MultiLineString,
/// both over OGC API – Features and in the GeoPackage extract. A layer with LineStrings among its
/// MultiLineStrings is a mixed one to GDAL ("Unknown (any)", a GEOMETRY column), so this holds only
/// while the import promotes every feature to the declared type.
/// </summary>
public abstract partial class GdalGeometryTypeTests(ApiProcess api) : IDisposable
{
    private static readonly HttpClient Client = new() { Timeout = TimeSpan.FromMinutes(5) };
    private readonly string _work = Directory.CreateTempSubdirectory("maps-gdal-geometry-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [Fact]
    public async Task Ogrinfo_over_OAPIF_reports_fibre_links_as_Multi_Line_String()
    {
        string output = await Gdal.RunAsync("ogrinfo", "-ro", "-so", "OAPIF:" + api.ApiRoot, "fibre-links");

        Assert.Contains("Geometry: Multi Line String", output);
    }

    [Fact]
    public async Task The_GeoPackage_extract_of_fibre_links_has_a_MULTILINESTRING_geometry_column()
    {
        string path = Path.Combine(_work, "fibre-links.gpkg");
        await File.WriteAllBytesAsync(path, await Client.GetByteArrayAsync($"{api.ApiRoot}/extracts/fibre-links.gpkg"));

        string columns = await Gdal.RunAsync("ogrinfo", "-ro", path, "-sql", "SELECT table_name, geometry_type_name FROM gpkg_geometry_columns");
        string summary = await Gdal.RunAsync("ogrinfo", "-ro", "-so", "-al", path);

        Assert.Equal(["MULTILINESTRING"], GeometryTypeName().Matches(columns).Select(m => m.Groups[1].Value));
        Assert.Contains("Geometry: Multi Line String", summary);
        Assert.Contains("Feature Count: 1218", summary);
    }

    [GeneratedRegex(@"^\s*geometry_type_name \(String\) = (\S+)\s*$", RegexOptions.Multiline)]
    private static partial Regex GeometryTypeName();
}

[Collection(ShippedCollection.Name)]
public sealed class GdalGeometryTypeStandaloneTests(ShippedApis apis) : GdalGeometryTypeTests(apis.Standalone);

[Collection(ShippedCollection.Name)]
public sealed class GdalGeometryTypeFunctionsHostTests(ShippedApis apis) : GdalGeometryTypeTests(apis.Host);
