using System.Text.Json.Nodes;
using Maps.Core.Layers;
using Maps.Functions.Extracts;
using Maps.Functions.Http;
using Maps.Functions.Tiles;

namespace Maps.Functions.Ogc;

/// <summary>The OGC API – Features collection description of a layer (JSON), shared by /collections and /collections/{id}.</summary>
public static class CollectionDocument
{
    public const string Crs84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84";

    public static JsonObject Build(Layer layer, string apiRoot)
    {
        var m = layer.Metadata;
        string self = $"{apiRoot}/collections/{layer.Id}";
        var links = new JsonArray
        {
            LinkNode(self, "self", MediaTypes.Json, "This collection"),
            LinkNode(self + "?f=html", "alternate", MediaTypes.Html, "This collection as HTML"),
            LinkNode(self + "/items", "items", MediaTypes.GeoJson, "Features"),
            LinkNode(self + "/items?f=html", "items", MediaTypes.Html, "Features as HTML"),
            LinkNode(self + "/queryables", "http://www.opengis.net/def/rel/ogc/1.0/queryables", MediaTypes.JsonSchema, "QueryableProperty properties"),
            LinkNode(self + "/sortables", "http://www.opengis.net/def/rel/ogc/1.0/sortables", MediaTypes.JsonSchema, "Sortable properties"),
            LinkNode(TilesetDocuments.TilesetsUrl(apiRoot, layer.Id), TilesetDocuments.TilesetsVectorRel, MediaTypes.Json, "Vector tilesets (OGC API – Tiles)"),
            LinkNode(TilesApi.TileJsonUrl(apiRoot, layer.Id), "describedby", MediaTypes.Json, "TileJSON 3.0 of the vector tiles"),
        };
        foreach (var writer in ExtractsApi.Writers.Values)
            links.Add(LinkNode(ExtractsApi.ExtractUrl(apiRoot, layer.Id, writer.Format), "enclosure", writer.MediaType, $"The whole collection as {writer.Title}"));
        links.Add(LinkNode(ViewerLink(apiRoot, layer), "related", MediaTypes.Html, "The collection in the map viewer"));
        if (m.LicenseUrl is not null)
            links.Add(LinkNode(m.LicenseUrl, "license", MediaTypes.Html, m.License));
        if (m.SourceUrl is not null)
            links.Add(LinkNode(m.SourceUrl, "describedby", MediaTypes.Html, "Source: " + m.Source));

        var doc = new JsonObject
        {
            ["id"] = layer.Id,
            ["title"] = m.Title,
            ["description"] = m.Description,
            ["keywords"] = new JsonArray(m.Keywords.Select(k => (JsonNode?)k).ToArray()),
            ["itemType"] = "feature",
            ["crs"] = new JsonArray(Crs84),
            ["storageCrs"] = Crs84,
            ["extent"] = Extent(layer),
            ["license"] = m.License,
            ["attribution"] = m.Attribution,
            ["source"] = m.Source,
            ["geometryType"] = m.GeometryType,
            ["numberOfFeatures"] = layer.Count,
            ["version"] = layer.Version,
            ["links"] = links,
        };
        if (m.Illustrative)
            doc["illustrative"] = true;
        return doc;
    }

    /// <summary>The viewer with this collection shown and the map fitted to it.</summary>
    public static string ViewerLink(string apiRoot, Layer layer) => $"{apiRoot}/viewer?show={Uri.EscapeDataString(layer.Id)}";

    private static JsonObject Extent(Layer layer)
    {
        var e = layer.Extent;
        var spatial = new JsonObject
        {
            // minx > maxx when the layer crosses the antimeridian (OGC API – Features bbox convention).
            ["bbox"] = layer.LongitudeBounds is not { } lon
                ? new JsonArray()
                : new JsonArray(new JsonArray(lon.West, e.MinY, lon.East, e.MaxY)),
            ["crs"] = Crs84,
        };
        var extent = new JsonObject { ["spatial"] = spatial };
        if (layer.MinYear is int min && layer.MaxYear is int max)
        {
            extent["temporal"] = new JsonObject
            {
                ["interval"] = new JsonArray(new JsonArray($"{min:D4}-01-01T00:00:00Z", $"{max:D4}-12-31T23:59:59Z")),
                ["trs"] = "http://www.opengis.net/def/uom/ISO-8601/0/Gregorian",
            };
        }
        return extent;
    }

    public static JsonObject LinkNode(string href, string rel, string type, string? title = null)
    {
        var link = new JsonObject { ["href"] = href, ["rel"] = rel, ["type"] = type };
        if (title is not null)
            link["title"] = title;
        return link;
    }
}
