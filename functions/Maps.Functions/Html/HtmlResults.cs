using System.Text;

namespace Maps.Functions.Html;

/// <summary>Writes HTML pages with the security headers every page for people carries.</summary>
public static class HtmlResults
{
    public static IResult Page(string html) => new HtmlResult(html);

    public static Task WriteAsync(HttpContext context, string html) => new HtmlResult(html).ExecuteAsync(context);

    public static void AddSecurityHeaders(HttpResponse response)
    {
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.XFrameOptions = "DENY";
        response.Headers["Referrer-Policy"] = "no-referrer";
        response.Headers.ContentSecurityPolicy =
            "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; script-src 'self'; worker-src 'self' blob:; connect-src 'self'; frame-ancestors 'none'";
    }

    private sealed class HtmlResult(string html) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            AddSecurityHeaders(httpContext.Response);
            httpContext.Response.ContentType = "text/html; charset=utf-8";
            return httpContext.Response.WriteAsync(html, Encoding.UTF8, httpContext.RequestAborted);
        }
    }
}
