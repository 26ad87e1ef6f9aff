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
    [InlineData("lines", 4, 7, 8)] // the Lagos–Kano line
    [InlineData("points", 1, 0, 0)] // the north-west quarter, where synthetic points are many
    public async Task A_collection_tileset_validates_and_its_template_serves_the_tile_routes_tiles(string collection, int z, int row, int col)
    {
        var tileset = await HttpAssert.JsonAsync(await _client.GetAsync($"/api/collections/{collection}/tiles/WebMercatorQuad"));

        AssertValid("tileSet.json", tileset);
        Assert.Equal("vector", tileset.GetProperty("dataType").GetString());
        var links = tileset.GetProperty("links").EnumerateArray().ToArray();
        var item = Assert.Single(links, l => l.GetProperty("rel").GetString() == "item");
        Assert.Equal("application/vnd.mapbox-vector-tile", item.GetProperty("type").GetString());
        Assert.Contains(links, l => l.GetProperty("rel").GetString() == "http://www.opengis.net/def/rel/ogc/1.0/tiling-scheme"
            && l.GetProperty("href").GetString()!.EndsWith("/api/tileMatrixSets/WebMercatorQuad", StringComparison.Ordinal));
        // A limit for every zoom the tile route serves; tiles are generated down to 14 and over-zoomed beyond.
        Assert.Equal(Enumerable.Range(0, 25).Select(i => i.ToString()), tileset.GetProperty("tileMatrixSetLimits").EnumerateArray().Select(l => l.GetProperty("tileMatrix").GetString()));
        Assert.Equal("14", tileset.GetProperty("layers")[0].GetProperty("maxTileMatrix").GetString());

        string url = item.GetProperty("href").GetString()!.Replace("{tileMatrix}", z.ToString()).Replace("{tileRow}", row.ToString()).Replace("{tileCol}", col.ToString());
        var fromTemplate = await _client.GetAsync(url);
        var xyz = await _client.GetAsync($"/api/tiles/{collection}/{z}/{col}/{row}.mvt");
        Assert.Equal(HttpStatusCode.OK, fromTemplate.StatusCode);
        Assert.Equal(await xyz.Content.ReadAsByteArrayAsync(), await fromTemplate.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task The_limits_are_the_tiles_from_the_northmost_westmost_to_the_southmost_eastmost_point()
    {
        var tileset = await HttpAssert.JsonAsync(await _client.GetAsync("/api/collections/points/tiles/WebMercatorQuad"));
        var items = await HttpAssert.JsonAsync(await _client.GetAsync("/api/collections/points/items?limit=10000"), "application/geo+json");
        var tiles = items.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("geometry").GetProperty("coordinates"))
            .Select(c => SlippyTile(6, c[0].GetDouble(), c[1].GetDouble())).ToList();
        var z6 = tileset.GetProperty("tileMatrixSetLimits").EnumerateArray().Single(l => l.GetProperty("tileMatrix").GetString() == "6");

        // The synthetic points span the world; the layer's extent, and so the limits, are its points' extremes.
        Assert.Equal(tiles.Min(t => t.Row), z6.GetProperty("minTileRow").GetInt32());
        Assert.Equal(tiles.Max(t => t.Row), z6.GetProperty("maxTileRow").GetInt32());
        Assert.Equal(tiles.Min(t => t.Col), z6.GetProperty("minTileCol").GetInt32());
        Assert.Equal(tiles.Max(t => t.Col), z6.GetProperty("maxTileCol").GetInt32());
    }

    [Fact]
    public async Task A_tile_outside_the_limits_is_404_on_the_ogc_route_and_204_on_the_xyz_route()
    {
        // The synthetic lines lie between 15° S and 12° N: zoom 4's top row (82–85° N) is outside.
        string detail = await HttpAssert.ProblemAsync(await _client.GetAsync("/api/collections/lines/tiles/WebMercatorQuad/4/0/8"), HttpStatusCode.NotFound);

        Assert.Contains("outside the limits", detail);
        Assert.Equal(HttpStatusCode.NoContent, (await _client.GetAsync("/api/tiles/lines/4/8/0.mvt")).StatusCode);
    }

    [Fact]
    public async Task The_bounding_box_is_in_metres_and_spans_the_world_for_a_layer_across_the_antimeridian()
    {
        var lines = await HttpAssert.JsonAsync(await _client.GetAsync("/api/collections/lines/tiles/WebMercatorQuad"));
        var points = await HttpAssert.JsonAsync(await _client.GetAsync("/api/collections/points/tiles/WebMercatorQuad"));
        var extent = (await HttpAssert.JsonAsync(await _client.GetAsync("/api/collections/points"))).GetProperty("extent").GetProperty("spatial").GetProperty("bbox")[0];
        const double half = 20037508.342789244;

        var box = lines.GetProperty("boundingBox");
        Assert.Equal(-half, box.GetProperty("lowerLeft")[0].GetDouble(), 1e-6);
        Assert.Equal(half, box.GetProperty("upperRight")[0].GetDouble(), 1e-6);
        Assert.Equal("http://www.opengis.net/def/crs/EPSG/0/3857", box.GetProperty("crs").GetString());
        // Textbook spherical Mercator of the CRS84 extent (the world's width when the extent wraps).
        box = points.GetProperty("boundingBox");
        double X(double lon) => 6378137.0 * lon * Math.PI / 180;
        double Y(double lat) => 6378137.0 * Math.Log(Math.Tan(Math.PI / 4 + lat * Math.PI / 360));
        bool wraps = extent[0].GetDouble() > extent[2].GetDouble();
        Assert.Equal(wraps ? -half : X(extent[0].GetDouble()), box.GetProperty("lowerLeft")[0].GetDouble(), 1e-3);
        Assert.Equal(Y(extent[1].GetDouble()), box.GetProperty("lowerLeft")[1].GetDouble(), 1e-3);
        Assert.Equal(wraps ? half : X(extent[2].GetDouble()), box.GetProperty("upperRight")[0].GetDouble(), 1e-3);
        Assert.Equal(Y(extent[3].GetDouble()), box.GetProperty("upperRight")[1].GetDouble(), 1e-3);
    }

    /// <summary>The XYZ tile of a point by the slippy-map formula (independent of Maps.Tiles).</summary>
    private static (int Col, int Row) SlippyTile(int z, double lon, double lat)
    {
        double phi = Math.Clamp(lat, -85.0511287798, 85.0511287798) * Math.PI / 180;
        int n = 1 << z;
        int col = (int)Math.Floor((lon + 180) / 360 * n);
        int row = (int)Math.Floor((1 - Math.Log(Math.Tan(phi) + 1 / Math.Cos(phi)) / Math.PI) / 2 * n);
        return (Math.Clamp(col, 0, n - 1), Math.Clamp(row, 0, n - 1));
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
        Assert.Equal(["application/flatgeobuf", "application/geo+json", "application/geo+json-seq", "application/geopackage+sqlite3", "text/csv"], enclosures.Select(e => e.Type).Order(StringComparer.Ordinal));
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
