using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Maps.EndToEnd.Tests.Support;

namespace Maps.EndToEnd.Tests;

/// <summary>
/// GDAL 3.10's OGC API clients (Debian trixie's build, which scripts/test.sh unpacks into .tools/:
/// bookworm's GDAL 3.6 reads only the 1.0 encoding of tile matrix sets, not the 2.0 one of OGC API –
/// Tiles) against the real process,
/// standalone and through the Functions host: <c>OGCAPI:&lt;collection&gt;</c> opens the collection as
/// vector tiles, one layer per tile matrix, from the tileset metadata alone, and decodes the tiles to
/// exactly the features items lists; its OAPIF driver, which names <c>crs</c> on every request,
/// copies a collection whole.
/// </summary>
public abstract partial class GdalOgcApiTilesTests(ApiProcess api) : IDisposable
{
    private static readonly HttpClient Client = new() { Timeout = TimeSpan.FromMinutes(5) };
    private readonly string _work = Directory.CreateTempSubdirectory("maps-gdal-ogcapi-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    private async Task<string[]> ItemIdsAsync(string collection)
    {
        var page = await Client.GetFromJsonAsync<JsonElement>($"{api.ApiRoot}/collections/{collection}/items?limit=10000&properties=name");
        return page.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("id").GetString()!).Order(StringComparer.Ordinal).ToArray();
    }

    [Fact]
    public async Task Ogrinfo_opens_a_collection_as_vector_tiles_with_a_layer_per_zoom()
    {
        string output = await Gdal.RunTrixieAsync("ogrinfo", "-ro", "-q", $"OGCAPI:{api.ApiRoot}/collections/links");

        // The zooms of the tileset's limits from 0, at least to 14 where tiles are generated (GDAL 3.10
        // lists only 0–22 of the 25 published).
        var zooms = ZoomLayer().Matches(output).Select(m => int.Parse(m.Groups[1].Value)).ToArray();
        Assert.Equal(Enumerable.Range(0, zooms.Length), zooms);
        Assert.InRange(zooms.Length, 15, 25);
    }

    /// <summary>
    /// GDAL (3.10 and before) takes the tile range from the collection's CRS84 bbox read as if it were
    /// EPSG:3857 metres, so it fetches the tiles around (0, 0) only unless told the extent in metres:
    /// here the whole world, since the synthetic links cross ±180° (their bbox's west is east of its east).
    /// </summary>
    private static readonly string[] WorldInMetres =
        ["-oo", "MINX=-20037508.34", "-oo", "MINY=-20037508.34", "-oo", "MAXX=20037508.34", "-oo", "MAXY=20037508.34"];

    [Fact]
    public async Task The_tiles_gdal_reads_hold_exactly_the_features_items_lists()
    {
        string output = await Gdal.RunTrixieAsync("ogrinfo", ["-ro", "-q", .. WorldInMetres, $"OGCAPI:{api.ApiRoot}/collections/links", "Zoom level 1"]);

        // A line crossing several tiles comes once per tile: compare the ids.
        var ids = Gdal.FeatureIds(output).Distinct().Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(await ItemIdsAsync("links"), ids);
    }

    [Fact]
    public async Task Gdal_310_oapif_copies_a_whole_collection_naming_crs_on_every_request()
    {
        string copy = Path.Combine(_work, "nodes.geojson");

        await Gdal.RunTrixieAsync("ogr2ogr", "-f", "GeoJSON", copy, $"OAPIF:{api.ApiRoot}", "nodes", "-oo", "PAGE_SIZE=7");

        using var document = JsonDocument.Parse(await File.ReadAllTextAsync(copy));
        var ids = document.RootElement.GetProperty("features").EnumerateArray()
            .Select(f => f.GetProperty("properties").GetProperty("id").GetString()!).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(await ItemIdsAsync("nodes"), ids);
    }

    [GeneratedRegex(@"^\d+: Zoom level (\d+)", RegexOptions.Multiline)]
    private static partial Regex ZoomLayer();
}

[Collection(SyntheticCollection.Name)]
public sealed class GdalOgcApiTilesStandaloneTests(SyntheticApis apis) : GdalOgcApiTilesTests(apis.Standalone);

[Collection(SyntheticCollection.Name)]
public sealed class GdalOgcApiTilesFunctionsHostTests(SyntheticApis apis) : GdalOgcApiTilesTests(apis.Host);

/// <summary>
/// The example of docs/gis-clients.md on the shipped data: GDAL 3.10's <c>OGCAPI:</c> on fibre-links, told the
/// tileset's own bounding box (EPSG:3857 metres), reads at zoom 4 every feature that any z4 tile of
/// the world holds, the tiles fetched one by one through the XYZ route and decoded by Debian's GDAL 3.6 MVT driver:
/// so the tileset's limits and URL template lose nothing.
/// </summary>
public abstract class GdalOgcApiShippedTilesTests(ApiProcess api) : IDisposable
{
    private static readonly HttpClient Client = new() { Timeout = TimeSpan.FromMinutes(5) };
    private readonly string _work = Directory.CreateTempSubdirectory("maps-gdal-ogcapi-shipped-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [Fact]
    public async Task Ogcapi_reads_at_zoom_4_every_fibre_link_the_z4_tiles_hold()
    {
        var tileset = await Client.GetFromJsonAsync<JsonElement>($"{api.ApiRoot}/collections/fibre-links/tiles/WebMercatorQuad");
        var box = tileset.GetProperty("boundingBox");
        string F(JsonElement v) => v.GetDouble().ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        string output = await Gdal.RunTrixieAsync("ogrinfo",
        [
            "-ro", "-q",
            "-oo", "MINX=" + F(box.GetProperty("lowerLeft")[0]), "-oo", "MINY=" + F(box.GetProperty("lowerLeft")[1]),
            "-oo", "MAXX=" + F(box.GetProperty("upperRight")[0]), "-oo", "MAXY=" + F(box.GetProperty("upperRight")[1]),
            $"OGCAPI:{api.ApiRoot}/collections/fibre-links", "Zoom level 4",
        ]);
        var read = Gdal.FeatureIds(output).ToHashSet(StringComparer.Ordinal);

        var held = new HashSet<string>(StringComparer.Ordinal);
        for (int x = 0; x < 16; x++)
        {
            for (int y = 0; y < 16; y++)
            {
                using var response = await Client.GetAsync($"{api.ApiRoot}/tiles/fibre-links/4/{x}/{y}.mvt");
                if (response.StatusCode == System.Net.HttpStatusCode.NoContent)
                    continue;
                response.EnsureSuccessStatusCode();
                string file = Path.Combine(_work, $"4-{x}-{y}.mvt");
                await File.WriteAllBytesAsync(file, await response.Content.ReadAsByteArrayAsync());
                string decoded = await Gdal.RunAsync("ogrinfo", "-ro", "-al", "-q", "-oo", "Z=4", "-oo", $"X={x}", "-oo", $"Y={y}", file);
                held.UnionWith(Gdal.FeatureIds(decoded));
            }
        }

        Assert.True(held.Count > 1000, $"only {held.Count} fibre links in the z4 tiles");
        Assert.Equal(held.Order(StringComparer.Ordinal), read.Order(StringComparer.Ordinal));
    }
}

[Collection(ShippedCollection.Name)]
public sealed class GdalOgcApiShippedTilesStandaloneTests(ShippedApis apis) : GdalOgcApiShippedTilesTests(apis.Standalone);

[Collection(ShippedCollection.Name)]
public sealed class GdalOgcApiShippedTilesFunctionsHostTests(ShippedApis apis) : GdalOgcApiShippedTilesTests(apis.Host);
