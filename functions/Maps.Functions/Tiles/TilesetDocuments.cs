using System.Text.Json.Nodes;
using Maps.Core.Layers;
using Maps.Functions.Http;
using Maps.Functions.Ogc;
using Maps.Tiles;

namespace Maps.Functions.Tiles;

/// <summary>
/// The JSON documents of OGC API – Tiles (OGC 20-057) in the OGC 2D Tile Matrix Set and Tileset
/// Metadata 2.0 encoding (OGC 17-083r4): the tile matrix set definition, a collection's tileset list
/// and its vector tileset metadata.
/// </summary>
public static class TilesetDocuments
{
    public const string TilingSchemeRel = "http://www.opengis.net/def/rel/ogc/1.0/tiling-scheme";
    public const string GeodataRel = "http://www.opengis.net/def/rel/ogc/1.0/geodata";
    public const string TilesetsVectorRel = "http://www.opengis.net/def/rel/ogc/1.0/tilesets-vector";

    public static string TileMatrixSetUrl(string root) => $"{root}/tileMatrixSets/{WebMercatorQuad.Id}";
    public static string TilesetsUrl(string root, string collectionId) => $"{root}/collections/{collectionId}/tiles";
    public static string TilesetUrl(string root, string collectionId) => $"{TilesetsUrl(root, collectionId)}/{WebMercatorQuad.Id}";

    public static JsonObject TileMatrixSets(string root) => new()
    {
        ["tileMatrixSets"] = new JsonArray(new JsonObject
        {
            ["id"] = WebMercatorQuad.Id,
            ["title"] = WebMercatorQuad.Title,
            ["uri"] = WebMercatorQuad.Uri,
            ["crs"] = WebMercatorQuad.Crs,
            ["links"] = new JsonArray(CollectionDocument.LinkNode(TileMatrixSetUrl(root), "self", MediaTypes.Json, "The WebMercatorQuad tile matrix set")),
        }),
        ["links"] = new JsonArray(CollectionDocument.LinkNode($"{root}/tileMatrixSets", "self", MediaTypes.Json, "Tile matrix sets")),
    };

    /// <summary>The definition of every zoom the tile route accepts (0..24), as the OGC registry's WebMercatorQuad.json has it.</summary>
    public static JsonObject TileMatrixSet(string root)
    {
        var origin = new JsonArray(-WebMercator.HalfWorldMetres, WebMercator.HalfWorldMetres);
        var matrices = new JsonArray();
        for (int z = 0; z <= TileAddress.MaxZoom; z++)
        {
            var m = WebMercatorQuad.Matrix(z);
            matrices.Add(new JsonObject
            {
                ["id"] = z.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["scaleDenominator"] = m.ScaleDenominator,
                ["cellSize"] = m.CellSize,
                ["cornerOfOrigin"] = "topLeft",
                ["pointOfOrigin"] = origin.DeepClone(),
                ["tileWidth"] = WebMercatorQuad.TileSize,
                ["tileHeight"] = WebMercatorQuad.TileSize,
                ["matrixWidth"] = m.MatrixSize,
                ["matrixHeight"] = m.MatrixSize,
            });
        }
        return new JsonObject
        {
            ["id"] = WebMercatorQuad.Id,
            ["title"] = WebMercatorQuad.Title,
            ["uri"] = WebMercatorQuad.Uri,
            ["crs"] = WebMercatorQuad.Crs,
            ["orderedAxes"] = new JsonArray("X", "Y"),
            ["wellKnownScaleSet"] = WebMercatorQuad.WellKnownScaleSet,
            ["tileMatrices"] = matrices,
            ["links"] = new JsonArray(CollectionDocument.LinkNode(TileMatrixSetUrl(root), "self", MediaTypes.Json, "This tile matrix set")),
        };
    }

    public static JsonObject Tilesets(Layer layer, string root) => new()
    {
        ["tilesets"] = new JsonArray(new JsonObject
        {
            ["title"] = $"{layer.Metadata.Title} (vector tiles, WebMercatorQuad)",
            ["dataType"] = "vector",
            ["crs"] = WebMercatorQuad.Crs,
            ["tileMatrixSetURI"] = WebMercatorQuad.Uri,
            ["links"] = new JsonArray(
                CollectionDocument.LinkNode(TilesetUrl(root, layer.Id), "self", MediaTypes.Json, "The tileset's metadata"),
                CollectionDocument.LinkNode(TileMatrixSetUrl(root), TilingSchemeRel, MediaTypes.Json, "The WebMercatorQuad tile matrix set")),
        }),
        ["links"] = new JsonArray(
            CollectionDocument.LinkNode(TilesetsUrl(root, layer.Id), "self", MediaTypes.Json, "Tilesets of this collection"),
            CollectionDocument.LinkNode($"{root}/collections/{layer.Id}", "collection", MediaTypes.Json, layer.Metadata.Title)),
    };

    /// <summary>
    /// One collection's vector tileset: the tile URL template, the tile matrix set, the rows and
    /// columns of every zoom the tile route serves (0..24) that meet the layer's extent, the zooms
    /// tiles are generated for (0..<paramref name="maxZoom"/>; clients over-zoom beyond), and the
    /// layer's attributes with their types.
    /// </summary>
    public static JsonObject Tileset(Layer layer, string root, int maxZoom)
    {
        var m = layer.Metadata;
        string collection = $"{root}/collections/{layer.Id}";
        var properties = new JsonObject();
        foreach (var (name, type) in TileJson.Fields(layer))
            properties[name] = new JsonObject { ["type"] = type switch { "Number" => "number", "Boolean" => "boolean", _ => "string" } };
        var tileLayer = new JsonObject
        {
            ["id"] = layer.Id,
            ["title"] = m.Title,
            ["dataType"] = "vector",
            ["minTileMatrix"] = "0",
            ["maxTileMatrix"] = maxZoom.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["propertiesSchema"] = new JsonObject { ["type"] = "object", ["properties"] = properties },
            ["links"] = new JsonArray(CollectionDocument.LinkNode(collection, GeodataRel, MediaTypes.Json, m.Title)),
        };
        if (WebMercatorQuad.GeometryDimension(m.GeometryType) is int dimension)
            tileLayer["geometryDimension"] = dimension;

        var doc = new JsonObject
        {
            ["title"] = $"{m.Title} (vector tiles)",
            ["description"] = m.Description,
            ["version"] = layer.Version,
            ["attribution"] = m.Attribution,
            ["license"] = m.License,
            ["dataType"] = "vector",
            ["crs"] = WebMercatorQuad.Crs,
            ["tileMatrixSetURI"] = WebMercatorQuad.Uri,
            ["mediaTypes"] = new JsonArray(TilesApi.MediaType),
            ["tileMatrixSetLimits"] = new JsonArray(WebMercatorQuad.Limits(layer, TileAddress.MaxZoom).Select(l => (JsonNode)new JsonObject
            {
                ["tileMatrix"] = l.Zoom.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["minTileRow"] = l.MinTileRow,
                ["maxTileRow"] = l.MaxTileRow,
                ["minTileCol"] = l.MinTileCol,
                ["maxTileCol"] = l.MaxTileCol,
            }).ToArray()),
            ["layers"] = new JsonArray(tileLayer),
            ["links"] = new JsonArray(
                CollectionDocument.LinkNode(TilesetUrl(root, layer.Id), "self", MediaTypes.Json, "This tileset"),
                CollectionDocument.LinkNode(TileMatrixSetUrl(root), TilingSchemeRel, MediaTypes.Json, "The WebMercatorQuad tile matrix set"),
                CollectionDocument.LinkNode(collection, GeodataRel, MediaTypes.Json, m.Title),
                CollectionDocument.LinkNode(TilesApi.TileJsonUrl(root, layer.Id), "alternate", MediaTypes.Json, "TileJSON 3.0 of these tiles"),
                Templated(CollectionDocument.LinkNode(TilesApi.OgcTileTemplate(root, layer.Id), "item", TilesApi.MediaType, "A vector tile"))),
        };
        if (!layer.Extent.IsNull && layer.LongitudeBounds is (var west, var east))
        {
            // In the tiles' own CRS (metres), as GDAL's MINX/MINY/MAXX/MAXY open options take it. A box
            // cannot wrap in metres: across ±180° it spans the world's width, as the limits do.
            var (minX, minY) = WebMercator.ToMetres(west, layer.Extent.MinY);
            var (maxX, maxY) = WebMercator.ToMetres(east, layer.Extent.MaxY);
            if (west > east)
                (minX, maxX) = (-WebMercator.HalfWorldMetres, WebMercator.HalfWorldMetres);
            doc["boundingBox"] = new JsonObject
            {
                ["lowerLeft"] = new JsonArray(minX, minY),
                ["upperRight"] = new JsonArray(maxX, maxY),
                ["crs"] = WebMercatorQuad.Crs,
            };
        }
        return doc;
    }

    private static JsonObject Templated(JsonObject link)
    {
        link["templated"] = true;
        return link;
    }
}
