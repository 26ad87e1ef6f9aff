using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Maps.Core.Layers;
using Maps.Core.Query;
using Maps.Functions.Http;
using static Maps.Functions.Html.PageLayout;

namespace Maps.Functions.Html;

/// <summary>
/// The HTML views of the API's own resources (home page, collection list, queryables, conformance,
/// docs), for people with a browser; a collection's own pages are <see cref="CollectionPages"/>. Every
/// value is HTML-encoded; pages link to their JSON alternates.
/// </summary>
public static class OgcPages
{
    /// <summary>The home page: what Maps is, the viewer and the collections first, then the analyses, GIS clients and the machine-readable documents.</summary>
    public static string Landing(LayerSet layers, string root)
    {
        int features = layers.Layers.Sum(l => l.Count);
        var body = new StringBuilder()
            .Append("<p class=\"lead\">The telecom backbone as an API: submarine and terrestrial fibre, transmission nodes, microwave links, ")
            .Append("landing points, earth stations, IXPs, schools and population, served as OGC API – Features and vector tiles, with the ")
            .Append("distance and coverage analyses that connectivity planning runs on.</p><div class=\"cards\">")
            .Append(Card($"{root}/viewer", "Map viewer", "Every layer on one map. Planner mode: click anywhere for the nearest backbone and the point's connectivity profile, or drop a CSV of schools."))
            .Append(Card($"{root}/collections?f=html", "Collections", $"{layers.Layers.Count} layers, {features:N0} features, each with a map, its licence and downloads."))
            .Append(Card($"{root}/countries?f=html", "Countries", "What each country has: km of fibre, nodes, IXPs, landing points, earth stations, and the people and schools within reach of fibre."))
            .Append(Card($"{root}/docs", "API documentation", "Every endpoint with its parameters; the OpenAPI definition for code generators."))
            .Append("</div><h2>Layers</h2><table><thead><tr><th>Collection</th><th>Features</th><th>Geometry</th><th>Licence</th></tr></thead><tbody>");
        foreach (var layer in layers.Layers)
        {
            body.Append($"<tr><td><a href=\"{E(root)}/collections/{E(layer.Id)}?f=html\">{E(layer.Metadata.Title)}</a></td>")
                .Append($"<td>{layer.Count:N0}</td><td>{E(layer.Metadata.GeometryType)}</td><td>{E(layer.Metadata.License)}</td></tr>");
        }
        body.Append("</tbody></table><h2>Planner analyses</h2><ul class=\"links\">")
            .Append($"<li><a href=\"{E(root)}/analysis/nearest?lon=-7.99&amp;lat=12.64&amp;to=fibre-links,transmission-nodes&amp;status=operational&amp;k=3\">Nearest backbone</a> to a point (here Bamako); POST a CSV or GeoJSON of schools for every row.</li>")
            .Append("<li><strong>Gaps</strong>: <code>POST /api/analysis/gaps</code>, the schools beyond a distance from the backbone, with a per-country summary.</li>")
            .Append("<li><strong>School connectivity profile</strong>: <code>POST /api/analysis/profile</code>, Giga's columns per school (distance to fibre, microwave and each cell generation, schools and people within reach).</li>")
            .Append($"<li><a href=\"{E(root)}/analysis/coverage?country=GHA,CIV,SEN&amp;to=fibre-links&amp;status=operational\">Population coverage</a>: people within 10, 25, 50 and 100 km of operational fibre, per country.</li></ul>")
            .Append($"<h2>In GIS software</h2><p>QGIS: <em>Layer › Add Layer › Add WFS / OGC API – Features Layer</em>, URL <code>{E(root)}</code>; vector tiles through each collection's TileJSON. ")
            .Append($"GDAL: <code>ogrinfo OAPIF:{E(root)}</code>.</p><h2>For machines</h2><ul class=\"links\">")
            .Append($"<li><a href=\"{E(root)}/openapi.json\">OpenAPI 3.0 definition</a> of every endpoint</li>")
            .Append($"<li><a href=\"{E(root)}/conformance?f=html\">Conformance</a>: the OGC API standards and parts implemented</li>")
            .Append($"<li><a href=\"{E(root)}/collections\">Collections as JSON</a> and <a href=\"{E(root)}/tileMatrixSets\">tile matrix sets</a></li>")
            .Append($"<li><a href=\"{E(root)}?f=json\">This page as JSON</a> (the OGC API landing page)</li></ul>");
        return Page("Maps", body.ToString(), $"{root}?f=json");
    }


    public static string Conformance(IEnumerable<string> classes) =>
        Page("Conformance", "<ul>" + string.Concat(classes.Select(c => $"<li>{E(c)}</li>")) + "</ul>");

    public static string Collections(LayerSet layers, string root)
    {
        var body = new StringBuilder("<table><thead><tr><th>Collection</th><th>Description</th><th>Features</th><th>Licence</th></tr></thead><tbody>");
        foreach (var layer in layers.Layers)
        {
            body.Append($"<tr><td><a href=\"{E(root)}/collections/{E(layer.Id)}?f=html\">{E(layer.Metadata.Title)}</a><br><code>{E(layer.Id)}</code></td>")
                .Append($"<td>{E(layer.Metadata.Description)}</td><td>{layer.Count:N0}</td><td>{E(layer.Metadata.License)}</td></tr>");
        }
        body.Append("</tbody></table>");
        return Page("Collections", body.ToString(), $"{root}/collections?f=json");
    }

    public static string Queryables(Layer layer, string root)
    {
        var body = new StringBuilder("<p>Filter items with CQL2, e.g. <code>?filter=status='operational' AND length_km &gt; 100</code>, or by equality on these properties, e.g. <code>?status=operational</code>")
            .Append($" (not those named like a parameter of the items, such as <code>limit</code>). The features' geometry is <code>{E(layer.Metadata.GeometryQueryable)}</code>.</p>")
            .Append("<table><thead><tr><th>Property</th><th>Type</th><th>Values</th><th>Description</th></tr></thead><tbody>");
        foreach (var q in layer.Metadata.Queryables)
            body.Append($"<tr><td><code>{E(q.Name)}</code></td><td>{E(TypeText(q))}</td><td>{E(string.Join(", ", q.Values ?? []))}</td><td>{E(q.Description ?? "")}</td></tr>");
        body.Append("</tbody></table>");
        return Page($"{layer.Metadata.Title}: queryables", body.ToString(), $"{root}/collections/{layer.Id}/queryables?f=json");
    }

    public static string Sortables(Layer layer, string root)
    {
        var body = new StringBuilder("<p>Sort items by these properties, e.g. <code>?sortby=name,-length_km</code> (<code>-</code> for descending); ties are broken by id.</p>")
            .Append("<table><thead><tr><th>Property</th><th>Type</th><th>Description</th></tr></thead><tbody>");
        foreach (var q in layer.Metadata.Queryables.Where(Maps.Core.Query.SortField.IsSortable))
            body.Append($"<tr><td><code>{E(q.Name)}</code></td><td>{E(TypeText(q))}</td><td>{E(q.Description ?? "")}</td></tr>");
        body.Append("</tbody></table>");
        return Page($"{layer.Metadata.Title}: sortables", body.ToString(), $"{root}/collections/{layer.Id}/sortables?f=json");
    }

    /// <summary><c>string (date)</c>, <c>array of string</c>, <c>integer</c>: the type as the page shows it.</summary>
    private static string TypeText(QueryableProperty q) => q switch
    {
        { Type: "array", ItemsType: { } items } => $"array of {items}",
        { Format: { } format } => $"{q.Type} ({format})",
        _ => q.Type,
    };

    public static string Docs(JsonObject openApi)
    {
        var body = new StringBuilder("<p>The machine-readable definition is <a href=\"openapi.json\">openapi.json</a> (OpenAPI 3.0).</p><table><thead><tr><th>Method</th><th>Path</th><th>Summary</th><th>Query parameters</th></tr></thead><tbody>");
        foreach (var (path, item) in openApi["paths"]!.AsObject())
        {
            foreach (var (method, operation) in item!.AsObject())
            {
                var parameters = operation!["parameters"]!.AsArray().Where(p => (string?)p!["in"] == "query").Select(p => (string?)p!["name"]);
                body.Append($"<tr><td>{E(method.ToUpperInvariant())}</td><td><code>/api{E(path)}</code></td><td>{E((string?)operation["summary"] ?? "")}</td><td>{E(string.Join(", ", parameters))}</td></tr>");
            }
        }
        body.Append("</tbody></table>");
        return Page("API documentation", body.ToString());
    }
}
