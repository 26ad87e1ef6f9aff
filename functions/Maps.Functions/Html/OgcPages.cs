using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Maps.Core.Layers;
using Maps.Core.Query;
using Maps.Functions.Http;

namespace Maps.Functions.Html;

/// <summary>
/// The HTML views of the OGC API resources, for people with a browser. Every value is
/// HTML-encoded; pages link to their JSON alternates.
/// </summary>
public static class OgcPages
{
    public static string Landing(IReadOnlyList<Link> links, string root)
    {
        var body = new StringBuilder("<p>The backbone of the Internet as an API: OGC API – Features collections and connectivity-planning analyses.</p><ul>");
        foreach (var link in links.Where(l => l.Rel != "self"))
            body.Append($"<li><a href=\"{E(link.Href)}\">{E(link.Title ?? link.Rel)}</a> <small>({E(link.Rel)}, {E(link.Type)})</small></li>");
        body.Append($"<li><a href=\"{E(root)}/viewer\">Map viewer</a></li></ul>");
        return Layout("Maps", body.ToString());
    }

    public static string Conformance(IEnumerable<string> classes) =>
        Layout("Conformance", "<ul>" + string.Concat(classes.Select(c => $"<li>{E(c)}</li>")) + "</ul>");

    public static string Collections(LayerSet layers, string root)
    {
        var body = new StringBuilder("<table><thead><tr><th>Collection</th><th>Description</th><th>Features</th><th>Licence</th></tr></thead><tbody>");
        foreach (var layer in layers.Layers)
        {
            body.Append($"<tr><td><a href=\"{E(root)}/collections/{E(layer.Id)}?f=html\">{E(layer.Metadata.Title)}</a><br><code>{E(layer.Id)}</code></td>")
                .Append($"<td>{E(layer.Metadata.Description)}</td><td>{layer.Features.Count:N0}</td><td>{E(layer.Metadata.License)}</td></tr>");
        }
        body.Append("</tbody></table>");
        return Layout("Collections", body.ToString(), $"{root}/collections?f=json");
    }

    public static string Collection(Layer layer, string root)
    {
        var m = layer.Metadata;
        var e = layer.Extent;
        var body = new StringBuilder()
            .Append($"<p>{E(m.Description)}</p><dl>")
            .Append($"<dt>Id</dt><dd><code>{E(layer.Id)}</code></dd>")
            .Append($"<dt>Features</dt><dd>{layer.Features.Count:N0} ({E(m.GeometryType)})</dd>")
            .Append(e.IsNull ? "" : $"<dt>Extent</dt><dd>{e.MinX:0.####}, {e.MinY:0.####}, {e.MaxX:0.####}, {e.MaxY:0.####}</dd>")
            .Append($"<dt>Licence</dt><dd>{LinkOrText(m.LicenseUrl, m.License)}</dd>")
            .Append($"<dt>Attribution</dt><dd>{E(m.Attribution)}</dd>")
            .Append($"<dt>Source</dt><dd>{LinkOrText(m.SourceUrl, m.Source)}</dd>")
            .Append($"<dt>Queryables</dt><dd>{E(string.Join(", ", m.Queryables.Select(q => q.Name)))}</dd>")
            .Append($"<dt>Version</dt><dd><code>{E(layer.Version)}</code></dd></dl>")
            .Append($"<p><a href=\"{E(root)}/collections/{E(layer.Id)}/items?f=html\">Browse the features</a> · ")
            .Append($"<a href=\"{E(root)}/collections/{E(layer.Id)}/items?limit=1000\">GeoJSON</a></p>");
        return Layout(m.Title, body.ToString(), $"{root}/collections/{layer.Id}?f=json");
    }

    public static string Queryables(Layer layer, string root)
    {
        var body = new StringBuilder("<p>Filter items by equality on these properties, e.g. <code>?status=operational</code>.</p>")
            .Append("<table><thead><tr><th>Property</th><th>Type</th><th>Values</th><th>Description</th></tr></thead><tbody>");
        foreach (var q in layer.Metadata.Queryables)
            body.Append($"<tr><td><code>{E(q.Name)}</code></td><td>{E(q.Type)}</td><td>{E(string.Join(", ", q.Values ?? []))}</td><td>{E(q.Description ?? "")}</td></tr>");
        body.Append("</tbody></table>");
        return Layout($"{layer.Metadata.Title}: queryables", body.ToString(), $"{root}/collections/{layer.Id}/queryables?f=json");
    }

    public static string Items(Layer layer, FeaturePage page, string root, string? next, string? query)
    {
        var columns = layer.Metadata.Queryables.Select(q => q.Name).Prepend("name").Distinct().Where(layer.PropertyNames.Contains).ToArray();
        var body = new StringBuilder($"<p>{page.NumberMatched:N0} matching feature(s); this page shows {page.Features.Count:N0}.</p>")
            .Append("<table><thead><tr><th>id</th>")
            .Append(string.Concat(columns.Select(c => $"<th>{E(c)}</th>")))
            .Append("</tr></thead><tbody>");
        foreach (var feature in page.Features)
        {
            body.Append($"<tr><td><a href=\"{E(root)}/collections/{E(layer.Id)}/items/{E(Uri.EscapeDataString(feature.Id))}?f=html\">{E(feature.Id)}</a></td>");
            foreach (var column in columns)
                body.Append($"<td>{E(feature.Properties.TryGetProperty(column, out var v) ? Display(v) : "")}</td>");
            body.Append("</tr>");
        }
        body.Append("</tbody></table>");
        if (next is not null)
            body.Append($"<p><a rel=\"next\" href=\"{E(next)}\">Next page</a></p>");
        string json = $"{root}/collections/{layer.Id}/items{query}";
        return Layout($"{layer.Metadata.Title}: features", body.ToString(), json.Contains("f=html") ? json.Replace("f=html", "f=json") : json);
    }

    public static string Item(Layer layer, LayerFeature feature, string root)
    {
        var body = new StringBuilder("<table><tbody>");
        foreach (var property in feature.Properties.EnumerateObject())
            body.Append($"<tr><th>{E(property.Name)}</th><td>{E(Display(property.Value))}</td></tr>");
        body.Append($"<tr><th>geometry</th><td>{E(feature.Geometry.GeometryType)}, {feature.Geometry.NumPoints:N0} vertices</td></tr></tbody></table>")
            .Append($"<p><a href=\"{E(root)}/collections/{E(layer.Id)}/items?f=html\">All features of {E(layer.Metadata.Title)}</a></p>");
        return Layout($"{layer.Metadata.Title}: {feature.Id}", body.ToString(),
            $"{root}/collections/{layer.Id}/items/{Uri.EscapeDataString(feature.Id)}?f=json");
    }

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
        return Layout("API documentation", body.ToString());
    }

    private static string Display(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString() ?? "",
        JsonValueKind.Null => "",
        JsonValueKind.Array => string.Join(", ", value.EnumerateArray().Select(Display)),
        _ => value.GetRawText(),
    };

    private static string LinkOrText(string? url, string text) =>
        url is null ? E(text) : $"<a href=\"{E(url)}\">{E(text)}</a>";

    internal static string E(string text) => WebUtility.HtmlEncode(text);

    internal static string Layout(string title, string body, string? jsonHref = null) => $"""
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{(title == "Maps" ? "Maps" : E(title) + " · Maps")}</title>
        <style>body{"{"}font-family:system-ui,sans-serif;margin:2rem auto;max-width:70rem;padding:0 1rem;color:#1b1f24{"}"}
        table{"{"}border-collapse:collapse;width:100%{"}"}th,td{"{"}border-bottom:1px solid #ddd;padding:.3rem .5rem;text-align:left;vertical-align:top{"}"}
        nav a{"{"}margin-right:1rem{"}"}code{"{"}background:#f3f4f6;padding:0 .2rem{"}"}</style></head>
        <body><nav><a href="/api?f=html">Maps</a><a href="/api/collections?f=html">Collections</a><a href="/api/docs">API docs</a>{(jsonHref is null ? "" : $"<a href=\"{E(jsonHref)}\">JSON</a>")}</nav>
        <h1>{E(title)}</h1>
        {body}
        </body></html>
        """;
}
