using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using Maps.Functions.Tests.Support;

namespace Maps.Functions.Tests;

/// <summary>
/// OGC API – Tiles metadata: the documents validate against the OGC 2D Tile Matrix Set 2.0 JSON
/// schemas (tests/ogc-tms, OGC's own files), the tile URL template they give serves the same tiles
/// as the tile routes, and the limits hold every feature's tile.
/// </summary>
public sealed class TilesetsApiTests(MapsApiFactory factory) : IClassFixture<MapsApiFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    private static readonly Lazy<SchemaRegistry> Schemas = new(() =>
    {
        var registry = SchemaRegistry.Global;
        foreach (string file in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "ogc-tms", "schemas"), "*.json"))
        {
            // Under the file's own URI: the schemas $ref each other by file name (projJSON.json also has an $id on proj.org).
            registry.Register(new Uri(Path.GetFullPath(file)), JsonSchema.FromFile(file));
        }
        return registry;
    });

    private static void AssertValid(string schemaFile, JsonElement document)
    {
        var schema = (JsonSchema)Schemas.Value.Get(new Uri(Path.Combine(AppContext.BaseDirectory, "ogc-tms", "schemas", schemaFile)))!;
        var result = schema.Evaluate(JsonNode.Parse(document.GetRawText()), new EvaluationOptions { OutputFormat = OutputFormat.List });
        Assert.True(result.IsValid, $"{schemaFile}: " + string.Join("; ", result.Details.Where(d => d.HasErrors).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}"))));
    }

    [Fact]
    public async Task The_tile_matrix_set_validates_and_has_every_zoom_the_tile_route_accepts()
    {
        var tms = await HttpAssert.JsonAsync(await _client.GetAsync("/api/tileMatrixSets/WebMercatorQuad"));

        AssertValid("tileMatrixSet.json", tms);
        var ids = tms.GetProperty("tileMatrices").EnumerateArray().Select(m => m.GetProperty("id").GetString()).ToArray();
        Assert.Equal(Enumerable.Range(0, 25).Select(z => z.ToString(System.Globalization.CultureInfo.InvariantCulture)), ids);
        Assert.Equal("http://www.opengis.net/def/tilematrixset/OGC/1.0/WebMercatorQuad", tms.GetProperty("uri").GetString());
    }

    [Fact]
    public async Task The_tile_matrix_set_list_links_the_definition()
    {
        var list = await HttpAssert.JsonAsync(await _client.GetAsync("/api/tileMatrixSets"));

        var entry = Assert.Single(list.GetProperty("tileMatrixSets").EnumerateArray());
        string href = entry.GetProperty("links")[0].GetProperty("href").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync(href)).StatusCode);
    }

    [Theory]
    [InlineData("lines")]
    [InlineData("points")]
    public async Task A_collection_tileset_validates_and_its_template_serves_the_tile_routes_tiles(string collection)
    {
        var tileset = await HttpAssert.JsonAsync(await _client.GetAsync($"/api/collections/{collection}/tiles/WebMercatorQuad"));

        AssertValid("tileSet.json", tileset);
        Assert.Equal("vector", tileset.GetProperty("dataType").GetString());
        var links = tileset.GetProperty("links").EnumerateArray().ToArray();
        var item = Assert.Single(links, l => l.GetProperty("rel").GetString() == "item");
        Assert.Equal("application/vnd.mapbox-vector-tile", item.GetProperty("type").GetString());
        Assert.Contains(links, l => l.GetProperty("rel").GetString() == "http://www.opengis.net/def/rel/ogc/1.0/tiling-scheme"
            && l.GetProperty("href").GetString()!.EndsWith("/api/tileMatrixSets/WebMercatorQuad", StringComparison.Ordinal));

        var limits = tileset.GetProperty("tileMatrixSetLimits").EnumerateArray().ToArray();
        Assert.Equal(15, limits.Length); // zooms 0..14, where tiles are generated
        var z4 = limits.Single(l => l.GetProperty("tileMatrix").GetString() == "4");
        int row = z4.GetProperty("minTileRow").GetInt32(), col = z4.GetProperty("minTileCol").GetInt32();
        string url = item.GetProperty("href").GetString()!.Replace("{tileMatrix}", "4").Replace("{tileRow}", row.ToString()).Replace("{tileCol}", col.ToString());
        var fromTemplate = await _client.GetAsync(url);
        var xyz = await _client.GetAsync($"/api/tiles/{collection}/4/{col}/{row}.mvt");
        Assert.Equal(xyz.StatusCode, fromTemplate.StatusCode);
        Assert.Equal(await xyz.Content.ReadAsByteArrayAsync(), await fromTemplate.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task The_limits_hold_the_tile_of_every_feature()
    {
        var tileset = await HttpAssert.JsonAsync(await _client.GetAsync("/api/collections/points/tiles/WebMercatorQuad"));
        var items = await HttpAssert.JsonAsync(await _client.GetAsync("/api/collections/points/items?limit=10000"), "application/geo+json");
        var z6 = tileset.GetProperty("tileMatrixSetLimits").EnumerateArray().Single(l => l.GetProperty("tileMatrix").GetString() == "6");

        foreach (var feature in items.GetProperty("features").EnumerateArray())
        {
            var c = feature.GetProperty("geometry").GetProperty("coordinates");
            // XYZ tile of a point, by the slippy-map formula (independent of Maps.Tiles).
            double lat = Math.Clamp(c[1].GetDouble(), -85.0511, 85.0511) * Math.PI / 180;
            int col = (int)Math.Floor((c[0].GetDouble() + 180) / 360 * 64);
            int row = (int)Math.Floor((1 - Math.Log(Math.Tan(lat) + 1 / Math.Cos(lat)) / Math.PI) / 2 * 64);
            Assert.InRange(Math.Min(col, 63), z6.GetProperty("minTileCol").GetInt32(), z6.GetProperty("maxTileCol").GetInt32());
            Assert.InRange(Math.Min(row, 63), z6.GetProperty("minTileRow").GetInt32(), z6.GetProperty("maxTileRow").GetInt32());
        }
    }

    [Fact]
    public async Task The_tileset_list_links_the_tileset_and_the_tiling_scheme()
    {
        var list = await HttpAssert.JsonAsync(await _client.GetAsync("/api/collections/lines/tiles"));

        var tileset = Assert.Single(list.GetProperty("tilesets").EnumerateArray());
        Assert.Equal("vector", tileset.GetProperty("dataType").GetString());
        Assert.Equal("http://www.opengis.net/def/tilematrixset/OGC/1.0/WebMercatorQuad", tileset.GetProperty("tileMatrixSetURI").GetString());
        var self = tileset.GetProperty("links").EnumerateArray().Single(l => l.GetProperty("rel").GetString() == "self");
        Assert.Equal("application/json", self.GetProperty("type").GetString());
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync(self.GetProperty("href").GetString())).StatusCode);
    }

    [Theory]
    [InlineData("/api/tileMatrixSets/WorldCRS84Quad", "WorldCRS84Quad")]
    [InlineData("/api/collections/lines/tiles/WorldCRS84Quad", "WorldCRS84Quad")]
    [InlineData("/api/collections/nowhere/tiles", "nowhere")]
    [InlineData("/api/collections/nowhere/tiles/WebMercatorQuad", "nowhere")]
    public async Task Unknown_tile_matrix_sets_and_collections_are_404_problems_that_name_them(string url, string named)
    {
        string detail = await HttpAssert.ProblemAsync(await _client.GetAsync(url), HttpStatusCode.NotFound);

        Assert.Contains(named, detail);
    }

    [Fact]
    public async Task Tileset_metadata_is_json_only()
    {
        string detail = await HttpAssert.ProblemAsync(await _client.GetAsync("/api/collections/lines/tiles?f=html"), HttpStatusCode.BadRequest);

        Assert.Contains("f='html'", detail);
    }

    [Fact]
    public async Task The_collection_links_its_tilesets_tilejson_every_extract_and_the_viewer()
    {
        var collection = await HttpAssert.JsonAsync(await _client.GetAsync("/api/collections/lines"));
        var links = collection.GetProperty("links").EnumerateArray()
            .Select(l => (Rel: l.GetProperty("rel").GetString()!, Href: l.GetProperty("href").GetString()!, Type: l.GetProperty("type").GetString()!)).ToArray();

        var tilesets = Assert.Single(links, l => l.Rel == "http://www.opengis.net/def/rel/ogc/1.0/tilesets-vector");
        Assert.Equal("application/json", tilesets.Type);
        Assert.Contains(links, l => l.Rel == "describedby" && l.Href.EndsWith("/api/tiles/lines.json", StringComparison.Ordinal));
        var enclosures = links.Where(l => l.Rel == "enclosure").ToArray();
        Assert.Equal(["application/geo+json", "application/geo+json-seq", "application/geopackage+sqlite3", "text/csv"], enclosures.Select(e => e.Type).Order(StringComparer.Ordinal));
        foreach (var (_, href, type) in enclosures.Append(tilesets))
        {
            var response = await _client.GetAsync(href);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(type, response.Content.Headers.ContentType?.MediaType);
        }
        var viewer = Assert.Single(links, l => l.Rel == "related" && l.Type == "text/html");
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync(viewer.Href)).StatusCode);
        Assert.EndsWith("/api/viewer?show=lines", viewer.Href);
    }

    [Fact]
    public async Task Conformance_declares_the_tiles_classes()
    {
        var conformance = await HttpAssert.JsonAsync(await _client.GetAsync("/api/conformance"));
        var classes = conformance.GetProperty("conformsTo").EnumerateArray().Select(c => c.GetString()).ToArray();

        foreach (var name in new[] { "core", "tileset", "tilesets-list", "geodata-tilesets", "mvt", "oas30" })
            Assert.Contains($"http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/{name}", classes);
        foreach (var name in new[] { "tilematrixset", "json-tilematrixset", "tilesetmetadata", "json-tilesetmetadata" })
            Assert.Contains($"http://www.opengis.net/spec/tms/2.0/conf/{name}", classes);
    }
}
