using Maps.EndToEnd.Tests.Support;

namespace Maps.EndToEnd.Tests;

/// <summary>
/// GDAL 3.10's OAPIF driver pushes an OGR SQL <c>-where</c> down as a CQL2 text filter once the
/// server declares it (GDAL reads the filter-lang enum of the OpenAPI document and sends the
/// draft's name, cql-text). What the server selects must be what GDAL's own SQL engine selects
/// from the whole collection on disk. GDAL 3.10 pushes comparisons, AND, OR, NOT, LIKE and IS NULL;
/// IN and BETWEEN it evaluates itself after downloading the collection.
/// </summary>
public abstract class GdalCql2Tests(ApiProcess api) : IDisposable
{
    private static readonly HttpClient Client = new() { Timeout = TimeSpan.FromMinutes(5) };
    private readonly string _work = Directory.CreateTempSubdirectory("maps-gdal-cql2-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [Theory]
    [InlineData("status = 'operational' AND name LIKE 'A%' AND length_km > 50", true)]
    [InlineData("operator IS NULL", true)]
    [InlineData("NOT (status = 'operational')", true)]
    [InlineData("data_year >= 2020 AND country <> 'NGA'", true)]
    [InlineData("status IN ('planned', 'under-construction') OR length_km BETWEEN 100 AND 200", false)]
    public async Task A_where_gdal_pushes_down_selects_what_gdal_selects_on_disk(string where, bool pushed)
    {
        string local = Path.Combine(_work, "fibre-links.geojson");
        await File.WriteAllBytesAsync(local, await Client.GetByteArrayAsync($"{api.ApiRoot}/extracts/fibre-links.geojson"));

        var (remote, log) = await Gdal.RunTrixieWithDebugAsync("ogrinfo", "-ro", "-al", "-geom=NO", "-where", where, "OAPIF:" + api.ApiRoot, "fibre-links");
        string onDisk = await Gdal.RunTrixieAsync("ogrinfo", "-ro", "-al", "-geom=NO", "-where", where, local, "fibre-links");

        var expected = Gdal.FeatureIds(onDisk).Order(StringComparer.Ordinal).ToList();
        Assert.NotEmpty(expected);
        Assert.Equal(expected, Gdal.FeatureIds(remote).Order(StringComparer.Ordinal).ToList());
        Assert.Equal(pushed, log.Contains("filter-lang=cql-text", StringComparison.Ordinal));
    }
}

[Collection(ShippedCollection.Name)]
public sealed class GdalCql2StandaloneTests(ShippedApis apis) : GdalCql2Tests(apis.Standalone);

[Collection(ShippedCollection.Name)]
public sealed class GdalCql2FunctionsHostTests(ShippedApis apis) : GdalCql2Tests(apis.Host);
