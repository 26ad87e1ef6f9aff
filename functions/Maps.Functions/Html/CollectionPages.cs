using System.Globalization;
using System.Text;
using Maps.Core.Layers;
using Maps.Core.Query;
using Maps.Functions.Extracts;
using Maps.Functions.Ogc;
using Maps.Functions.Tiles;
using NetTopologySuite.Geometries;
using static Maps.Functions.Html.PageLayout;

namespace Maps.Functions.Html;

/// <summary>
/// The HTML pages of one collection, each with a map (page-map.js): the collection (its vector
/// tiles, facts, and every way to get the data), a page of items (those features beside the table)
/// and one item (the feature, its properties and its coordinates).
/// </summary>
public static class CollectionPages
{
    /// <summary>Vertices listed in an item page's WKT before it is cut (the JSON alternate has them all).</summary>
    public const int MaxListedVertices = 2000;

    public static string Collection(Layer layer, string root)
    {
        var m = layer.Metadata;
        var e = layer.Extent;
        string self = $"{root}/collections/{layer.Id}";
        var body = new StringBuilder()
            .Append($"<p class=\"lead\">{E(m.Description)}</p>")
            .Append(Map(layer, $"Map of {m.Title}", tileJson: TilesApi.TileJsonUrl(Hosting.ApiRoutes.Prefix, layer.Id)))
            .Append($"<p class=\"muted\">Drawn from the collection's vector tiles. <a href=\"{E(CollectionDocument.ViewerLink(root, layer))}\">Open it in the map viewer</a> to see it with the other layers and to plan.</p>")
            .Append("<div class=\"split\"><section><h2>About the data</h2><dl class=\"facts\">")
            .Append($"<dt>Id</dt><dd><code>{E(layer.Id)}</code></dd>")
            .Append($"<dt>Features</dt><dd>{layer.Count:N0} ({E(m.GeometryType)})</dd>")
            .Append(e.IsNull ? "" : $"<dt>Extent</dt><dd>{Extent(layer)}</dd>")
            .Append(layer.MinYear is int min && layer.MaxYear is int max ? $"<dt>Years</dt><dd>{min}–{max}</dd>" : "")
            .Append($"<dt>Licence</dt><dd>{LinkOrText(m.LicenseUrl, m.License)}</dd>")
            .Append($"<dt>Attribution</dt><dd>{E(m.Attribution)}</dd>")
            .Append($"<dt>Source</dt><dd>{LinkOrText(m.SourceUrl, m.Source)}</dd>")
            .Append($"<dt>Filter on</dt><dd>{string.Join(", ", m.Queryables.Select(q => $"<code>{E(q.Name)}</code>"))} with CQL2 (<a href=\"{E(self)}/queryables?f=html\">queryables</a>, <a href=\"{E(self)}/sortables?f=html\">sortables</a>)</dd>")
            .Append($"<dt>Version</dt><dd><code>{E(layer.Version)}</code></dd></dl>")
            .Append(m.Illustrative ? "<p><strong>Illustrative data</strong>, not real routes.</p>" : "")
            .Append("</section><section><h2>Get the data</h2><ul class=\"links\">")
            .Append($"<li><a href=\"{E(self)}/items?f=html\">Browse the features</a> (pages of 100, with a map)</li>")
            .Append($"<li><a href=\"{E(self)}/items?limit=1000\">GeoJSON</a>: OGC API – Features items, keyset-paged</li>");
        foreach (var writer in ExtractsApi.Writers.Values)
            body.Append($"<li><a href=\"{E(ExtractsApi.ExtractUrl(root, layer.Id, writer.Format))}\">Download as {E(writer.Title)}</a> <span class=\"muted\">{E(writer.MediaType)}</span></li>");
        body.Append($"<li><a href=\"{E(TilesApi.TileJsonUrl(root, layer.Id))}\">TileJSON</a> of the vector tiles, for MapLibre, Mapbox or QGIS</li>")
            .Append($"<li><a href=\"{E(TilesetDocuments.TilesetUrl(root, layer.Id))}\">OGC API – Tiles tileset</a> (WebMercatorQuad)</li>")
            .Append($"<li><a href=\"{E(root)}/countries?f=html\">Countries</a>: what each country has, across every layer</li>")
            .Append($"</ul><h2>In GIS software</h2><p>QGIS: <em>Layer › Add Layer › Add WFS / OGC API – Features Layer</em> with the URL <code>{E(root)}</code>. GDAL:</p>")
            .Append($"<pre>ogr2ogr {E(layer.Id)}.gpkg OAPIF:{E(root)} {E(layer.Id)}</pre></section></div>");
        return Page(m.Title, body.ToString(), $"{self}?f=json", map: true);
    }

    /// <param name="query">The request's parameters: the filter form shows its filter and sort, and keeps the others (bbox, limit, equality filters).</param>
    public static string Items(Layer layer, FeaturePage page, string root, string? next, string jsonQuery, IReadOnlyList<KeyValuePair<string, string>> query)
    {
        var columns = layer.Metadata.Queryables.Select(q => q.Name).Prepend("name").Distinct().Where(layer.PropertyNames.Contains).ToArray();
        string items = $"{root}/collections/{layer.Id}/items";
        var table = new StringBuilder("<table><thead><tr><th>id</th>")
            .Append(string.Concat(columns.Select(c => $"<th>{E(c)}</th>")))
            .Append("</tr></thead><tbody>");
        foreach (var feature in page.Features)
        {
            table.Append($"<tr><td><a href=\"{E(items)}/{E(Uri.EscapeDataString(feature.Id))}?f=html\">{E(feature.Id)}</a></td>");
            foreach (var column in columns)
                table.Append($"<td>{E(feature.Properties.TryGetProperty(column, out var v) ? Display(v) : "")}</td>");
            table.Append("</tr>");
        }
        table.Append("</tbody></table>");
        if (next is not null)
            table.Append($"<p><a rel=\"next\" href=\"{E(next)}\">Next page</a></p>");
        var body = new StringBuilder($"<p>{page.NumberMatched:N0} matching feature(s); this page shows {page.Features.Count:N0}. ")
            .Append($"<a href=\"{E(root)}/collections/{E(layer.Id)}?f=html\">About {E(layer.Metadata.Title)}</a>.</p>")
            .Append(FilterForm(layer, items, root, query))
            .Append("<div class=\"split\">")
            .Append(page.Features.Count == 0 ? "<p>No feature matches.</p>" : Map(layer, "Map of the features on this page", featuresUrl: jsonQuery, bounds: Bounds(page.Features.Select(f => f.Geometry).ToList())))
            .Append($"<section>{table}</section></div>");
        return Page($"{layer.Metadata.Title}: features", body.ToString(), items + jsonQuery, map: page.Features.Count > 0);
    }

    /// <summary>A GET form for a CQL2 filter and a sort, with the request's other parameters kept as hidden fields.</summary>
    private static string FilterForm(Layer layer, string items, string root, IReadOnlyList<KeyValuePair<string, string>> query)
    {
        string Value(string name) => query.FirstOrDefault(kv => kv.Key == name).Value ?? "";
        var form = new StringBuilder($"<form class=\"filter\" method=\"get\" action=\"{E(items)}\"><input type=\"hidden\" name=\"f\" value=\"html\">");
        foreach (var (name, value) in query.Where(kv => kv.Key is not ("f" or "filter" or "sortby" or "after")))
            form.Append($"<input type=\"hidden\" name=\"{E(name)}\" value=\"{E(value)}\">");
        return form
            .Append($"<label>Filter (<a href=\"{E(root)}/collections/{E(layer.Id)}/queryables?f=html\">CQL2</a>) <input name=\"filter\" size=\"60\" value=\"{E(Value("filter"))}\" placeholder=\"status = 'operational' AND length_km &gt; 100\"></label> ")
            .Append($"<label>Sort by (<a href=\"{E(root)}/collections/{E(layer.Id)}/sortables?f=html\">sortables</a>) <input name=\"sortby\" value=\"{E(Value("sortby"))}\" placeholder=\"-length_km,name\"></label> ")
            .Append("<button type=\"submit\">Apply</button></form>")
            .ToString();
    }

    public static string Item(Layer layer, LayerFeature feature, string root)
    {
        string items = $"{root}/collections/{layer.Id}/items";
        var body = new StringBuilder("<div class=\"split\">")
            .Append(Map(layer, $"Map of {feature.Id}", featuresUrl: "?f=json", bounds: Bounds([feature.Geometry])))
            .Append("<section><table><tbody>");
        foreach (var property in feature.Properties.EnumerateObject())
            body.Append($"<tr><th>{E(property.Name)}</th><td>{E(Display(property.Value))}</td></tr>");
        body.Append("</tbody></table><h2>Geometry</h2>")
            .Append(Coordinates(feature.Geometry))
            .Append($"<p><a href=\"{E(items)}?f=html\">All features of {E(layer.Metadata.Title)}</a></p></section></div>");
        return Page($"{layer.Metadata.Title}: {feature.Id}", body.ToString(), $"{items}/{Uri.EscapeDataString(feature.Id)}?f=json", map: true);
    }

    /// <summary>A point's longitude and latitude; for other geometries their size, ends and bounding box, and the WKT (cut at <see cref="MaxListedVertices"/>).</summary>
    public static string Coordinates(Geometry geometry)
    {
        if (geometry is Point point)
            return $"<p>Point at <span class=\"coords\" data-lon=\"{N(point.X)}\" data-lat=\"{N(point.Y)}\">{N(point.X)}, {N(point.Y)}</span> (longitude, latitude; WGS 84)</p>";
        var text = new StringBuilder($"<dl class=\"facts\"><dt>Type</dt><dd>{E(geometry.GeometryType)}, {geometry.NumGeometries:N0} part(s), {geometry.NumPoints:N0} vertices</dd>");
        if (!geometry.IsEmpty)
        {
            var first = geometry.Coordinates[0];
            var last = geometry.Coordinates[^1];
            var box = geometry.EnvelopeInternal;
            text.Append($"<dt>Starts at</dt><dd class=\"coords\">{N(first.X)}, {N(first.Y)}</dd><dt>Ends at</dt><dd class=\"coords\">{N(last.X)}, {N(last.Y)}</dd>")
                .Append($"<dt>Bounding box</dt><dd class=\"coords\">{N(box.MinX)}, {N(box.MinY)}, {N(box.MaxX)}, {N(box.MaxY)}</dd>");
        }
        text.Append("</dl><p class=\"muted\">Coordinates are longitude, latitude (WGS 84).</p>");
        if (geometry.NumPoints <= MaxListedVertices)
        {
            var wkt = new StringBuilder();
            WktText.Append(wkt, geometry);
            text.Append($"<details><summary>All coordinates (WKT)</summary><pre class=\"coords\">{E(wkt.ToString())}</pre></details>");
        }
        else
        {
            text.Append($"<p class=\"muted\">{geometry.NumPoints:N0} vertices: the JSON has them all.</p>");
        }
        return text.ToString();
    }

    /// <summary>The box the map fits: west may be east of east when the geometries cross ±180° (a cable split there).</summary>
    private static (double West, double South, double East, double North)? Bounds(IReadOnlyCollection<Geometry> geometries)
    {
        if (Maps.Core.Geodesy.LongitudeExtent.OfParts(geometries) is not (var west, var east))
            return null;
        return (west, geometries.Min(g => g.EnvelopeInternal.MinY), east, geometries.Max(g => g.EnvelopeInternal.MaxY));
    }

    private static string Extent(Layer layer)
    {
        var e = layer.Extent;
        var (west, east) = layer.LongitudeBounds ?? (e.MinX, e.MaxX);
        return $"<span class=\"coords\">{N(west)}, {N(e.MinY)}, {N(east)}, {N(e.MaxY)}</span> <span class=\"muted\">(west, south, east, north{(west > east ? "; across ±180°" : "")})</span>";
    }

    private static string N(double value) => value.ToString("0.#######", CultureInfo.InvariantCulture);
}
