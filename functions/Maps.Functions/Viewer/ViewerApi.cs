using Maps.Functions.Hosting;
using Maps.Functions.Html;
using Maps.Functions.Http;
using Microsoft.Net.Http.Headers;

namespace Maps.Functions.Viewer;

/// <summary>
/// The built-in map viewer (docs/architecture.md §5): <c>/api/viewer</c> is the page, <c>/api/viewer/&lt;file&gt;</c>
/// its scripts, styles, vendored MapLibre GL JS and country outlines. One catch-all route, so the
/// Functions host reaches the page and every asset through a single function (static-file
/// middleware would run in neither host's function pipeline). Assets carry a strong
/// ETag (304 on <c>If-None-Match</c>), <c>Cache-Control</c> (the page revalidates every time,
/// vendored files are cached for a day) and are sent gzip-compressed when the client accepts it.
/// </summary>
public static class ViewerApi
{
    public const string ViewerRoute = "viewer/{*path}";

    public static readonly ApiEndpoint[] Endpoints =
    [
        new("GetViewer", ViewerRoute, ApiEndpoint.ReadMethods, c => GetViewer(c, c.RouteValue("path")))
            { Summary = "The map viewer (HTML page at /api/viewer) and its static files.", Described = false },
    ];

    public static async Task GetViewer(HttpContext context, string? path)
    {
        var request = context.Request;
        var response = context.Response;
        bool page = string.IsNullOrEmpty(path);
        if (page)
        {
            // The page's relative links assume /api/viewer; /api/viewer/ would resolve them one level down.
            if (request.Path.Value!.EndsWith('/'))
            {
                response.Redirect(request.PathBase + request.Path.Value.TrimEnd('/') + request.QueryString, permanent: true);
                return;
            }
            path = ViewerAssets.IndexPath;
        }

        // The page is served only at /api/viewer (its relative links would break at /api/viewer/index.html).
        var asset = page || path != ViewerAssets.IndexPath ? ViewerAssets.Find(path!) : null;
        if (asset is null)
            throw ApiException.NotFound($"The viewer has no file '{path}'. The viewer is at /api/viewer.");

        response.Headers.XContentTypeOptions = "nosniff";
        if (page)
            HtmlResults.AddSecurityHeaders(response);
        response.Headers.ETag = asset.ETag;
        response.Headers.CacheControl = asset.CacheControl;
        response.Headers.Vary = HeaderNames.AcceptEncoding;
        if (IsNotModified(request, asset.ETag))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }

        bool gzip = AcceptsGzip(request) && asset.Gzip.Length < asset.Content.Length;
        byte[] body = gzip ? asset.Gzip : asset.Content;
        response.ContentType = asset.ContentType;
        if (gzip)
            response.Headers.ContentEncoding = "gzip";
        response.ContentLength = body.Length;
        if (HttpMethods.IsHead(request.Method))
            return;
        await response.Body.WriteAsync(body, context.RequestAborted);
    }

    private static bool IsNotModified(HttpRequest request, string etag)
    {
        var ifNoneMatch = request.Headers.IfNoneMatch;
        if (ifNoneMatch.Count == 0 || !EntityTagHeaderValue.TryParseList(ifNoneMatch, out var tags))
            return false;
        var current = EntityTagHeaderValue.Parse(etag);
        return tags.Any(t => t.Equals(EntityTagHeaderValue.Any) || t.Compare(current, useStrongComparison: false));
    }

    private static bool AcceptsGzip(HttpRequest request) =>
        request.Headers.AcceptEncoding.Any(v => v is not null && v.Contains("gzip", StringComparison.OrdinalIgnoreCase));
}
