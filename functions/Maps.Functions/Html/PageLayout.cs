using System.Net;
using System.Text.Json;
using Maps.Core.Layers;

namespace Maps.Functions.Html;

/// <summary>
/// The frame every HTML page shares: head, navigation, styles, and the map block of the pages that
/// show one. Every value is HTML-encoded by the callers through <see cref="E"/>. Scripts are files
/// served with the viewer (<c>/api/viewer/page-map.js</c>), never inline, so pages keep the
/// <c>script-src 'self'</c> policy of <see cref="HtmlResults"/>.
/// </summary>
public static class PageLayout
{
    /// <summary>Path of the viewer's files, from the site root: scripts load from the page's own origin.</summary>
    public const string ViewerAssets = "/api/viewer";

    private const string Styles = """
        body{font-family:system-ui,sans-serif;margin:1.5rem auto;max-width:72rem;padding:0 1rem;color:#1b1f24;line-height:1.45}
        table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid #ddd;padding:.3rem .5rem;text-align:left;vertical-align:top}
        nav{display:flex;gap:1rem;flex-wrap:wrap;border-bottom:1px solid #e5e7eb;padding-bottom:.5rem}nav a:first-child{font-weight:700}
        code{background:#f3f4f6;padding:0 .2rem}pre{background:#f3f4f6;padding:.5rem;overflow-x:auto;white-space:pre-wrap}
        a{color:#1c5fb0}.lead{font-size:1.1rem;color:#374151}.muted{color:#6b7280;font-size:.9rem}
        .cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(15rem,1fr));gap:1rem;margin:1rem 0}
        .card{display:block;border:1px solid #d1d5db;border-radius:8px;padding:.8rem 1rem;text-decoration:none;color:inherit}
        .card:hover{border-color:#1c5fb0;box-shadow:0 1px 6px rgba(0,0,0,.12)}.card h2{margin:.1rem 0 .3rem;font-size:1.1rem;color:#1c5fb0}.card p{margin:0}
        .page-map{height:24rem;border:1px solid #d1d5db;border-radius:6px;background:#dbe7f0}
        .split{display:grid;grid-template-columns:minmax(0,5fr) minmax(0,6fr);gap:1rem;align-items:start}
        .split .page-map{position:sticky;top:.5rem;height:32rem}
        @media (max-width:50rem){.split{grid-template-columns:1fr}.split .page-map{position:static;height:20rem}}
        form.filter{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center;margin:0 0 1rem}form.filter input{font:inherit;max-width:100%}
        dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem}dl.facts dt{font-weight:600}dl.facts dd{margin:0}
        ul.links li{margin:.2rem 0}.coords{font-family:ui-monospace,monospace;font-size:.9rem}
        """;

    /// <param name="script">A module of the viewer's files the page runs (<c>job-status.js</c>), besides the map's.</param>
    public static string Page(string title, string body, string? jsonHref = null, bool map = false, string? script = null) => $"""
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{(title == "Maps" ? "Maps" : E(title) + " · Maps")}</title>
        <link rel="icon" href="{ViewerAssets}/favicon.svg" type="image/svg+xml">
        {(map ? $"<link rel=\"stylesheet\" href=\"{ViewerAssets}/vendor/maplibre-gl.css\"><script type=\"module\" src=\"{ViewerAssets}/page-map.js\"></script>" : "")}{(script is null ? "" : $"<script type=\"module\" src=\"{ViewerAssets}/{script}\"></script>")}
        <style>{Styles}</style></head>
        <body><nav><a href="/api?f=html">Maps</a><a href="/api/collections?f=html">Collections</a><a href="/api/countries?f=html">Countries</a><a href="{ViewerAssets}">Map viewer</a><a href="/api/processes?f=html">Processes</a><a href="/api/jobs?f=html">Jobs</a><a href="/api/docs">API docs</a>{(jsonHref is null ? "" : $"<a href=\"{E(jsonHref)}\">JSON</a>")}</nav>
        <h1>{E(title)}</h1>
        {body}
        </body></html>
        """;

    /// <summary>
    /// The map element page-map.js draws into: the layer's vector tiles (<paramref name="tileJson"/>)
    /// or the GeoJSON of the page itself (<paramref name="featuresUrl"/>), fitted to <paramref name="bounds"/>
    /// (west, south, east, north; west east of east across ±180°), else to the layer's extent.
    /// </summary>
    /// <param name="also">More layers drawn over it from their tiles (a country's schools over its backbone).</param>
    public static string Map(Layer layer, string label, string? tileJson = null, string? featuresUrl = null,
        (double West, double South, double East, double North)? bounds = null, IReadOnlyList<Layer>? also = null)
    {
        string fit = bounds is var (w, s, e, n)
            ? FormattableString.Invariant($"{w},{s},{e},{n}")
            : layer.LongitudeBounds is (var west, var east)
                ? FormattableString.Invariant($"{west},{layer.Extent.MinY},{east},{layer.Extent.MaxY}")
                : "";
        return $"<div id=\"page-map\" class=\"page-map\" role=\"region\" aria-label=\"{E(label)}\" data-collection=\"{E(layer.Id)}\" " +
            $"data-geometry-type=\"{E(layer.Metadata.GeometryType)}\" data-bounds=\"{fit}\"" +
            (tileJson is null ? "" : $" data-tilejson=\"{E(tileJson)}\"") +
            (featuresUrl is null ? "" : $" data-features=\"{E(featuresUrl)}\"") +
            (also is { Count: > 0 } ? $" data-also=\"{E(string.Join(' ', also.Select(l => $"{l.Id},{l.Metadata.GeometryType},{Tiles.TilesApi.TileJsonUrl(Hosting.ApiRoutes.Prefix, l.Id)}")))}\"" : "") + "></div>";
    }

    public static string Display(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString() ?? "",
        JsonValueKind.Null => "",
        JsonValueKind.Array => string.Join(", ", value.EnumerateArray().Select(Display)),
        _ => value.GetRawText(),
    };

    public static string LinkOrText(string? url, string text) =>
        url is null ? E(text) : $"<a href=\"{E(url)}\">{E(text)}</a>";

    /// <summary>A card of the home and process pages: a link with a title and a line of text.</summary>
    public static string Card(string href, string title, string text) =>
        $"<a class=\"card\" href=\"{E(href)}\"><h2>{E(title)}</h2><p>{E(text)}</p></a>";

    public static string E(string text) => WebUtility.HtmlEncode(text);
}
